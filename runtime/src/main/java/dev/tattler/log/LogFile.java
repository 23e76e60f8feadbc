package dev.tattler.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One log file being written: rows collect in a large buffer and go to the file in blocks of
 * {@value #BLOCK} bytes, or when {@link #flush flushed} (housekeeping, once a second, keeps a
 * live log current for {@code tail -f}). Not synchronized: its {@link LogManager} writer holds
 * the lock.
 */
final class LogFile {
    static final int BLOCK = 1 << 18;

    private final FileChannel channel;
    private final ByteBuffer buffer;

    /** Creates (or truncates) {@code file} and writes {@code header}. */
    LogFile(Path file, byte[] header) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        buffer = ByteBuffer.allocateDirect(BLOCK);
        write(header, 0, header.length);
        flush(); // the header is there as soon as the file is
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.remaining()) {
            drain();
            if (length > buffer.capacity()) {
                writeFully(ByteBuffer.wrap(bytes, offset, length));
                return;
            }
        }
        buffer.put(bytes, offset, length);
    }

    void flush() throws IOException {
        drain();
    }

    /** Writes {@code trailer} and closes the file. */
    void close(byte[] trailer) throws IOException {
        try {
            write(trailer, 0, trailer.length);
            drain();
        } finally {
            channel.close();
        }
    }

    private void drain() throws IOException {
        buffer.flip();
        try {
            writeFully(buffer);
        } finally {
            buffer.clear();
        }
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }
}
