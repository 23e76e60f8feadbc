package dev.tattler.capture;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;

/**
 * A capture file read on a thread of its own, so that reading (disk, gzip, record framing)
 * runs on one core while the engine analyses on the other. The file is read into a small ring
 * of arenas and its frames are left where they were read: a ring of batches — arrays of each
 * frame's place, lengths and timestamps — carries them to the engine. The two threads hand the
 * batches back and forth. A batch ends when it is full or when the reading moves on to the next
 * arena, which is read into again once the engine has drained every batch with a frame in it.
 * Nothing is copied or allocated per packet.
 *
 * <pre>
 *   reader thread                                              engine thread
 *   file ─read─> arena[a % A] ─frame, pass─> batch[w % N] ──(full)──>  next(record): window into an arena
 *          ... waits for a drained batch, or an arena no batch still holds <── (drained)
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

    /** Batches in the ring: enough for one thread to run ahead while the other catches up. */
    static final int BATCHES = 4;
    /** Frames per batch at most. */
    static final int FRAMES = 512;
    /**
     * The most frames the reading thread (and its {@link FramePass}) runs ahead of the frame
     * the engine handles: every batch in the ring, the engine's own included.
     */
    public static final int MAX_AHEAD = BATCHES * FRAMES + 1;
    /**
     * Arenas in the ring, and their size (a bigger frame gets a bigger arena once): few enough
     * (1 MB of the file in flight) that the engine finds its frames still in the shared cache —
     * with 8 MB in flight, its first read of every frame went to memory (JFR: the decoder's
     * first header read was the engine thread's top frame).
     */
    static final int ARENAS = 4;
    static final int ARENA = 256 << 10;

    private static final class Batch {
        /**
         * The array every frame of the batch lies in: an arena, or the reader's own buffer (the
         * first frames; a frame larger than an arena). One per batch, not one per frame: storing
         * a reference costs the collector's write barrier.
         */
        byte[] data;
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
        /** Set on the last batch: reading ended after its frames. */
        boolean last;
    }

    private final PacketSource source;
    private final FramePass pass;
    private final Batch[] ring = new Batch[BATCHES];
    private final byte[][] arenas = new byte[ARENAS][];
    /** Per arena, the last batch with a frame in it (-1: none): the arena is free once that batch is drained. */
    private final long[] lastUse = new long[ARENAS];
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
    /** Reader thread: the batch being filled, its sequence number, and the arena being read into (-1: none yet). */
    private Batch filling;
    private long sequence;
    private int arena = -1;
    /** Engine thread: the batch being handed out. */
    private Batch current;
    private int position;
    private boolean ended;

    private ReadAheadSource(InPlaceReader source, FramePass pass) {
        this.source = source;
        this.pass = pass;
        for (int i = 0; i < BATCHES; i++) {
            ring[i] = new Batch();
        }
        for (int i = 0; i < ARENAS; i++) {
            arenas[i] = new byte[ARENA];
            lastUse[i] = -1;
        }
        source.in.readInto(this::take);
        reader = new Thread(this::readAll, "tattler-reader");
        reader.setDaemon(true);
    }

    /**
     * Starts reading {@code file} (from {@link CaptureFiles#open}) on a new thread; closing this
     * closes it.
     */
    public static ReadAheadSource start(PacketSource file) {
        return start(file, NONE);
    }

    /** The same, with {@code pass} run on every frame on the reading thread. */
    public static ReadAheadSource start(PacketSource file, FramePass pass) {
        if (!(file instanceof InPlaceReader)) {
            throw new IllegalArgumentException("not a capture file reader: " + file.description());
        }
        ReadAheadSource s = new ReadAheadSource((InPlaceReader) file, pass);
        s.reader.start();
        return s;
    }

    // --- reader thread ------------------------------------------------------------------------

    private void readAll() {
        filling = claim(0);
        try {
            while (filling != null && source.next(incoming)) {
                if (filling.count == FRAMES || filling.count > 0 && incoming.data != filling.data) {
                    handOver(); // full, or the input went on in another array without asking (grown for a large frame)
                    if (filling == null) {
                        break;
                    }
                }
                add(incoming, pass.verdict(incoming));
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            crash = e;
        }
        if (filling != null) {
            filling.last = true;
            publish(sequence + 1);
        }
    }

    private void add(PacketRecord r, int verdict) {
        Batch b = filling;
        int i = b.count++;
        if (i == 0) {
            b.data = r.data;
            if (arena >= 0 && r.data == arenas[arena]) {
                lastUse[arena] = sequence;
            }
        }
        b.offset[i] = r.offset;
        b.captured[i] = r.capturedLength;
        b.wire[i] = r.wireLength;
        b.timestamp[i] = r.timestampNanos;
        b.linkType[i] = r.linkType;
        b.iface[i] = r.interfaceId;
        b.number[i] = r.number;
        b.fileOffset[i] = r.fileOffset;
        b.verdict[i] = verdict;
    }

    /** Publishes the batch being filled and claims the next; {@link #filling} is null when closing. */
    private void handOver() {
        publish(++sequence);
        filling = claim(sequence);
    }

    /**
     * The next arena, for the input to go on reading into ({@link ChannelInput.Buffers}): called
     * from {@code source.next} when the one it reads into is full. Hands over the batch being
     * filled first, so that the engine gets its frames as soon as an arena's worth is read, then
     * waits until the engine has drained every batch with a frame in that arena. With as many
     * arenas as batches, and a batch ending at every arena, claiming the next batch has usually
     * waited for that already; not when a frame larger than an arena moves the reading on by two.
     */
    private byte[] take(int atLeast) throws IOException {
        int next = (arena + 1) % ARENAS;
        if (filling != null && filling.count > 0) {
            handOver();
        }
        if (filling == null || !awaitDrained(lastUse[next] + 1)) {
            throw new InterruptedIOException("capture reader closed");
        }
        if (arenas[next].length < atLeast) {
            arenas[next] = new byte[atLeast];
        }
        arena = next;
        return arenas[next];
    }

    /** The empty batch for {@code sequence}, once the engine has drained what was there; null when closing. */
    private Batch claim(long sequence) {
        if (!awaitDrained(sequence - BATCHES + 1)) {
            return null;
        }
        Batch b = ring[(int) (sequence % BATCHES)];
        b.count = 0;
        b.last = false;
        return b;
    }

    /** Waits until the engine has drained {@code batches} batches; false when closing. */
    private boolean awaitDrained(long batches) {
        int spins = 0;
        while (drained < batches) {
            if (closing) {
                return false;
            }
            if (spins++ < SPINS) {
                Thread.onSpinWait();
                continue;
            }
            readerSleeping = true;
            if (drained < batches && !closing) { // checked again: a drain may have just missed the flag
                LockSupport.parkNanos(this, MAX_SLEEP_NANOS);
            }
            readerSleeping = false;
        }
        return true;
    }

    private void publish(long batches) {
        filled = batches;
        Thread engine = sleepingEngine;
        if (engine != null) {
            LockSupport.unpark(engine);
        }
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
        into.set(b.data, b.offset[i], b.captured[i], b.wire[i], b.timestamp[i], b.linkType[i], b.iface[i]);
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
