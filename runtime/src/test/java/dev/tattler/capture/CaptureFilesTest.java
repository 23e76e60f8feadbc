package dev.tattler.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tattler.capture.TestBytes.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFilesTest {
    @TempDir
    Path dir;

    @Test
    void notACapture() throws IOException {
        Path file = TestBytes.write(dir, "notes.txt", "hello world\n".getBytes(StandardCharsets.US_ASCII));
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(file));
        assertEquals("not a pcap or pcapng capture: starts with 68 65 6c 6c (at byte offset 0)", e.getMessage());
    }

    @Test
    void tooShortToBeACapture() throws IOException {
        Path file = TestBytes.write(dir, "two", new byte[] {(byte) 0xD4, (byte) 0xC3});
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(file));
        assertEquals("not a pcap or pcapng capture: starts with d4 c3 (at byte offset 0)", e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        Path file = TestBytes.write(dir, "empty.pcap", new byte[0]);
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(file));
        assertEquals("the file is empty, not a pcap or pcapng capture (at byte offset 0)", e.getMessage());
    }

    @Test
    void missingFile() {
        assertThrows(NoSuchFileException.class, () -> CaptureFiles.open(dir.resolve("absent.pcap")));
    }

    @Test
    void gzipPcapRoundTrip() throws IOException {
        Path file = dir.resolve("w.pcap.gz");
        try (PcapWriter w = new PcapWriter(new GZIPOutputStream(Files.newOutputStream(file)), LinkTypes.ETHERNET,
                PcapWriter.DEFAULT_SNAPLEN)) {
            for (int i = 0; i < 5000; i++) {
                w.write(1_700_000_000_000_000_000L + i * 1_000_003L, TestBytes.frame(i % 1500, i), 0, i % 1500, 1500);
            }
        }
        try (PacketSource s = CaptureFiles.open(file, 4096)) {
            assertEquals("pcap (little-endian, nanoseconds, EN10MB, gzip)", s.description());
            List<Frame> f = TestBytes.readAll(s);
            assertEquals(5000, f.size());
            for (int i = 0; i < 5000; i++) {
                assertEquals(1_700_000_000_000_000_000L + i * 1_000_003L, f.get(i).ts);
                assertArrayEquals(TestBytes.frame(i % 1500, i), f.get(i).data);
                assertEquals(1500, f.get(i).wire);
            }
            assertNull(s.truncation());
        }
    }

    @Test
    void gzipPcapng() throws IOException {
        byte[] plain = TestBytes.be().shb().idb(LinkTypes.LINUX_SLL2, 0, 9, 0).epb(0, 42, TestBytes.frame(70, 1), 70)
                .toBytes();
        Path file = TestBytes.write(dir, "t.pcapng.gz", gzip(plain));
        try (PacketSource s = CaptureFiles.open(file)) {
            assertInstanceOf(PcapNgReader.class, s);
            assertEquals("pcapng (big-endian, gzip)", s.description());
            List<Frame> f = TestBytes.readAll(s);
            assertEquals(1, f.size());
            assertEquals(42, f.get(0).ts);
            assertEquals(LinkTypes.LINUX_SLL2, f.get(0).linkType);
            assertEquals("pcapng (big-endian, LINUX_SLL2, gzip)", s.description());
        }
    }

    @Test
    void gzipCutShortKeepsWhatWasDecompressed() throws IOException {
        TestBytes t = TestBytes.pcapHeader(false, false, 1, 65535);
        for (int i = 0; i < 2000; i++) {
            // Incompressible-ish frames so the cut lands well inside the packet data.
            byte[] frame = new byte[200];
            new java.util.Random(i).nextBytes(frame);
            t.pcapRecord(i, 0, frame, 200);
        }
        byte[] gz = gzip(t.toBytes());
        Path file = TestBytes.write(dir, "cut.pcap.gz", Arrays.copyOf(gz, gz.length / 2));
        try (PacketSource s = CaptureFiles.open(file)) {
            int n = TestBytes.readAll(s).size();
            assertTrue(n > 500 && n < 1500, "read " + n);
            assertTrue(s.truncation() != null && s.truncation().contains("the compressed data ends early"),
                    s.truncation());
        }
    }

    @Test
    void corruptGzipDataAfterTheRecordsStillDeliversThem() throws IOException {
        TestBytes t = TestBytes.pcapHeader(false, false, 1, 65535);
        for (int i = 0; i < 100; i++) {
            t.pcapRecord(i, 0, TestBytes.frame(100, i), 100);
        }
        byte[] gz = gzip(t.toBytes());
        gz[gz.length - 8] ^= 1;  // the CRC-32 in the gzip trailer
        try (PacketSource s = CaptureFiles.open(TestBytes.write(dir, "crc.pcap.gz", gz))) {
            PacketRecord r = new PacketRecord();
            for (int i = 0; i < 100; i++) {
                assertTrue(s.next(r));
            }
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> s.next(r));
            assertEquals("corrupt gzip data: Corrupt GZIP trailer (at byte offset " + t.size() + ")", e.getMessage());
        }
    }

    @Test
    void gzipOfSomethingElse() throws IOException {
        Path file = TestBytes.write(dir, "x.gz", gzip("plain text".getBytes(StandardCharsets.US_ASCII)));
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(file));
        assertEquals("not a pcap or pcapng capture: decompressed data starts with 70 6c 61 69 (at byte offset 0)",
                e.getMessage());
    }

    @Test
    void gzipOfNothing() throws IOException {
        Path file = TestBytes.write(dir, "x.gz", gzip(new byte[0]));
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(file));
        assertEquals("the decompressed file is empty, not a pcap or pcapng capture (at byte offset 0)", e.getMessage());
    }

    @Test
    void corruptGzipHeader() throws IOException {
        Path file = TestBytes.write(dir, "x.gz", new byte[] {0x1F, (byte) 0x8B, 0x07, 0, 0, 0, 0, 0, 0, 0, 1, 2});
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(file));
        assertTrue(e.getMessage().startsWith("corrupt gzip header: "), e.getMessage());
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }
}
