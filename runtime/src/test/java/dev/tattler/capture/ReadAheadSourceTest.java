package dev.tattler.capture;

import dev.tattler.generate.BenchScenario;
import dev.tattler.testing.SharedCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading on a second thread changes nothing the engine can see: the same frames, numbers,
 * times, interfaces, and the same ending (clean, cut, corrupt) as reading the file directly.
 */
@Timeout(120) // a reader waiting for an arena its own batch holds would wait for ever
class ReadAheadSourceTest {
    @TempDir
    Path dir;

    @Test
    void everyCorpusCaptureGivesTheSameFrames() throws IOException {
        List<Path> captures;
        try (Stream<Path> files = Files.walk(SharedCorpus.root())) {
            captures = files.filter(f -> f.toString().matches(".*\\.(pcap|pcapng|cap|gz)$")).sorted().toList();
        }
        assertTrue(captures.size() > 40, "corpus captures: " + captures.size());
        for (Path capture : captures) {
            assertSame(capture);
        }
    }

    @Test
    void manyBatchesOfLargeAndSmallFrames() throws IOException {
        Path bench = dir.resolve("bench.pcap");
        BenchScenario.write(bench, 30_000, 3); // ~20 MB: many arenas, batches cut by size and count
        assertSame(bench);
        byte[] jumbo = TestBytes.frame(3 << 20, 9); // bigger than a batch's arena
        byte[] small = TestBytes.frame(60, 1);
        TestBytes file = TestBytes.pcapHeader(false, false, 1, 4 << 20);
        for (int i = 0; i < 5000; i++) {
            file.pcapRecord(i, 0, small, 60);
        }
        file.pcapRecord(6000, 0, jumbo, jumbo.length).pcapRecord(6001, 0, small, 60);
        assertSame(TestBytes.write(dir, "jumbo.pcap", file.toBytes()));
    }

    @Test
    void batchesOfJumboFramesSpanArenas() throws IOException {
        // 9,000-byte frames: 512 of them would lie across more arenas than the ring has, so the
        // reader must hand a batch over before it reads into an arena the batch still holds.
        byte[] jumbo = TestBytes.frame(9000, 4);
        TestBytes file = TestBytes.pcapHeader(false, false, 1, 9000);
        for (int i = 0; i < 1500; i++) {
            file.pcapRecord(i, 0, jumbo, jumbo.length);
        }
        Path jumbos = TestBytes.write(dir, "jumbos.pcap", file.toBytes());
        assertSame(jumbos);
        assertFramesStayWhileTheReaderRunsAhead(jumbos);
    }

    @Test
    void framesLargerThanAnArenaAmongSmallOnes() throws IOException {
        // A frame larger than an arena gets an arena of its own, grown to fit, and may move the
        // reading on by two arenas at once.
        byte[] huge = TestBytes.frame(ReadAheadSource.ARENA + 40_000, 6);
        byte[] small = TestBytes.frame(120, 2);
        TestBytes file = TestBytes.pcapHeader(false, false, 1, huge.length);
        for (int i = 0; i < 30; i++) {
            file.pcapRecord(2 * i, 0, huge, huge.length);
            for (int k = 0; k < 2500; k++) {
                file.pcapRecord(2 * i + 1, k, small, small.length);
            }
        }
        Path mixed = TestBytes.write(dir, "huge-and-small.pcap", file.toBytes());
        assertSame(mixed);
        assertFramesStayWhileTheReaderRunsAhead(mixed);
    }

    @Test
    void aFrameStaysWholeUntilTheNextCallWhileTheReaderRunsAhead() throws IOException {
        Path bench = dir.resolve("bench.pcap");
        BenchScenario.write(bench, 20_000, 5);
        assertFramesStayWhileTheReaderRunsAhead(bench);
        assertFramesStayWhileTheReaderRunsAhead(
                SharedCorpus.root().resolve("zeek-conn/scripts.base.protocols.irc.basic/irc-dcc-send.pcapng"));
    }

