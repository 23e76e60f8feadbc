package dev.tattler.bench;

import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.ReadAheadSource;
import dev.tattler.conn.HostTracking;
import dev.tattler.conn.ReaderPass;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The reading thread's work on each frame ({@link ReaderPass}): <b>ns per packet</b> to decode
 * it and verify its checksums, and with {@code tracking} also to record it in the host tables
 * behind {@code tattler.lastSeen} and {@code tattler.lastPacket} — what a script adds to the
 * reading thread since the seventh round (before, to the engine thread). The benchmark
 * capture's first {@link BenchCapture#PASS} frames, read into memory beforehand, in capture
 * order, round and round.
 */
@State(Scope.Thread)
public class ReaderPassBenchmark extends Defaults {
    @Param({"false", "true"})
    public boolean tracking;

    private PacketRecord[] records;
    private ReaderPass pass;
    private int next;

    @Setup(Level.Trial)
    public void read() {
        records = BenchCapture.frames(BenchCapture.PASS);
        pass = new ReaderPass(false, tracking ? HostTracking.ahead(ReadAheadSource.MAX_AHEAD) : null);
    }

    /** One frame; returns its checksum verdict so that the work cannot be optimised away. */
    @Benchmark
    public int pass() {
        int verdict = pass.verdict(records[next]);
        if (++next == records.length) {
            next = 0;
        }
        return verdict;
    }
}
