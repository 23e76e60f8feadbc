package dev.tattler.engine;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketSource;
import dev.tattler.event.EventBus;
import dev.tattler.generate.BenchScenario;
import dev.tattler.generate.LanScenario;
import dev.tattler.log.Reporter;
import dev.tattler.testing.DecodedFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evidence files hold exactly the frames asked for, byte for byte and in capture order, however
 * the requests came (out of order, repeated, shared between files, past the end of the capture).
 */
class EvidenceTest {
    @TempDir
    Path dir;

    @Test
    void eachFileHoldsItsFramesAsTheCaptureHasThem() throws Exception {
        Path capture = dir.resolve("lan.pcap");
        LanScenario.write(capture, 7, LanScenario.Options.defaults());
        List<String> frames = frames(capture);
        int n = frames.size();
        long[] first = {n, 1, 17, 17, n / 2, 2, n + 5};
        long[] second = {n / 2, 3, n - 1};
        Evidence evidence = new Evidence();
        evidence.request("a.pcap", first);
        evidence.request("b.pcap", second);
        evidence.request("a.pcap", new long[] {18});
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        List<Path> written = evidence.writeFrom(capture, out);
        assertEquals(List.of(out.resolve("a.pcap"), out.resolve("b.pcap")), written);
        assertEquals(pick(frames, new TreeSet<>(List.of(1L, 2L, 17L, 18L, (long) n / 2, (long) n))),
                frames(out.resolve("a.pcap")), "a.pcap");
        assertEquals(pick(frames, new TreeSet<>(List.of(3L, (long) n / 2, (long) n - 1))),
                frames(out.resolve("b.pcap")), "b.pcap");
    }

    /**
     * After a run over an uncompressed pcap, the pass seeks to the 1024-frame blocks that hold
     * wanted frames; over the same capture gzip-compressed it reads on. Both write the same.
     */
    @Test
    void afterARunThePassSeeksToTheBlocksWithWantedFrames() throws Exception {
        Path capture = dir.resolve("bench.pcap");
        BenchScenario.write(capture, 20_000, 5);
        Path gzipped = dir.resolve("bench.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            Files.copy(capture, out);
        }
        List<String> frames = frames(capture);
        long[] asked = {frames.size(), 3, 5000, 5001, 1024, 1025, 2049, 12_345};
        List<String> expected = pick(frames, new TreeSet<>(Arrays.stream(asked).boxed().toList()));
        int[] seeks = new int[2];
        for (Path input : List.of(capture, gzipped)) {
            EventEngine engine = new EventEngine(EngineConfig.defaults(dir), new EventBus((e, h, x) -> { }),
                    new Reporter(new PrintStream(new ByteArrayOutputStream())));
            try (PacketSource source = CaptureFiles.open(input)) {
                engine.run(source);
            }
            engine.finish();
            engine.evidence().request("e.pcap", asked);
            Path out = Files.createDirectories(dir.resolve("out-" + input.getFileName()));
            engine.evidence().writeFrom(input, out);
            assertEquals(expected, frames(out.resolve("e.pcap")), input.toString());
            seeks[input == capture ? 0 : 1] = engine.evidence().seeks();
        }
        assertTrue(seeks[0] >= 4, "seeks past the blocks without a wanted frame: " + seeks[0]);
        assertEquals(0, seeks[1], "a compressed capture is read on");
    }

    @Test
    void badRequestsAreRefused() {
        Evidence evidence = new Evidence();
        assertThrows(IllegalArgumentException.class, () -> evidence.request("../x.pcap", new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> evidence.request("x.pcap", new long[] {0}));
    }

    /** Each frame as "timestamp length bytes" text, in file order. */
    private static List<String> frames(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        DecodedFrames.each(file, (r, view) -> out.add(r.timestampNanos + " " + r.wireLength + " "
                + Arrays.toString(Arrays.copyOfRange(r.data, r.offset, r.offset + r.capturedLength))));
        return out;
    }

    private static List<String> pick(List<String> frames, TreeSet<Long> numbers) {
        List<String> out = new ArrayList<>();
        for (long n : numbers) {
            out.add(frames.get((int) n - 1));
        }
        return out;
    }
}
