package dev.tattler.repl;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The replayed part of a capture file, read again on demand: memory stays flat however large
 * the capture is. A cursor stays open after each scan, so reading frames in order (the
 * {@code packets} array walked by {@code filter}, or {@code .show} of the next frame) costs one
 * record each; going backwards reopens the file and skips forward, at the reader's speed
 * (millions of frames a second).
 */
final class FileHistory implements PacketHistory {
    private final Path file;
    private final PacketRecord record = new PacketRecord();
    private PacketSource cursor;
    /** Number of the frame the cursor read last (0: at the start). */
    private long cursorAt;
    private long last;

    FileHistory(Path file) {
        this.file = file;
    }

    @Override
    public long first() {
        return 1;
    }

    @Override
    public long last() {
        return last;
    }

    @Override
    public void processed(PacketRecord r) {
        last = r.number;
    }

    @Override
    public void scan(long from, long to, Visitor visitor) throws IOException {
        long start = Math.max(1, from);
        long end = Math.min(to, last);
        if (start > end) {
            return;
        }
        if (cursor == null || cursorAt >= start) {
            reopen();
        }
        while (cursorAt < end) {
            if (!cursor.next(record)) {
                close();
                return;
            }
            cursorAt = record.number;
            if (cursorAt >= start && !visitor.visit(record)) {
                return;
            }
        }
    }

    private void reopen() throws IOException {
        close();
        cursor = CaptureFiles.open(file);
        cursorAt = 0;
    }

    @Override
    public void close() {
        if (cursor != null) {
            try {
                cursor.close();
            } catch (IOException e) {
                // a read-only file: nothing is lost
            }
            cursor = null;
            cursorAt = 0;
        }
    }
}
