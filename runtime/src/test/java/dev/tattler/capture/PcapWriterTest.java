package dev.tattler.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tattler.capture.TestBytes.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesALittleEndianNanosecondHeader() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, LinkTypes.LINUX_SLL, 65535)) {
            w.write(1_418_145_369_924_505_488L, new byte[] {1, 2, 3}, 0, 3, 3);
        }
        byte[] expected = TestBytes.le().raw(0x4D, 0x3C, 0xB2, 0xA1).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(113)
                .u32(1_418_145_369L).u32(924_505_488L).u32(3).u32(3).raw(1, 2, 3).toBytes();
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void microsecondWriterTruncatesTheFraction() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, LinkTypes.ETHERNET, 65535, false)) {
            w.write(1_418_145_369_924_505_488L, new byte[] {9}, 0, 1, 60);
        }
        byte[] b = out.toByteArray();
        assertArrayEquals(new byte[] {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1}, Arrays.copyOf(b, 4));
        Path file = TestBytes.write(dir, "u.pcap", b);
        try (PacketSource s = CaptureFiles.open(file)) {
            Frame f = TestBytes.readAll(s).get(0);
            assertEquals(1_418_145_369_924_505_000L, f.ts);
            assertEquals(60, f.wire);
        }
    }

    @Test
    void roundTripThroughTheReaderIncludingLargeFramesAndSnaplen() throws IOException {
        Path file = dir.resolve("r.pcap");
        int[] lengths = {0, 1, 60, 1514, 70_000, 200_000, 9000};
        try (PcapWriter w = PcapWriter.create(file, LinkTypes.RAW, 100_000)) {
            for (int i = 0; i < lengths.length; i++) {
                byte[] frame = TestBytes.frame(lengths[i] + 10, i);
                w.write(i * 1_000_000_001L, frame, 10, lengths[i], lengths[i]);
            }
            assertEquals(lengths.length, w.count());
        }
        try (PcapReader s = (PcapReader) CaptureFiles.open(file)) {
            assertEquals(100_000, s.snaplen());
            assertEquals(LinkTypes.RAW, s.linkType());
            List<Frame> f = TestBytes.readAll(s);
            assertEquals(lengths.length, f.size());
            for (int i = 0; i < lengths.length; i++) {
                byte[] frame = TestBytes.frame(lengths[i] + 10, i);
                int kept = Math.min(lengths[i], 100_000);  // cut to the snaplen
                assertArrayEquals(Arrays.copyOfRange(frame, 10, 10 + kept), f.get(i).data, "frame " + i);
                assertEquals(lengths[i], f.get(i).wire);
                assertEquals(i * 1_000_000_001L, f.get(i).ts);
            }
        }
    }

    @Test
    void copiesRecordsFromASource() throws IOException {
        Path in = dir.resolve("in.pcap");
        try (PcapWriter w = PcapWriter.create(in, LinkTypes.ETHERNET, 65535)) {
            for (int i = 0; i < 3; i++) {
                w.write(1_000_000_000L * i + 7, TestBytes.frame(64, i), 0, 64, 64 + i);
            }
        }
        Path out = dir.resolve("out.pcap");
        try (PacketSource s = CaptureFiles.open(in); PcapWriter w = PcapWriter.create(out, LinkTypes.ETHERNET, 65535)) {
            PacketRecord r = new PacketRecord();
            while (s.next(r)) {
                w.write(r);
            }
        }
        assertArrayEquals(Files.readAllBytes(in), Files.readAllBytes(out));
    }

    @Test
    void rejectsTimestampsOutsideThePcapRange() throws IOException {
        try (PcapWriter w = new PcapWriter(new ByteArrayOutputStream(), 1, 65535)) {
            assertThrows(IllegalArgumentException.class, () -> w.write(-1, new byte[1], 0, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> w.write(0x1_0000_0000L * 1_000_000_000L, new byte[1], 0, 1, 1));
        }
    }
}
