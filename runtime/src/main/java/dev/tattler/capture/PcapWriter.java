package dev.tattler.capture;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic pcap file, little-endian, with nanosecond timestamps unless asked for
 * microseconds (for tools that predate the nanosecond magic). Used for evidence files (the
 * frames behind a notice) and to build test captures. Records are collected in an internal
 * buffer and reach the stream in large writes.
 *
 * <p>Frames longer than the snaplen are cut to it, as a capturing libpcap would, so the file
 * never contradicts its own header.
 */
public final class PcapWriter implements Closeable, Flushable {
    /** The snaplen tcpdump and Wireshark use by default. */
    public static final int DEFAULT_SNAPLEN = 262_144;

    private static final int BUFFER_SIZE = 64 << 10;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final OutputStream out;
    private final boolean nanosecond;
    private final int snaplen;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int used;
    private long count;
    private boolean closed;

    /** A nanosecond pcap on {@code out}; writes the file header at once (into the buffer). */
    public PcapWriter(OutputStream out, int linkType, int snaplen) {
        this(out, linkType, snaplen, true);
    }

    /**
     * @param nanosecond true for the nanosecond magic, false for the classic microsecond one
     *                   (timestamps are then truncated to microseconds)
     */
    public PcapWriter(OutputStream out, int linkType, int snaplen, boolean nanosecond) {
        if (snaplen <= 0 || snaplen > PcapReader.MAX_CAPTURE_LENGTH) {
            throw new IllegalArgumentException("snaplen " + snaplen + " is outside 1.." + PcapReader.MAX_CAPTURE_LENGTH);
        }
        this.out = out;
        this.nanosecond = nanosecond;
        this.snaplen = snaplen;
        putInt(nanosecond ? PcapReader.MAGIC_NANOS : PcapReader.MAGIC_MICROS);
        putShort(2);
        putShort(4);
        putInt(0);  // thiszone: timestamps are UTC
        putInt(0);  // sigfigs
        putInt(snaplen);
        putInt(linkType);
    }

    /** Creates (or replaces) {@code file} and writes a nanosecond pcap to it. */
    public static PcapWriter create(Path file, int linkType, int snaplen) throws IOException {
        return new PcapWriter(Files.newOutputStream(file), linkType, snaplen, true);
    }

    /**
     * Appends one record.
     *
     * @param tsNanos capture time in nanoseconds since the epoch (1970..2106, the format's range)
     * @param len     bytes of the frame present in {@code data}; more than the snaplen are cut
     * @param wireLen the frame's length on the wire
     */
    public void write(long tsNanos, byte[] data, int off, int len, int wireLen) throws IOException {
        if (closed) {
            throw new IOException("pcap writer is closed");
        }
        long seconds = Math.floorDiv(tsNanos, NANOS_PER_SECOND);
        long fraction = Math.floorMod(tsNanos, NANOS_PER_SECOND);
        if (seconds > 0xFFFF_FFFFL || seconds < 0) {
            throw new IllegalArgumentException("timestamp " + tsNanos + " ns is outside the pcap range");
        }
        if (len < 0 || wireLen < 0 || off < 0 || off + len > data.length) {
            throw new IllegalArgumentException("bad frame slice: off " + off + ", len " + len + ", wire " + wireLen
                    + ", array " + data.length);
        }
        int captured = Math.min(len, snaplen);
        if (BUFFER_SIZE - used < PcapReader.RECORD_HEADER_LENGTH) {
            drain();
        }
        putInt((int) seconds);
        putInt((int) (nanosecond ? fraction : fraction / 1000));
        putInt(captured);
        putInt(wireLen);
        if (captured <= BUFFER_SIZE - used) {
            System.arraycopy(data, off, buffer, used, captured);
            used += captured;
        } else {
            // Larger than what is left of the buffer: no point copying it through.
            drain();
            out.write(data, off, captured);
        }
        count++;
    }

    /** Appends the frame a source just produced, keeping its time and lengths. */
    public void write(PacketRecord record) throws IOException {
        write(record.timestampNanos, record.data, record.offset, record.capturedLength, record.wireLength);
    }

    /** Records written so far. */
    public long count() {
        return count;
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (OutputStream o = out) {
            drain();
            o.flush();
        }
    }

    private void drain() throws IOException {
        if (used > 0) {
            out.write(buffer, 0, used);
            used = 0;
        }
    }

    private void putShort(int v) {
        buffer[used++] = (byte) v;
        buffer[used++] = (byte) (v >>> 8);
    }

    private void putInt(int v) {
        buffer[used++] = (byte) v;
        buffer[used++] = (byte) (v >>> 8);
        buffer[used++] = (byte) (v >>> 16);
        buffer[used++] = (byte) (v >>> 24);
    }
}
