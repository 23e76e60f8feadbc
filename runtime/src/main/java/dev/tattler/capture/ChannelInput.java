package dev.tattler.capture;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.zip.ZipException;

/**
 * The byte input under the file readers: one reused buffer filled from a channel (a
 * {@link java.nio.channels.FileChannel}, or a channel over a {@link java.util.zip.GZIPInputStream}).
 * A reader asks for the next n bytes with {@link #request(int)}, reads them in place at
 * {@link #position()}, hands them out as a window and moves on with {@link #skip(int)}; nothing
 * is copied or allocated per record.
 *
 * <pre>
 *   buffer: [ consumed | position .. limit: read, not yet consumed | free ]
 *             ^ base is the file offset of buffer[0]
 * </pre>
 *
 * A request that does not fit behind the position moves the unconsumed bytes to the front and
 * refills the rest in one read burst, so compaction happens once per buffer's worth. Or, once
 * {@link #readInto} has given it a supply of {@link Buffers}, it never writes over bytes it has
 * handed out: it moves the unconsumed bytes into a fresh buffer from the supply instead, so that
 * a record's bytes can be passed on in place for as long as the supply keeps that buffer
 * ({@link ReadAheadSource}, which would otherwise copy every frame):
 *
 * <pre>
 *   compacting:  [ consumed | unconsumed | free ]  ──>  [ unconsumed ... read ... ]   (same array)
 *   supplied:    [ handed out, left alone | unconsumed ]  ──>  fresh: [ unconsumed ... read ... ]
 * </pre>
 *
 * The buffer grows only when a single request is larger than the buffer (a supplied buffer too:
 * the larger copy is then the input's own), and then only as far as the data actually present,
 * so a corrupt length near the end of a file cannot make it allocate the full claimed size. The
 * readers cap what they request.
 */
final class ChannelInput implements Closeable {
    /**
     * Small enough that a refill is still in the CPU's cache when the engine reads it: the
     * checksums read every byte of every packet, and from a 4 MB buffer those reads came from
     * memory (so did the second copy a channel makes, out of its own buffer into this one).
     * A read of 128 KB is still large enough that the system calls cost nothing to speak of.
     */
    static final int DEFAULT_CAPACITY = 128 << 10;

    /**
     * Memory to read into, for an input that must not write over what it has handed out: the
     * supplier decides when a buffer may be given out again.
     */
    interface Buffers {
        /** A buffer of at least {@code atLeast} bytes that nobody reads any more; may wait for one. */
        byte[] take(int atLeast) throws IOException;
    }

    private final ReadableByteChannel channel;
    /** Where fresh buffers come from, or null: compact in place. */
    private Buffers supply;
    private byte[] buffer;
    private ByteBuffer view;
    private int position;
    private int limit;
    private long base;
    private boolean eof;
    private String cut;
    /** A decompression failure, raised once the data before it has been consumed. */
    private CaptureFormatException error;

    ChannelInput(ReadableByteChannel channel, int initialCapacity) {
        this.channel = channel;
        this.buffer = new byte[Math.max(16, initialCapacity)];
        this.view = ByteBuffer.wrap(buffer);
    }

    /** The buffer; valid until the next {@link #request(int)}, which may compact or replace it. */
    byte[] buffer() {
        return buffer;
    }

    /** Index in {@link #buffer()} of the next unconsumed byte. */
    int position() {
        return position;
    }

    /** Bytes read and not yet consumed. */
    int available() {
        return limit - position;
    }

    /** File offset (in the decompressed stream) of the next unconsumed byte. */
    long offset() {
        return base + position;
    }

    /**
     * Continues from {@code fileOffset}, dropping what is buffered; false when the channel cannot
     * seek (a decompressing one).
     */
    boolean seek(long fileOffset) throws IOException {
        if (!(channel instanceof SeekableByteChannel)) {
            return false;
        }
        ((SeekableByteChannel) channel).position(fileOffset);
        if (supply == null) {
            position = 0; // else what was consumed stays put: the new data goes after it
        }
        base = fileOffset - position;
        limit = position;
        eof = false;
        cut = null;
        error = null;
        return true;
    }

    /**
     * From now on, moves to a buffer from {@code buffers} where it would have compacted: bytes
     * consumed so far, in this buffer and every later one, stay as they are.
     */
    void readInto(Buffers buffers) {
        supply = buffers;
    }

    /** Current buffer size, for tests. */
    int capacity() {
        return buffer.length;
    }

    /**
     * Makes at least {@code n} bytes available from {@link #position()}.
     *
     * @return false when the stream ends first; {@link #available()} then tells how many are there
     */
    boolean request(int n) throws IOException {
        if (limit - position >= n) {
            return true;
        }
        if (supply != null) {
            if (buffer.length - position < n) {
                // As large as the request, but no more than twice this buffer: a corrupt length
                // near the end of the file then grows a buffer only as data arrives (below).
                moveTo(supply.take((int) Math.min(n, 2L * buffer.length)));
            }
        } else if (position > 0) {
            moveTo(buffer);
        }
        while (limit - position < n) {
            if (eof) {
                if (error != null) {
                    throw error;
                }
                return false;
            }
            if (limit == buffer.length) {
                grow((int) Math.min(n, 2L * buffer.length));
            }
            fill();
        }
        // Fill the rest of the buffer too while we are here: fewer, larger reads.
        if (limit < buffer.length && !eof) {
            fill();
        }
        return true;
    }

    /** Consumes {@code n} bytes; {@code n} must not exceed {@link #available()}. */
    void skip(int n) {
        if (n < 0 || n > limit - position) {
            throw new IllegalArgumentException("skip " + n + " with " + (limit - position) + " available");
        }
        position += n;
    }

    /**
     * Why the stream ended before its proper end, or null: a gzip stream cut short ends the
     * input like a plain end of file (the readers then report what was read), and this says so.
     */
    String cut() {
        return cut;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * One channel read into the free part of the buffer. A damaged gzip stream fails in the
     * middle of a read, after part of the data has already been delivered; that part is kept
     * so the readers can hand out every record before the damage.
     */
    private void fill() throws IOException {
        view.limit(buffer.length).position(limit);
        try {
            if (channel.read(view) < 0) {
                eof = true;
            }
        } catch (EOFException e) {
            // GZIPInputStream: "Unexpected end of ZLIB input stream" for a cut .gz file.
            eof = true;
            cut = "the compressed data ends early (" + e.getMessage() + ")";
        } catch (ZipException e) {
            eof = true;
            error = new CaptureFormatException("corrupt gzip data: " + e.getMessage(), base + view.position());
        }
        limit = view.position();
    }

    /** Moves the unconsumed bytes to the start of {@code to} (which may be the buffer itself). */
    private void moveTo(byte[] to) {
        System.arraycopy(buffer, position, to, 0, limit - position);
        base += position;
        limit -= position;
        position = 0;
        if (to != buffer) {
            buffer = to;
            view = ByteBuffer.wrap(to);
        }
    }

    private void grow(int capacity) {
        byte[] bigger = new byte[capacity];
        System.arraycopy(buffer, 0, bigger, 0, limit);
        buffer = bigger;
        view = ByteBuffer.wrap(buffer);
    }
}