    /**
     * The frames are read in place, into arenas the reader fills again once the engine is done
     * with them: each frame must still hold its bytes when the engine asks for the next one,
     * even after pauses that let the reader run as far ahead as the ring allows.
     */
    private static void assertFramesStayWhileTheReaderRunsAhead(Path capture) throws IOException {
        List<TestBytes.Frame> direct;
        try (PacketSource s = CaptureFiles.open(capture)) {
            direct = TestBytes.readAll(s);
        }
        try (PacketSource s = ReadAheadSource.start(CaptureFiles.open(capture))) {
            PacketRecord r = new PacketRecord();
            int i = 0;
            while (s.next(r)) {
                if (i % 97 == 0) {
                    pause(); // the reader fills every batch and arena it may
                }
                byte[] expected = direct.get(i).data;
                assertTrue(Arrays.equals(expected, 0, expected.length, r.data, r.offset, r.offset + r.capturedLength),
                        capture + " frame " + (i + 1) + " changed before the next call");
                i++;
            }
            assertEquals(direct.size(), i);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void onlyCaptureFilesAreReadAhead() {
        PacketSource other = new PacketSource() {
            @Override
            public boolean next(PacketRecord into) {
                return false;
            }

            @Override
            public String description() {
                return "a test source";
            }

            @Override
            public void close() {
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReadAheadSource.start(other));
        assertEquals("not a capture file reader: a test source", e.getMessage());
    }

    @Test
    void aCutFileEndsAtTheSameFrameWithTheSameTruncation() throws IOException {
        byte[] a = TestBytes.frame(60, 1);
        TestBytes file = TestBytes.pcapHeader(false, false, 1, 65535);
        for (int i = 0; i < 3000; i++) {
            file.pcapRecord(i, 0, a, 60);
        }
        byte[] whole = file.toBytes();
        Path cut = TestBytes.write(dir, "cut.pcap", Arrays.copyOf(whole, whole.length - 30));
        assertSame(cut);
        try (PacketSource s = ReadAheadSource.start(CaptureFiles.open(cut))) {
            assertEquals(2999, TestBytes.readAll(s).size());
            assertTrue(s.truncation().startsWith("capture file ends inside record 3000"), s.truncation());
        }
    }

    @Test
    void aCorruptRecordIsThrownAfterTheFramesBeforeIt() throws IOException {
        byte[] a = TestBytes.frame(60, 1);
        TestBytes file = TestBytes.pcapHeader(false, false, 1, 65535);
        for (int i = 0; i < 2500; i++) {
            file.pcapRecord(i, 0, a, 60);
        }
        file.u32(2).u32(0).u32(0x7FFF_FFF0L).u32(60).bytes(a);
        Path corrupt = TestBytes.write(dir, "corrupt.pcap", file.toBytes());
        try (PacketSource s = ReadAheadSource.start(CaptureFiles.open(corrupt))) {
            PacketRecord r = new PacketRecord();
            long[] frames = {0};
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> {
                while (s.next(r)) {
                    frames[0]++;
                }
            });
            assertEquals(2500, frames[0], "every frame before the corrupt record");
            assertTrue(e.getMessage().contains("record 2501 claims 2147483632 captured bytes"), e.getMessage());
        }
    }

    @Test
    void closingBeforeTheEndStopsTheReader() throws IOException {
        Path bench = dir.resolve("bench.pcap");
        BenchScenario.write(bench, 50_000, 4);
        ReadAheadSource s = ReadAheadSource.start(CaptureFiles.open(bench));
        PacketRecord r = new PacketRecord();
        for (int i = 0; i < 10; i++) {
            assertTrue(s.next(r));
        }
        s.close(); // the reader is waiting for the engine to drain a full ring: it must not hang
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("tattler-reader") && t.isAlive()), "reader thread left running");
    }

    private static void assertSame(Path capture) throws IOException {
        List<TestBytes.Frame> direct = new ArrayList<>();
        String directEnd = ending(capture, false, direct);
        List<TestBytes.Frame> ahead = new ArrayList<>();
        String aheadEnd = ending(capture, true, ahead);
        assertEquals(directEnd, aheadEnd, capture.toString());
        assertEquals(direct.size(), ahead.size(), capture.toString());
        for (int i = 0; i < direct.size(); i++) {
            TestBytes.Frame d = direct.get(i);
            TestBytes.Frame a = ahead.get(i);
            String where = capture + " frame " + (i + 1);
            assertEquals(d.number, a.number, where);
            assertEquals(d.ts, a.ts, where);
            assertEquals(d.wire, a.wire, where);
            assertEquals(d.linkType, a.linkType, where);
            assertEquals(d.interfaceId, a.interfaceId, where);
            assertEquals(d.fileOffset, a.fileOffset, where);
            assertArrayEquals(d.data, a.data, where);
        }
    }

    /** Reads every frame into {@code frames}; returns how the reading ended. */
    private static String ending(Path capture, boolean readAhead, List<TestBytes.Frame> frames) throws IOException {
        PacketSource source;
        try {
            source = CaptureFiles.open(capture);
        } catch (CaptureFormatException e) {
            return "unreadable: " + e.getMessage();
        }
        try (PacketSource s = readAhead ? ReadAheadSource.start(source) : source) {
            PacketRecord r = new PacketRecord();
            try {
                while (s.next(r)) {
                    frames.add(new TestBytes.Frame(r));
                }
            } catch (CaptureFormatException e) {
                return "corrupt: " + e.getMessage();
            }
            return "end: " + s.truncation();
        }
    }
}
