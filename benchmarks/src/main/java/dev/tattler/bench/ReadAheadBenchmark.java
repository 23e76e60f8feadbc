package dev.tattler.bench;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.ReadAheadSource;
import dev.tattler.conn.ReaderPass;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;

/**
 * Reading on a thread of its own ({@link ReadAheadSource}), as {@code tattler run -r} does with
 * a script or a file over 2 GB: <b>ns per packet</b> handed to the engine's side. The benchmark
 * thread takes each frame and reads its EtherType, as the decoder's first read would, from the
 * other core's cache; the reading thread reads the file, frames it and, with
 * {@code pass=checksums}, decodes each frame and verifies its checksums ({@link ReaderPass}, a
 * run without -C). Either way the reading thread is the slower side, so the score is its rate:
 * what the engine could take at most. The {@link BenchCapture#PASS}-frame benchmark capture,
 * from the page cache, reopened (and a new reading thread started) at its end.
 */
@State(Scope.Thread)
public class ReadAheadBenchmark extends Defaults {
    @Param({"none", "checksums"})
    public String pass;

    private final PacketRecord record = new PacketRecord();
    private ReadAheadSource source;

    @Setup(Level.Trial)
    public void open() throws IOException {
        source = start();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        source.close();
    }

    private ReadAheadSource start() throws IOException {
        var file = CaptureFiles.open(BenchCapture.file(BenchCapture.PASS));
        return "checksums".equals(pass) ? ReadAheadSource.start(file, new ReaderPass(false, null))
                : ReadAheadSource.start(file);
    }

    /** One packet; returns its EtherType's high byte plus its verdict, so that nothing is optimised away. */
    @Benchmark
    public int next() throws IOException {
        if (!source.next(record)) {
            source.close();
            source = start();
            source.next(record);
        }
        return record.data[record.offset + 12] + record.verdict;
    }
}
