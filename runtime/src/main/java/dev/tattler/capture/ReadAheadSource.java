package dev.tattler.capture;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;

/**
 * A capture file read on a thread of its own, so that reading (disk, gzip, record framing)
 * runs on one core while the engine analyses on the other. Frames are copied into a small ring
 * of batches — each a byte arena plus arrays of offsets, lengths and timestamps — that the
 * two threads hand back and forth; nothing is allocated per packet or per batch.
 *
 * <pre>
 *   reader thread                                          engine thread
 *   source.next ─pass, copy─> batch[w % N] ──(full)──>    next(record) ─> window into batch[r % N]
 *                       ... waits while N full <── (drained: the batch goes back to the reader)
 * </pre>
 *
 * The engine sees exactly the frames, in the order, numbers and timestamps the wrapped source
 * gives; what ends the reading — the end, a cut ({@link #truncation}), a corrupt record or an
 * I/O error (thrown from {@link #next} after every frame read before it) — arrives in order too.
 * For files only: a live source already hands frames over from its own capture thread.
 */
public final class ReadAheadSource implements PacketSource {
    /**
     * Work done on the reading thread for every frame, whose result reaches the engine as
     * {@link PacketRecord#verdict} (e.g. checksum verification). The verdict must depend on the
     * frame only; state the pass keeps besides (the host tables) is the engine's to read as of
     * its own frame, which is at most {@link #MAX_AHEAD} frames behind.
     */
    public interface FramePass {
        int verdict(PacketRecord frame);
    }

    private static final FramePass NONE = frame -> 0;

    /**
     * Batches in the ring: enough for one thread to run ahead while the other catches up, and
     * few enough (1 MB of frames in flight) that the engine finds them still in the shared
     * cache — with 8 MB in flight, its first read of every frame went to memory (JFR: the
     * decoder's first header read was the engine thread's top frame).
     */
    static final int BATCHES = 4;
    /** Frames per batch at most. */
    static final int FRAMES = 512;
    /**
     * The most frames the reading thread (and its {@link FramePass}) runs ahead of the frame
     * the engine handles: every batch in the ring, the engine's own included.
     */
    public static final int MAX_AHEAD = BATCHES * FRAMES + 1;
    /** Arena bytes per batch; a bigger frame gets a bigger arena once. */
    static final int ARENA = 256 << 10;

    private static final class Batch {
        byte[] arena = new byte[ARENA];
        final int[] offset = new int[FRAMES];
        final int[] captured = new int[FRAMES];
        final int[] wire = new int[FRAMES];
        final long[] timestamp = new long[FRAMES];
        final int[] linkType = new int[FRAMES];
        final int[] iface = new int[FRAMES];
        final long[] number = new long[FRAMES];
        final long[] fileOffset = new long[FRAMES];
        final int[] verdict = new int[FRAMES];
        int count;
        int used;
        /** Set on the last batch: reading ended after its frames. */
        boolean last;

        boolean fits(int length) {
            return count < FRAMES && used + length <= arena.length;
        }
    }

    private final PacketSource source;
    private final FramePass pass;
    private final Batch[] ring = new Batch[BATCHES];
    private final Thread reader;
    /** Batches filled by the reader so far; written by the reader only. */
    private volatile long filled;
    /** Batches drained by the engine so far; written by the engine only. */
    private volatile long drained;
    private volatile boolean closing;
    /** The engine's thread while it sleeps waiting for a batch (else null): the reader wakes it. */
    private volatile Thread sleepingEngine;
    /** Set while the reader sleeps waiting for a drained batch: the engine wakes it. */
    private volatile boolean readerSleeping;
    /** What stopped the reader with an error, rethrown after its frames. */
    private volatile IOException failure;
    private volatile RuntimeException crash;
    private final PacketRecord incoming = new PacketRecord();
    private Batch current;
    private int position;
    private boolean ended;

    private ReadAheadSource(PacketSource source, FramePass pass) {
        this.source = source;
        this.pass = pass;
        for (int i = 0; i < BATCHES; i++) {
            ring[i] = new Batch();
        }
        reader = new Thread(this::readAll, "tattler-reader");
        reader.setDaemon(true);
    }

    /** Starts reading {@code source} on a new thread; closing this closes it. */
    public static ReadAheadSource start(PacketSource source) {
        return start(source, NONE);
    }

    /** The same, with {@code pass} run on every frame on the reading thread. */
    public static ReadAheadSource start(PacketSource source, FramePass pass) {
        ReadAheadSource s = new ReadAheadSource(source, pass);
        s.reader.start();
        return s;
    }

