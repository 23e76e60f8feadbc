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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapNgReaderTest {
    @TempDir
    Path dir;

    private static final byte[] A = TestBytes.frame(60, 1);
    private static final byte[] B = TestBytes.frame(5, 2);
    private static final byte[] C = TestBytes.frame(42, 3);

    private PacketSource open(TestBytes t) throws IOException {
        return CaptureFiles.open(TestBytes.write(dir, "t.pcapng", t.toBytes()));
    }

    @Test
    void interfacesWithTheirOwnLinkTypesAndResolutions() throws IOException {
        TestBytes t = TestBytes.le().shb()
                .idb(LinkTypes.ETHERNET, 0, 6, 0)                     // 0: microseconds
                .block(4, TestBytes.le().u16(0).u16(0).toBytes())        // NRB: skipped
                .idb(LinkTypes.LINUX_SLL, 262144, 9, 0)              // 1: nanoseconds
                .idb(LinkTypes.RAW, 65535, 0x80 | 20, 100)           // 2: 2^-20 s, 100 s offset
                .idb(LinkTypes.NULL, 65535, -1, 0)                   // 3: no option, microseconds
                .epb(0, 1_500_000_000_123_456L, A, 60)
                .epb(1, 1_500_000_001_000_000_007L, B, 5)
                .block(5, TestBytes.le().u32(0).u32(0).u32(0).toBytes())  // ISB: skipped
                .epb(2, (1_500_000_002L << 20) | (1 << 19), C, 42)
                .block(0x40000BADL, TestBytes.frame(7, 9))            // custom block: skipped
                .spb(A, 1514)                                         // no timestamp of its own
                .pb(1, 1_500_000_003_000_000_000L, B, 5)
                .block(10, TestBytes.frame(16, 4))                    // DSB: skipped
                .epb(3, 5, B, 100);
        try (PacketSource s = open(t)) {
            assertInstanceOf(PcapNgReader.class, s);
            List<Frame> f = TestBytes.readAll(s);
            assertNull(s.truncation());
            assertEquals(6, f.size());

            assertEquals(1_500_000_000_123_456_000L, f.get(0).ts);
            assertEquals(LinkTypes.ETHERNET, f.get(0).linkType);
            assertArrayEquals(A, f.get(0).data);
            assertEquals(60, f.get(0).wire);

            assertEquals(1_500_000_001_000_000_007L, f.get(1).ts);
            assertEquals(LinkTypes.LINUX_SLL, f.get(1).linkType);
            assertEquals(1, f.get(1).interfaceId);
            assertArrayEquals(B, f.get(1).data);

            assertEquals(1_500_000_102_500_000_000L, f.get(2).ts);
            assertEquals(LinkTypes.RAW, f.get(2).linkType);
            assertEquals(2, f.get(2).interfaceId);
            assertArrayEquals(C, f.get(2).data);

            // SPB: interface 0, previous packet's time, captured length from the block.
            assertEquals(1_500_000_102_500_000_000L, f.get(3).ts);
            assertEquals(LinkTypes.ETHERNET, f.get(3).linkType);
            assertEquals(0, f.get(3).interfaceId);
            assertArrayEquals(A, f.get(3).data);
            assertEquals(1514, f.get(3).wire);

            assertEquals(1_500_000_003_000_000_000L, f.get(4).ts);
            assertEquals(LinkTypes.LINUX_SLL, f.get(4).linkType);
            assertArrayEquals(B, f.get(4).data);

            assertEquals(5_000L, f.get(5).ts);
            assertEquals(LinkTypes.NULL, f.get(5).linkType);
            assertEquals(100, f.get(5).wire);
            for (int i = 0; i < 6; i++) {
                assertEquals(i + 1, f.get(i).number);
            }
            assertEquals("pcapng (little-endian, EN10MB, LINUX_SLL, RAW, NULL)", s.description());
        }
    }

    /**
     * The evidence pass seeks back to packet blocks it saw on the run: from a fresh reader, every
     * block with a file offset gives the same frames from there on; a Simple Packet Block, and
     * every block after an interface described once packets had started, has none; a compressed
     * file has none and cannot seek.
     */
    @Test
    void packetBlocksReadWithTheLeadingInterfacesCanBeSoughtBackTo() throws IOException {
        TestBytes t = TestBytes.le().shb()
                .idb(LinkTypes.ETHERNET, 0, 6, 0)
                .block(4, TestBytes.le().u16(0).u16(0).toBytes())     // NRB before the first packet
                .idb(LinkTypes.LINUX_SLL, 0, 9, 0);
        for (int i = 0; i < 40; i++) {
            t.epb(i % 2, 1_500_000_000_000_000L + i * 1_000_000L, TestBytes.frame(40 + i, i), 40 + i);
            if (i == 20) {
                t.spb(B, 5).block(5, TestBytes.le().u32(0).u32(0).u32(0).toBytes());
            }
        }
        t.pb(1, 1_600_000_000_000_000_000L, C, 42)
                .idb(LinkTypes.RAW, 0, 9, 0)                         // described after packets
                .epb(2, 1_700_000_000_000_000_000L, A, 60)
                .epb(0, 1_700_000_000_000_000_001L, B, 5);
        Path file = TestBytes.write(dir, "seek.pcapng", t.toBytes());
        List<Frame> all;
        try (PacketSource s = CaptureFiles.open(file)) {
            all = TestBytes.readAll(s);
        }
        assertEquals(44, all.size());
        int sought = 0;
        for (int k = 0; k < all.size(); k++) {
            Frame f = all.get(k);
            boolean spb = k == 21;
            boolean late = k >= 42;
            assertEquals(spb || late, f.fileOffset < 0, "frame " + f.number + " offset " + f.fileOffset);
            if (f.fileOffset < 0) {
                continue;
            }
            try (PacketSource s = CaptureFiles.open(file)) {
                assertTrue(s.seek(f.fileOffset, f.number), "seek to frame " + f.number);
                List<Frame> rest = TestBytes.readAll(s);
                assertEquals(all.size() - k, rest.size());
                for (int j = 0; j < rest.size(); j++) {
                    Frame want = all.get(k + j);
                    Frame got = rest.get(j);
                    assertEquals(want.number, got.number);
                    assertEquals(want.ts, got.ts, "frame " + want.number);
                    assertEquals(want.linkType, got.linkType);
                    assertEquals(want.interfaceId, got.interfaceId);
                    assertArrayEquals(want.data, got.data);
                }
                sought++;
            }
        }
        assertEquals(41, sought); // 44 frames but the SPB and the two after the late interface
        try (PacketSource s = CaptureFiles.open(file)) {
            TestBytes.readAll(s); // past the late interface: this reader's state is not the leading one
            assertFalse(s.seek(all.get(5).fileOffset, 6));
        }
        Path gzipped = dir.resolve("seek.pcapng.gz");
        try (var out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gzipped))) {
            out.write(t.toBytes());
        }
        try (PacketSource s = CaptureFiles.open(gzipped)) {
            assertTrue(TestBytes.readAll(s).stream().allMatch(f -> f.fileOffset < 0));
        }
        try (PacketSource s = CaptureFiles.open(gzipped)) {
            assertFalse(s.seek(all.get(5).fileOffset, 6));
        }
    }

    @Test
    void simplePacketBlockBeforeAnyTimestampAndCutBySnaplen() throws IOException {
        // Before any timestamped packet an SPB gets time 0; a frame shorter than its wire
        // length is cut to the IDB's snaplen (42), so the block's 2 padding bytes are not data.
        TestBytes t = TestBytes.le().shb().idb(LinkTypes.ETHERNET, 42, -1, 0).spb(B, 5).spb(C, 1500);
        try (PacketSource s = open(t)) {
            List<Frame> f = TestBytes.readAll(s);
            assertEquals(2, f.size());
            assertEquals(0, f.get(0).ts);
            assertArrayEquals(B, f.get(0).data);
            assertArrayEquals(C, f.get(1).data);
            assertEquals(1500, f.get(1).wire);
        }
    }

    @Test
    void simplePacketBlockWithoutSnaplenKeepsThePadding() throws IOException {
        // Snaplen 0 (none): the captured length can only come from the block, padding included,
        // which is what Wireshark shows too.
        TestBytes t = TestBytes.le().shb().idb(LinkTypes.ETHERNET, 0, -1, 0).spb(C, 1500);
        try (PacketSource s = open(t)) {
            assertArrayEquals(Arrays.copyOf(C, 44), TestBytes.readAll(s).get(0).data);
        }
    }

    @Test
    void bigEndianFile() throws IOException {
        TestBytes t = TestBytes.be().shb().idb(LinkTypes.ETHERNET, 65535, 9, 0)
                .epb(0, 1_418_145_369_924_505_488L, A, 60).epb(0, 1_418_145_370_052_027_262L, C, 42);
        try (PcapNgReader s = (PcapNgReader) open(t)) {
            List<Frame> f = TestBytes.readAll(s);
            assertEquals(2, f.size());
            assertEquals(1_418_145_369_924_505_488L, f.get(0).ts);
            assertArrayEquals(A, f.get(0).data);
            assertEquals(1_418_145_370_052_027_262L, f.get(1).ts);
            assertArrayEquals(C, f.get(1).data);
            assertTrue(s.bigEndian());
            assertEquals(65535, s.interfaceSnaplen(0));
            assertEquals("pcapng (big-endian, EN10MB)", s.description());
        }
    }

    @Test
    void newSectionResetsInterfacesAndMaySwitchByteOrder() throws IOException {
        TestBytes t = TestBytes.le().shb()
                .idb(LinkTypes.ETHERNET, 0, -1, 0).idb(LinkTypes.LINUX_SLL, 0, -1, 0)
                .epb(1, 7, A, 60)
                .order(true).shb().idb(LinkTypes.RAW, 0, 9, 0)
                .epb(0, 8, B, 5);
        int bad = t.size();
        t.epb(1, 9, C, 42);
        try (PcapNgReader s = (PcapNgReader) open(t)) {
            PacketRecord r = new PacketRecord();
            assertTrue(s.next(r));
            assertEquals(LinkTypes.LINUX_SLL, r.linkType);
            assertEquals(7_000, r.timestampNanos);
            assertTrue(s.next(r));
            assertEquals(LinkTypes.RAW, r.linkType);
            assertEquals(8, r.timestampNanos);
            assertEquals(1, s.interfaceCount());
            assertEquals("pcapng (big-endian, RAW)", s.description());
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> s.next(r));
            assertEquals("pcapng enhanced packet block of record 3 refers to interface 1 but the section"
                    + " describes 1 (at byte offset " + bad + ")", e.getMessage());
            assertEquals(bad, e.offset());
        }
    }

    @Test
    void packetBeforeAnyInterfaceIsCorrupt() throws IOException {
        TestBytes t = TestBytes.le().shb().epb(0, 1, A, 60);
        try (PacketSource s = open(t)) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> s.next(new PacketRecord()));
            assertEquals(28, e.offset());
        }
    }

    @Test
    void cutInsideABlockHeader() throws IOException {
        TestBytes t = TestBytes.le().shb().idb(1, 0, -1, 0).epb(0, 1, A, 60);
        int at = t.size();
        t.raw(6, 0, 0, 0, 0x40);
        try (PacketSource s = open(t)) {
            assertEquals(1, TestBytes.readAll(s).size());
            assertEquals("capture file ends inside a block after record 1 at byte offset " + at
                    + " (block needs 8 bytes, 5 present)", s.truncation());
        }
    }

    @Test
    void cutInsideAPacketBlock() throws IOException {
        TestBytes t = TestBytes.le().shb().idb(1, 0, -1, 0).epb(0, 1, A, 60);
        int at = t.size();
        t.epb(0, 2, C, 42);
        byte[] cut = Arrays.copyOf(t.toBytes(), at + 50);
        try (PacketSource s = CaptureFiles.open(TestBytes.write(dir, "cut.pcapng", cut))) {
            List<Frame> f = TestBytes.readAll(s);
            assertEquals(1, f.size());
            assertArrayEquals(A, f.get(0).data);
            assertEquals("capture file ends inside record 2 at byte offset " + at
                    + " (block needs 76 bytes, 50 present)", s.truncation());
        }
    }

    @Test
    void cutInsideAStatisticsBlock() throws IOException {
        TestBytes t = TestBytes.le().shb().idb(1, 0, -1, 0).epb(0, 1, A, 60);
        int at = t.size();
        t.block(5, TestBytes.le().u32(0).u32(0).u32(0).toBytes());
        byte[] cut = Arrays.copyOf(t.toBytes(), at + 20);
        try (PacketSource s = CaptureFiles.open(TestBytes.write(dir, "cut.pcapng", cut))) {
            assertEquals(1, TestBytes.readAll(s).size());
            assertEquals("capture file ends inside the interface statistics block after record 1 at byte offset "
                    + at + " (block needs 24 bytes, 20 present)", s.truncation());
        }
    }

    @Test
    void blockLengthNotAMultipleOfFour() throws IOException {
        TestBytes t = TestBytes.le().shb().idb(1, 0, -1, 0);
        int at = t.size();
        t.u32(6).u32(34).bytes(new byte[26]);
        try (PacketSource s = open(t)) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> s.next(new PacketRecord()));
            assertEquals("pcapng enhanced packet block has an invalid total length of 34 bytes (at byte offset "
                    + at + ")", e.getMessage());
        }
    }

    @Test
    void blockLengthBelowTheMinimum() throws IOException {
        TestBytes t = TestBytes.le().shb().idb(1, 0, -1, 0);
        int at = t.size();
        t.u32(4).u32(8).u32(0).u32(8);
        try (PacketSource s = open(t)) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> s.next(new PacketRecord()));
            assertEquals(at, e.offset());
        }
    }

    @Test
    void trailingLengthDiffersFromLeadingLength() throws IOException {
        TestBytes t = TestBytes.le().shb().idb(1, 0, -1, 0);
        int at = t.size();
        t.epb(0, 1, A, 60);
        byte[] b = t.toBytes();
        b[b.length - 4] = 0x40;  // trailing length: 92 -> 64
        try (PacketSource s = CaptureFiles.open(TestBytes.write(dir, "bad.pcapng", b))) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> s.next(new PacketRecord()));
            assertEquals("pcapng enhanced packet block has a total length of 92 at its start but 64 at its end"
                    + " (at byte offset " + at + ")", e.getMessage());
        }
    }

    @Test
    void captureLengthLargerThanItsBlock() throws IOException {
        TestBytes t = TestBytes.le().shb().idb(1, 0, -1, 0);
        int at = t.size();
        t.block(6, TestBytes.le().u32(0).u32(0).u32(1).u32(1000).u32(1000).bytes(B).toBytes());
        try (PacketSource s = open(t)) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> s.next(new PacketRecord()));
            assertEquals("pcapng enhanced packet block of record 1 claims 1000 captured bytes but the block holds"
                    + " at most 8 (at byte offset " + at + ")", e.getMessage());
        }
    }

    @Test
    void unusableTimestampResolution() throws IOException {
        TestBytes t = TestBytes.le().shb().idb(1, 0, 0x80 | 64, 0);
        try (PacketSource s = open(t)) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> s.next(new PacketRecord()));
            assertEquals(28, e.offset());
        }
    }

    @Test
    void finerThanNanosecondResolutionIsDivided() throws IOException {
        // if_tsresol 12: picoseconds.
        TestBytes t = TestBytes.le().shb().idb(1, 0, 12, 0).epb(0, 1_000_000_000_123_999L, B, 5);
        try (PacketSource s = open(t)) {
            assertEquals(1_000_000_000_123L, TestBytes.readAll(s).get(0).ts);
        }
    }

    @Test
    void sectionHeaderOnlyAndInterfaceOnlyAreEmpty() throws IOException {
        try (PacketSource s = open(TestBytes.le().shb())) {
            assertFalse(s.next(new PacketRecord()));
            assertNull(s.truncation());
        }
        try (PacketSource s = open(TestBytes.be().shb().idb(1, 0, -1, 0))) {
            assertFalse(s.next(new PacketRecord()));
            assertNull(s.truncation());
        }
    }

    @Test
    void sectionHeaderCutShort() throws IOException {
        byte[] shb = Arrays.copyOf(TestBytes.le().shb().toBytes(), 20);
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureFiles.open(TestBytes.write(dir, "shb.pcapng", shb)));
        assertEquals("pcapng section header block is cut short: 20 bytes present (at byte offset 0)", e.getMessage());
    }

    @Test
    void badByteOrderMagic() throws IOException {
        byte[] shb = TestBytes.le().shb().toBytes();
        shb[8] = 0x11;
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureFiles.open(TestBytes.write(dir, "bom.pcapng", shb)));
        assertEquals("pcapng section header block has a bad byte-order magic 11 3c 2b 1a (at byte offset 8)",
                e.getMessage());
    }
}
