package dev.tattler.bench;

import dev.tattler.capture.PacketRecord;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.decode.WeirdSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The decoders: <b>ns per packet</b> for {@link PacketDecoder#decode} of one frame into the one
 * reused {@link PacketView}, as {@code EventEngine.process} does (link layer with VLAN tags,
 * ARP, IPv4, UDP and TCP headers). The frames are the benchmark capture's first
 * {@code frames}, read into memory beforehand and decoded in capture order, round and round:
 * {@code 2048} (~390 KB, in the core's L2 cache, as a frame the reader has just copied into its
 * buffer is) or {@code 250000} (~48 MB, more than the caches hold: every frame comes from
 * memory).
 */
@State(Scope.Thread)
public class DecodeBenchmark extends Defaults {
    private final PacketDecoder decoder = new PacketDecoder(WeirdSink.IGNORE);
    private final PacketView view = new PacketView();
    @Param({"2048", "250000"})
    public int frames;

    private PacketRecord[] records;
    private int next;

    @Setup(Level.Trial)
    public void read() {
        records = BenchCapture.frames(frames);
    }

    /** One frame; returns the layers found so that the decoding cannot be optimised away. */
    @Benchmark
    public int decode() {
        decoder.decode(records[next], view);
        if (++next == records.length) {
            next = 0;
        }
        return view.layers();
    }
}
