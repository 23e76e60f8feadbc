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
     * After a run over an uncompressed pcap or pcapng, the pass seeks to the 1024-frame blocks
     * that hold wanted frames; over the pcap gzip-compressed it reads on. All write the same.
     */
    @Test
    void afterARunThePassSeeksToTheBlocksWithWantedFrames() throws Exception {
        Path capture = dir.resolve("bench.pcap");
        BenchScenario.write(capture, 20_000, 5);
        Path gzipped = dir.resolve("bench.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            Files.copy(capture, out);
        }
        Path pcapng = dir.resolve("bench.pcapng");
        toPcapng(capture, pcapng);
        List<String> frames = frames(capture);
        assertEquals(frames, frames(pcapng), "the pcapng copy holds the same frames");
        long[] asked = {frames.size(), 3, 5000, 5001, 1024, 1025, 2049, 12_345};
        List<String> expected = pick(frames, new TreeSet<>(Arrays.stream(asked).boxed().toList()));
        List<Path> inputs = List.of(capture, pcapng, gzipped);
        int[] seeks = new int[inputs.size()];
        for (Path input : inputs) {
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
            seeks[inputs.indexOf(input)] = engine.evidence().seeks();
        }
        assertTrue(seeks[0] >= 4, "seeks past the blocks without a wanted frame: " + seeks[0]);
        assertEquals(seeks[0], seeks[1], "pcapng seeks as pcap does");
        assertEquals(0, seeks[2], "a compressed capture is read on");
    }

    /** The same frames as a pcapng file: a section header, one Ethernet interface (ns), EPBs. */
    private static void toPcapng(Path pcap, Path pcapng) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 << 20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try (PacketSource source = CaptureFiles.open(pcap);
             OutputStream out = Files.newOutputStream(pcapng)) {
            b.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
                    .putLong(-1).putInt(28);
            b.putInt(1).putInt(32).putShort((short) 1).putShort((short) 0).putInt(0)
                    .putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]) // if_tsresol: ns
                    .putInt(0).putInt(32);
            dev.tattler.capture.PacketRecord r = new dev.tattler.capture.PacketRecord();
            while (source.next(r)) {
                int padded = r.capturedLength + 3 & ~3;
                int length = 32 + padded;
                if (b.remaining() < length) {
                    out.write(b.array(), 0, b.position());
                    b.clear();
                }
                b.putInt(6).putInt(length).putInt(0).putInt((int) (r.timestampNanos >>> 32))
                        .putInt((int) r.timestampNanos).putInt(r.capturedLength).putInt(r.wireLength)
                        .put(r.data, r.offset, r.capturedLength).put(new byte[padded - r.capturedLength])
                        .putInt(length);
            }
            out.write(b.array(), 0, b.position());
        }
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
