package dev.tattler.bench;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The pcap reader: <b>ns per packet</b> for {@code PacketSource.next} over the benchmark
 * capture ({@link BenchCapture#PASS} frames, ~680 bytes each on average), opened with
 * {@link CaptureFiles#open} exactly as {@code tattler run -r} does. The file is read again and
 * again; after the first pass it is in the page cache, so this is the reader's parsing and
 * buffer refills (read system calls into its reused buffer), not the disk. Reopening the file
 * at its end is inside the measurement, once every 250,000 packets.
 */
@State(Scope.Thread)
public class ReaderBenchmark extends Defaults {
    private final PacketRecord record = new PacketRecord();
    private Path file;
    private PacketSource source;

    @Setup(Level.Trial)
    public void open() throws IOException {
        file = BenchCapture.file(BenchCapture.PASS);
        source = CaptureFiles.open(file);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        source.close();
    }

    /** One packet; returns its captured length so that the read cannot be optimised away. */
    @Benchmark
    public int next() throws IOException {
        if (!source.next(record)) {
            source.close();
            source = CaptureFiles.open(file);
            source.next(record);
        }
        return record.capturedLength;
    }
}
