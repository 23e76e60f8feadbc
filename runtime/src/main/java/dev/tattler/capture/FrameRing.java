package dev.tattler.capture;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The hand-off between the capture thread and the engine thread: a bounded single-producer,
 * single-consumer ring of captured frames, so that a slow script handler delays the engine
 * without stalling libpcap, and a burst is absorbed here before the kernel has to drop.
 *
 * <pre>
 *  capture thread ── put(frame, ts, len) ──> [ slot slot slot ... ] ── poll(record) ──> engine thread
 *                    blocks while full                              waits up to a timeout when empty
 * </pre>
 *
 * No allocation per frame: slots are parallel arrays, the frame's byte array is the one the
 * capture library handed over (kept, not copied). A slot is released when the consumer asks for
 * the next frame, because a {@link PacketRecord} stays valid until then. Bounded by frame count
 * and by bytes; when full, the producer waits, libpcap stops reading, and any loss happens in
 * the kernel's buffer, where {@code pcap_stats} counts it.
 */
final class FrameRing {
    private static final long PRODUCER_PARK_NANOS = 1_000_000;

    private final byte[][] frames;
    private final long[] stamps;
    private final int[] wireLengths;
    private final int mask;
    private final long byteBudget;
    /** Next slot to read; the slot before it is the one the consumer's record still points at. */
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile Thread waitingConsumer;
    private volatile Thread waitingProducer;
    private volatile boolean closed;
    /** Consumer-side: a slot handed out and not yet released. */
    private boolean holding;

    /** @param slots a power of two; @param byteBudget bytes of frames held at most (one frame may exceed it) */
    FrameRing(int slots, long byteBudget) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        frames = new byte[slots][];
        stamps = new long[slots];
        wireLengths = new int[slots];
        mask = slots - 1;
        this.byteBudget = byteBudget;
    }

    /**
     * Adds a frame (producer thread only); waits while the ring is full.
     *
     * @return false when the ring was closed (the frame is dropped: the capture is over)
     */
    boolean put(byte[] frame, long timestampNanos, int wireLength) {
        if (closed) {
            return false;
        }
        long t = tail.get();
        while (full(t, frame.length)) {
            if (closed) {
                return false;
            }
            waitingProducer = Thread.currentThread();
            if (full(t, frame.length) && !closed) {
                LockSupport.parkNanos(this, PRODUCER_PARK_NANOS);
            }
            waitingProducer = null;
        }
        int i = (int) t & mask;
        frames[i] = frame;
        stamps[i] = timestampNanos;
        wireLengths[i] = wireLength;
        bytes.addAndGet(frame.length);
        tail.set(t + 1); // publishes the slot (a volatile write after the plain ones)
        Thread c = waitingConsumer;
        if (c != null) {
            LockSupport.unpark(c);
        }
        return true;
    }

    private boolean full(long t, int length) {
        long used = t - head.get();
        return used >= frames.length || (used > 0 && bytes.get() + length > byteBudget);
    }

    /**
     * Points {@code into} at the next frame (consumer thread only), waiting up to
     * {@code timeoutNanos} for one. Releases the frame handed out by the previous call.
     *
     * @return false when no frame came in time, or the ring is closed and empty
     */
    boolean poll(PacketRecord into, int linkType, long timeoutNanos) {
        release();
        long h = head.get();
        if (tail.get() == h) {
            long deadline = System.nanoTime() + timeoutNanos;
            waitingConsumer = Thread.currentThread();
            try {
                while (tail.get() == h) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || closed) {
                        // a frame published just before close still counts
                        if (tail.get() == h) {
                            return false;
                        }
                        break;
                    }
                    LockSupport.parkNanos(this, left);
                }
            } finally {
                waitingConsumer = null;
            }
        }
        int i = (int) h & mask;
        byte[] frame = frames[i];
        into.set(frame, 0, frame.length, wireLengths[i], stamps[i], linkType, 0);
        holding = true;
        return true;
    }

    /** Frees the slot of the frame handed out last (its record is no longer used). */
    private void release() {
        if (!holding) {
            return;
        }
        holding = false;
        long h = head.get();
        int i = (int) h & mask;
        bytes.addAndGet(-frames[i].length);
        frames[i] = null;
        head.set(h + 1);
        Thread p = waitingProducer;
        if (p != null) {
            LockSupport.unpark(p);
        }
    }

    /** Frames waiting for the consumer (any thread; a snapshot). */
    int queued() {
        long n = tail.get() - head.get() - (holding ? 1 : 0);
        return (int) Math.max(0, n);
    }

    /** No more frames will come: the consumer drains what is queued, then poll returns false at once. */
    void close() {
        closed = true;
        Thread c = waitingConsumer;
        if (c != null) {
            LockSupport.unpark(c);
        }
        Thread p = waitingProducer;
        if (p != null) {
            LockSupport.unpark(p);
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** True once closed and every frame was handed out. */
    boolean drained() {
        return closed && tail.get() - head.get() - (holding ? 1 : 0) <= 0;
    }
}