    // --- reader thread ------------------------------------------------------------------------

    private void readAll() {
        Batch b = claim(0);
        long sequence = 0;
        try {
            while (b != null) {
                if (!source.next(incoming)) {
                    break;
                }
                if (!b.fits(incoming.capturedLength)) {
                    publish(++sequence);
                    b = claim(sequence);
                    if (b == null) {
                        return;
                    }
                    if (incoming.capturedLength > b.arena.length) {
                        b.arena = new byte[incoming.capturedLength];
                    }
                }
                add(b, incoming, pass.verdict(incoming));
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            crash = e;
        }
        if (b != null) {
            b.last = true;
            publish(sequence + 1);
        }
    }

    /** The empty batch for {@code sequence}, once the engine has drained what was there; null when closing. */
    private Batch claim(long sequence) {
        int spins = 0;
        while (sequence - drained >= BATCHES) {
            if (closing) {
                return null;
            }
            if (spins++ < SPINS) {
                Thread.onSpinWait();
                continue;
            }
            readerSleeping = true;
            if (sequence - drained >= BATCHES && !closing) { // checked again: a drain may have just missed the flag
                LockSupport.parkNanos(this, MAX_SLEEP_NANOS);
            }
            readerSleeping = false;
        }
        Batch b = ring[(int) (sequence % BATCHES)];
        b.count = 0;
        b.used = 0;
        b.last = false;
        return b;
    }

    private void publish(long batches) {
        filled = batches;
        Thread engine = sleepingEngine;
        if (engine != null) {
            LockSupport.unpark(engine);
        }
    }

    private static void add(Batch b, PacketRecord r, int verdict) {
        int i = b.count++;
        b.verdict[i] = verdict;
        System.arraycopy(r.data, r.offset, b.arena, b.used, r.capturedLength);
        b.offset[i] = b.used;
        b.captured[i] = r.capturedLength;
        b.wire[i] = r.wireLength;
        b.timestamp[i] = r.timestampNanos;
        b.linkType[i] = r.linkType;
        b.iface[i] = r.interfaceId;
        b.number[i] = r.number;
        b.fileOffset[i] = r.fileOffset;
        b.used += r.capturedLength;
    }

    // --- engine thread ------------------------------------------------------------------------

    @Override
    public boolean next(PacketRecord into) throws IOException {
        while (current == null || position == current.count) {
            if (current != null) {
                boolean last = current.last;
                current = null;
                drained = drained + 1;
                if (readerSleeping) {
                    LockSupport.unpark(reader);
                }
                if (last) {
                    ended = true;
                }
            }
            if (ended) {
                return finished();
            }
            current = await(drained);
            position = 0;
        }
        Batch b = current;
        int i = position++;
        into.set(b.arena, b.offset[i], b.captured[i], b.wire[i], b.timestamp[i], b.linkType[i], b.iface[i]);
        into.number = b.number[i];
        into.verdict = b.verdict[i];
        into.fileOffset = b.fileOffset[i];
        return true;
    }

    private Batch await(long sequence) throws InterruptedIOException {
        int spins = 0;
        while (filled <= sequence) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while waiting for the capture reader");
            }
            if (spins++ < SPINS) {
                Thread.onSpinWait();
                continue;
            }
            sleepingEngine = Thread.currentThread();
            if (filled <= sequence) { // checked again: a publish may have just missed the flag
                LockSupport.parkNanos(this, MAX_SLEEP_NANOS);
            }
            sleepingEngine = null;
        }
        return ring[(int) (sequence % BATCHES)];
    }

    /** After the last frame: rethrows what stopped the reader, or says the capture ended. */
    private boolean finished() throws IOException {
        if (failure != null) {
            IOException e = failure;
            failure = null;
            throw e;
        }
        if (crash != null) {
            RuntimeException e = crash;
            crash = null;
            throw e;
        }
        return false;
    }

    /**
     * A wait spins this many times (a few microseconds: the other side is often about to hand
     * over), then sleeps until the other side wakes it. Sleeping rather than yielding or napping
     * in a loop leaves the core to the other thread, the JIT compilers and the collector: on two
     * cores, the reader's yield loop was a tenth of its time while the engine ran behind.
     */
    private static final int SPINS = 200;
    /** A sleep ends by itself after this long (1 ms), so a missed wake-up costs that much at most. */
    private static final long MAX_SLEEP_NANOS = 1_000_000;

    @Override
    public String truncation() {
        return ended ? source.truncation() : null;
    }

    @Override
    public String description() {
        return source.description();
    }

    @Override
    public void close() throws IOException {
        closing = true;
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
