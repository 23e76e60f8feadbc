package dev.tattler.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds capture files byte by byte for the reader tests, in either byte order, so every test
 * states exactly what is on disk rather than trusting a writer under test.
 */
final class TestBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean bigEndian;

    TestBytes(boolean bigEndian) {
        this.bigEndian = bigEndian;
    }

    static TestBytes le() {
        return new TestBytes(false);
    }

    static TestBytes be() {
        return new TestBytes(true);
    }

    TestBytes order(boolean big) {
        this.bigEndian = big;
        return this;
    }

    TestBytes u8(int v) {
        out.write(v);
        return this;
    }

    TestBytes u16(int v) {
        if (bigEndian) {
            out.write(v >>> 8);
            out.write(v);
        } else {
            out.write(v);
            out.write(v >>> 8);
        }
        return this;
    }

    TestBytes u32(long v) {
        if (bigEndian) {
            u16((int) (v >>> 16)).u16((int) v);
        } else {
            u16((int) v).u16((int) (v >>> 16));
        }
        return this;
    }

    TestBytes u64(long v) {
        if (bigEndian) {
            u32(v >>> 32).u32(v);
        } else {
            u32(v).u32(v >>> 32);
        }
        return this;
    }

    TestBytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    TestBytes raw(int... b) {
        for (int v : b) {
            out.write(v);
        }
        return this;
    }

    /** Zero bytes up to the next multiple of 4, as pcapng pads data and options. */
    TestBytes pad4() {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    // ---- classic pcap ----

    static TestBytes pcapHeader(boolean bigEndian, boolean nanos, long linkType, long snaplen) {
        TestBytes t = new TestBytes(bigEndian);
        return t.u32(nanos ? 0xA1B23C4DL : 0xA1B2C3D4L).u16(2).u16(4).u32(0).u32(0).u32(snaplen).u32(linkType);
    }

    TestBytes pcapRecord(long seconds, long fraction, byte[] data, long wire) {
        return u32(seconds).u32(fraction).u32(data.length).u32(wire).bytes(data);
    }

    // ---- pcapng ----

    /** A whole block: type, total length, body padded to 4, total length. */
    TestBytes block(long type, byte[] body) {
        int padded = (body.length + 3) & ~3;
        u32(type).u32(12 + padded).bytes(body);
        for (int i = body.length; i < padded; i++) {
            out.write(0);
        }
        return u32(12 + padded);
    }

    TestBytes shb() {
        return block(0x0A0D0D0AL, body().u32(0x1A2B3C4DL).u16(1).u16(0).u64(-1).toBytes());
    }

    /** IDB with optional if_tsresol (negative: none) and if_tsoffset (0: none). */
    TestBytes idb(int linkType, long snaplen, int tsresol, long tsoffset) {
        TestBytes b = body().u16(linkType).u16(0).u32(snaplen);
        if (tsresol >= 0) {
            b.u16(9).u16(1).u8(tsresol).pad4();
        }
        if (tsoffset != 0) {
            b.u16(14).u16(8).u64(tsoffset);
        }
        if (tsresol >= 0 || tsoffset != 0) {
            b.u16(0).u16(0);
        }
        return block(1, b.toBytes());
    }

    TestBytes epb(int interfaceId, long timestamp, byte[] data, long wire) {
        TestBytes b = body().u32(interfaceId).u32(timestamp >>> 32).u32(timestamp)
                .u32(data.length).u32(wire).bytes(data).pad4();
        return block(6, b.toBytes());
    }

    TestBytes spb(byte[] data, long wire) {
        return block(3, body().u32(wire).bytes(data).toBytes());
    }

    /** Obsolete Packet Block (type 2): 16-bit interface id and drop count. */
    TestBytes pb(int interfaceId, long timestamp, byte[] data, long wire) {
        TestBytes b = body().u16(interfaceId).u16(0).u32(timestamp >>> 32).u32(timestamp)
                .u32(data.length).u32(wire).bytes(data).pad4();
        return block(2, b.toBytes());
    }

    /** A body builder in this builder's byte order. */
    TestBytes body() {
        return new TestBytes(bigEndian);
    }

    // ---- reading back ----

    static byte[] frame(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    static Path write(Path dir, String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    /** A record copied out of the source's buffer, so it survives the next call. */
    static final class Frame {
        final long number;
        final long ts;
        final byte[] data;
        final int wire;
        final int linkType;
        final int interfaceId;
        final long fileOffset;

        Frame(PacketRecord r) {
            number = r.number;
            ts = r.timestampNanos;
            data = Arrays.copyOfRange(r.data, r.offset, r.offset + r.capturedLength);
            wire = r.wireLength;
            linkType = r.linkType;
            interfaceId = r.interfaceId;
            fileOffset = r.fileOffset;
        }
    }

    static List<Frame> readAll(PacketSource source) throws IOException {
        List<Frame> frames = new ArrayList<>();
        PacketRecord r = new PacketRecord();
        while (source.next(r)) {
            frames.add(new Frame(r));
        }
        return frames;
    }
}
