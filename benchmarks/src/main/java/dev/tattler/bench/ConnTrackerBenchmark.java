package dev.tattler.bench;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.conn.ConnConfig;
import dev.tattler.conn.ConnTracker;
import dev.tattler.conn.Connection;
import dev.tattler.decode.PacketView;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;

/**
 * Connection tracking alone: <b>ns per packet</b> for {@link ConnTracker#advance} (timeouts)
 * plus {@link ConnTracker#packet} on frames decoded beforehand, with a listener that only
 * counts, so no event objects and no conn.log. One operation is one pass over
 * {@link BenchCapture#PASS} packets from an empty table, ending with {@link ConnTracker#flush}
 * so that each of the ~10,000 connections (about 25 packets each) is created, updated and removed inside the
 * measurement; the score is divided per packet. Building the empty tracker is outside it.
 *
 * <p>A pass lasts ~25 s of network time, less than the UDP inactivity timeout, so the table grows
 * to the whole pass's connections and almost all of them (98%) leave it at the flush; a 20 M-packet run keeps more
 * connections (up to the 200,000 cap) and times them out along the way. The per-pass setup is
 * left out of {@link CpuTimeProfiler}'s figure as it is out of JMH's.
 *
 * <p>{@code cap} is the connection cap: the default, which this pass never reaches, and 1,000,
 * which it passes at once, so that from then on every new connection evicts the least
 * recently active one (a flood, or a scan, against a full table).
 */
@State(Scope.Thread)
public class ConnTrackerBenchmark extends Defaults {
    private PacketView[] views;
    private ConnTracker tracker;
    private final CountingListener listener = new CountingListener();
    @Param({"200000", "1000"})
    public int cap;

    @Setup(Level.Trial)
    public void decode() {
        views = BenchCapture.decoded(BenchCapture.frames(BenchCapture.PASS));
    }

    @Setup(Level.Invocation)
    public void emptyTable() {
        long cpu = CpuTimeProfiler.threadCpuNanos();
        tracker = new ConnTracker(ConnConfig.defaults().withMaxConnections(cap), LocalAddresses.of(List.of()), BenchCapture.SEED, listener);
        CpuTimeProfiler.exclude(cpu);
    }

    /** One pass; returns the listener's count so that nothing is optimised away. */
    @Benchmark
    @OperationsPerInvocation(BenchCapture.PASS)
    public long pass() {
        ConnTracker t = tracker;
        for (PacketView v : views) {
            t.advance(v.timestampNanos());
            t.packet(v);
        }
        t.flush();
        return listener.calls;
    }

    /** Connections left in the table (0 after a pass: flush removes them all); for the smoke test. */
    int trackedAfterPass() {
        return tracker.size();
    }

    /** Counts what the engine would turn into events and conn.log rows. */
    static final class CountingListener implements ConnTracker.Listener {
        long calls;

        @Override
        public void newConnection(Connection c) {
            calls++;
        }

        @Override
        public void established(Connection c) {
            calls++;
        }

        @Override
        public void attempt(Connection c) {
            calls++;
        }

        @Override
        public void removed(Connection c) {
            calls++;
        }

        @Override
        public void udp(Connection c, boolean fromOrig, PacketView v) {
            calls++;
        }

        @Override
        public void icmp(Connection c, boolean fromOrig, PacketView v) {
            calls++;
        }

        @Override
        public void weird(String name, String addl, Connection c, PacketView v, String src, String dst) {
            calls++;
        }
    }
}
