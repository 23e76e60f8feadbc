package dev.tattler.repl;

import dev.tattler.capture.PacketRecord;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The latest live frames, copied, within a frame and a byte budget: live traffic cannot be read
 * again, so this is what {@code .show}, {@code .hex} and {@code .save} can reach; older frames
 * fall out (and {@code .packets} says from which number it starts).
 */
final class RingHistory implements PacketHistory {
    static final int MAX_FRAMES = 100_000;
    static final long MAX_BYTES = 64L << 20;

    private record Frame(byte[] data, int wireLength, long ts, int linkType, long number) {
    }

    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final int maxFrames;
    private final long maxBytes;
    private final PacketRecord record = new PacketRecord();
    private long bytes;
    private long last;

    RingHistory() {
        this(MAX_FRAMES, MAX_BYTES);
    }

    RingHistory(int maxFrames, long maxBytes) {
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    @Override
    public long first() {
        return frames.isEmpty() ? last + 1 : frames.peekFirst().number;
    }

    @Override
    public long last() {
        return last;
    }

    @Override
    public void processed(PacketRecord r) {
        byte[] copy = new byte[r.capturedLength];
        System.arraycopy(r.data, r.offset, copy, 0, r.capturedLength);
        frames.addLast(new Frame(copy, r.wireLength, r.timestampNanos, r.linkType, r.number));
        bytes += copy.length;
        last = r.number;
        while (frames.size() > maxFrames || (bytes > maxBytes && frames.size() > 1)) {
            bytes -= frames.removeFirst().data.length;
        }
    }

    @Override
    public void scan(long from, long to, Visitor visitor) throws java.io.IOException {
        if (frames.isEmpty() || from > to) {
            return;
        }
        long firstNumber = first();
        // Frames are numbered consecutively, so the start is found by arithmetic, not a search.
        int skip = (int) Math.max(0, Math.min(frames.size(), from - firstNumber));
        Iterator<Frame> it = frames.iterator();
        for (int i = 0; i < skip; i++) {
            it.next();
        }
        while (it.hasNext()) {
            Frame f = it.next();
            if (f.number > to) {
                return;
            }
            record.set(f.data, 0, f.data.length, f.wireLength, f.ts, f.linkType, 0);
            record.number = f.number;
            if (!visitor.visit(record)) {
                return;
            }
        }
    }

    @Override
    public void close() {
        frames.clear();
        bytes = 0;
    }
}
