package dev.tattler.bench;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.decode.WeirdSink;
import dev.tattler.generate.BenchScenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * The benchmarks' workload: the deterministic benchmark capture ({@link BenchScenario}, the
 * same traffic mix as bench/run-benchmarks.sh) written once per size to a cache folder, and
 * its frames read into memory as independent records for the benchmarks that must not measure
 * the reader.
 *
 * <p>The cache folder is {@code tattler.bench.dir} (default {@code java.io.tmpdir/tattler-jmh}),
 * shared by JMH's forks so that each fork does not regenerate the file.
 */
public final class BenchCapture {
    /**
     * Packets per pass of the stateful benchmarks (connection tracking, the engine): each pass
     * starts from an empty connection table and ends with every connection removed, so the
     * per-packet figure includes each connection's whole life. 250,000 packets are about 25 s of
     * the scenario's network time and open about 10,000 connections.
     */
    public static final int PASS = 250_000;
    /** The generator's seed, as bench/run-benchmarks.sh uses (--seed 1). */
    public static final long SEED = 1;

    private BenchCapture() {
    }

    /** The benchmark capture of {@code packets} frames, generated on first use. */
    public static synchronized Path file(int packets) {
        Path dir = Path.of(System.getProperty("tattler.bench.dir",
                Path.of(System.getProperty("java.io.tmpdir"), "tattler-jmh").toString()));
        Path file = dir.resolve("bench-" + packets + "-seed" + SEED + ".pcap");
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, "bench-", ".partial");
            BenchScenario.write(partial, packets, SEED);
            // Atomic: a concurrent fork sees either no file or the whole one.
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark capture in " + dir, e);
        }
    }

    /**
     * The first {@code count} frames (at most {@link #PASS}) of the {@link #PASS}-frame benchmark
     * capture, each record owning a copy of its bytes (a source's record is only valid until its
     * next read).
     */
    public static PacketRecord[] frames(int count) {
        if (count > PASS) {
            throw new IllegalArgumentException("the benchmark capture has " + PASS + " frames, not " + count);
        }
        PacketRecord[] out = new PacketRecord[count];
        try (PacketSource source = CaptureFiles.open(file(PASS))) {
            PacketRecord r = new PacketRecord();
            int n = 0;
            while (n < count && source.next(r)) {
                PacketRecord copy = new PacketRecord();
                copy.set(Arrays.copyOfRange(r.data, r.offset, r.offset + r.capturedLength), 0, r.capturedLength,
                        r.wireLength, r.timestampNanos, r.linkType, r.interfaceId);
                copy.number = r.number;
                out[n++] = copy;
            }
            if (n != count) {
                throw new IllegalStateException("the benchmark capture ended after " + n + " frames");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * A new empty folder for files a benchmark writes (logs): in /dev/shm when it is there, so
     * that disk writeback does not add its noise, else in java.io.tmpdir.
     */
    public static Path scratchDirectory(String prefix) throws IOException {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, prefix)
                : Files.createTempDirectory(prefix);
    }

    /** Deletes {@code dir} and the files in it (no subfolders). */
    public static void deleteDirectory(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    /** {@code frames} decoded once, each into its own view (ignoring weirds). */
    public static PacketView[] decoded(PacketRecord[] frames) {
        PacketDecoder decoder = new PacketDecoder(WeirdSink.IGNORE);
        PacketView[] views = new PacketView[frames.length];
        for (int i = 0; i < frames.length; i++) {
            views[i] = new PacketView();
            decoder.decode(frames[i], views[i]);
        }
        return views;
    }
}
