package dev.tattler.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tattler.capture.TestBytes.Frame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapReaderTest {
    @TempDir
    Path dir;

    private static final byte[] A = TestBytes.frame(60, 1);
    private static final byte[] B = TestBytes.frame(5, 2);

    @ParameterizedTest(name = "bigEndian={0} nanos={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void readsBothByteOrdersAndPrecisions(boolean bigEndian, boolean nanos) throws IOException {
        TestBytes t = TestBytes.pcapHeader(bigEndian, nanos, 1, 65535)
                .pcapRecord(1_079_455_048L, nanos ? 958_610_123L : 958_610L, A, 60)
                .pcapRecord(1_079_455_049L, 1, B, 1514);
        try (PacketSource s = CaptureFiles.open(TestBytes.write(dir, "a.pcap", t.toBytes()))) {
            assertInstanceOf(PcapReader.class, s);
            assertEquals("pcap (" + (bigEndian ? "big" : "little") + "-endian, "
                    + (nanos ? "nanoseconds" : "microseconds") + ", EN10MB)", s.description());
            List<Frame> frames = TestBytes.readAll(s);
            assertEquals(2, frames.size());
            Frame a = frames.get(0);
            assertEquals(1, a.number);
            assertEquals(1_079_455_048_958_610_000L + (nanos ? 123 : 0), a.ts);
            assertArrayEquals(A, a.data);
            assertEquals(60, a.wire);
            assertEquals(LinkTypes.ETHERNET, a.linkType);
            assertEquals(0, a.interfaceId);
            Frame b = frames.get(1);
            assertEquals(2, b.number);
            assertEquals(1_079_455_049_000_000_000L + (nanos ? 1 : 1000), b.ts);
            assertArrayEquals(B, b.data);
            assertEquals(1514, b.wire);
            assertNull(s.truncation());
        }
    }

    @Test
    void masksFcsBitsOfTheLinkType() throws IOException {
        byte[] file = TestBytes.pcapHeader(false, false, 0x3000_0001L, 38).pcapRecord(1, 0, B, 5).toBytes();
        try (PcapReader s = (PcapReader) CaptureFiles.open(TestBytes.write(dir, "fcs.pcap", file))) {
            assertEquals(LinkTypes.ETHERNET, s.linkType());
            assertEquals(0x3000_0001L, s.linkTypeField());
            assertEquals("pcap (little-endian, microseconds, EN10MB)", s.description());
            assertEquals(LinkTypes.ETHERNET, TestBytes.readAll(s).get(0).linkType);
        }
    }

    @Test
    void ignoresAnUntrustworthySnaplen() throws IOException {
        // A header snaplen of 1 (zeek trunc-hdr.pcap) or 2,098,998 (tcpdump ppp_ip_udp_dns.pcap) says nothing.
        for (long snaplen : new long[] {1, 2_098_998}) {
            byte[] file = TestBytes.pcapHeader(false, false, 1, snaplen).pcapRecord(1, 0, A, 60).toBytes();
            try (PcapReader s = (PcapReader) CaptureFiles.open(TestBytes.write(dir, "s.pcap", file))) {
                assertEquals(snaplen, s.snaplen());
                assertArrayEquals(A, TestBytes.readAll(s).get(0).data);
            }
        }
    }

    @Test
    void headerOnlyIsAnEmptyCapture() throws IOException {
        byte[] file = TestBytes.pcapHeader(false, false, 1, 262144).toBytes();
        try (PacketSource s = CaptureFiles.open(TestBytes.write(dir, "empty.pcap", file))) {
            assertFalse(s.next(new PacketRecord()));
            assertFalse(s.next(new PacketRecord()));
            assertNull(s.truncation());
        }
    }

    @Test
    void cutInsideARecordHeaderKeepsTheRecordsBefore() throws IOException {
        byte[] whole = TestBytes.pcapHeader(false, false, 1, 65535)
                .pcapRecord(1, 0, A, 60).pcapRecord(2, 0, B, 5).toBytes();
        int cut = 24 + 16 + 60 + 10;
        try (PacketSource s = CaptureFiles.open(TestBytes.write(dir, "cut.pcap", java.util.Arrays.copyOf(whole, cut)))) {
            List<Frame> frames = TestBytes.readAll(s);
            assertEquals(1, frames.size());
            assertArrayEquals(A, frames.get(0).data);
            assertEquals("capture file ends inside record 2 at byte offset 100 (record needs 16 bytes, 10 present)",
                    s.truncation());
            assertFalse(s.next(new PacketRecord()));
        }
    }

    @Test
    void cutInsideRecordDataKeepsTheRecordsBefore() throws IOException {
        byte[] whole = TestBytes.pcapHeader(true, true, 1, 65535)
                .pcapRecord(1, 0, B, 5).pcapRecord(2, 0, A, 60).toBytes();
        int cut = 24 + 16 + 5 + 16 + 17;
        try (PacketSource s = CaptureFiles.open(TestBytes.write(dir, "cut.pcap", java.util.Arrays.copyOf(whole, cut)))) {
            List<Frame> frames = TestBytes.readAll(s);
            assertEquals(1, frames.size());
            assertArrayEquals(B, frames.get(0).data);
            assertEquals("capture file ends inside record 2 at byte offset 45 (record needs 76 bytes, 33 present)",
                    s.truncation());
        }
    }

    @Test
    void absurdCaptureLengthStopsWithTheOffset() throws IOException {
        byte[] file = TestBytes.pcapHeader(false, false, 1, 65535)
                .pcapRecord(1, 0, B, 5)
                .u32(2).u32(0).u32(0x7FFF_FFF0L).u32(60).bytes(A).toBytes();
        try (PacketSource s = CaptureFiles.open(TestBytes.write(dir, "absurd.pcap", file))) {
            PacketRecord r = new PacketRecord();
            assertTrue(s.next(r));
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> s.next(r));
            assertEquals(45, e.offset());
            assertEquals("record 2 claims 2147483632 captured bytes, more than the 268435456-byte limit;"
                    + " the file is corrupt (at byte offset 45)", e.getMessage());
        }
    }

    @Test
    void captureLengthAtTheLimitIsOnlyATruncation() throws IOException {
        // A length under the cap is believed; the file simply does not have that many bytes.
        byte[] file = TestBytes.pcapHeader(false, false, 1, 65535)
                .u32(2).u32(0).u32(PcapReader.MAX_CAPTURE_LENGTH).u32(60).bytes(A).toBytes();
        try (PacketSource s = CaptureFiles.open(TestBytes.write(dir, "big.pcap", file))) {
            assertFalse(s.next(new PacketRecord()));
            assertEquals("capture file ends inside record 1 at byte offset 24 (record needs 268435472 bytes,"
                    + " 76 present)", s.truncation());
        }
    }

    @Test
    void fileHeaderCutShort() throws IOException {
        byte[] file = java.util.Arrays.copyOf(TestBytes.pcapHeader(false, false, 1, 65535).toBytes(), 10);
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureFiles.open(TestBytes.write(dir, "h.pcap", file)));
        assertEquals("pcap file header is cut short: 10 of 24 bytes present (at byte offset 0)", e.getMessage());
    }

    @Test
    void unknownVersionIsRejected() throws IOException {
        byte[] file = TestBytes.le().u32(0xA1B2C3D4L).u16(7).u16(1).u32(0).u32(0).u32(65535).u32(1).toBytes();
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureFiles.open(TestBytes.write(dir, "v.pcap", file)));
        assertEquals("unsupported pcap version 7.1 (at byte offset 4)", e.getMessage());
    }

    @Test
    void recordsLargerThanTheBufferAndManySmallOnes() throws IOException {
        // A 16-byte initial buffer makes every record a compaction and several a growth.
        TestBytes t = TestBytes.pcapHeader(false, true, 101, 65535);
        for (int i = 0; i < 200; i++) {
            t.pcapRecord(1000 + i, i, TestBytes.frame((i * 37) % 700, i), 1500);
        }
        Path file = TestBytes.write(dir, "many.pcap", t.toBytes());
        try (PacketSource s = CaptureFiles.open(file, 16)) {
            List<Frame> frames = TestBytes.readAll(s);
            assertEquals(200, frames.size());
            for (int i = 0; i < 200; i++) {
                Frame f = frames.get(i);
                assertEquals(i + 1, f.number);
                assertEquals((1000 + i) * 1_000_000_000L + i, f.ts);
                assertArrayEquals(TestBytes.frame((i * 37) % 700, i), f.data);
                assertEquals(LinkTypes.RAW, f.linkType);
            }
            assertNull(s.truncation());
        }
    }
}
