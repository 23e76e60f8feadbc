package dev.tattler.conn;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.decode.PacketView;
import dev.tattler.event.LastPacket;

import java.lang.invoke.VarHandle;

/**
 * The host tables scripts query — when each address last sent a packet ({@link HostActivity},
 * {@code tattler.lastSeen}) and what each source last sent each destination ({@link HostPairs},
 * {@code tattler.lastPacket}) — kept by whichever thread decodes the frames first, and answered
 * on the engine thread as of the frame the engine is at. A run with a read-ahead thread keeps
 * them there, which takes a hash and a cache miss or two per packet off the engine thread; a
 * run without one keeps them on the engine thread ({@link #inline}).
 *
 * <pre>
 *   keeping thread:  record(frame N): history[N] = what the tables held before N; tables += N
 *   engine thread:   handlers of frame T: lastSeen(a, T) = the table's entry for a, and while
 *                    that entry is from a frame after T, history[that frame] — the entry before
 * </pre>
 *
 * The keeping thread runs at most {@code ahead} frames in front of the engine, so the history of
 * every frame after T is still there. The engine reads the tables while the other thread
 * changes them, under a sequence lock: {@link #record} makes {@code version} odd while it
 * writes, and a query that saw it odd or changed reads again. Queries are rare (script calls),
 * so they pay the retries; the keeping thread pays two volatile writes a packet (none when it is
 * the engine thread itself, {@link #inline}).
 */
public final class HostTracking {
    /** History per frame: the frame's number, then its source's entry before it, then its pair's. */
    private static final int STRIDE = 6;
    private static final int FRAME = 0;
    private static final int HOST_BEFORE = 1;  // number, nanos
    private static final int PAIR_BEFORE = 3;  // number, nanos, kind:ports

    private final HostActivity hosts = new HostActivity();
    private final HostPairs pairs = new HostPairs();
    private final long[] history;
    private final int historyMask;
    /** Odd while {@link #record} changes the tables; written by the keeping thread only. */
    private volatile long version;
    /**
     * Whether another thread keeps the tables. Only then does {@link #record} move the version:
     * each volatile write is a store fence, two a packet on the engine thread for nothing when
     * that thread keeps them itself.
     */
    private final boolean shared;
    /** The engine's latest packet time, or earlier: sweeps keep pairs seen within the horizon of it. */
    private volatile long keepSince = Long.MIN_VALUE;
    /** Engine-thread scratch for queries. */
    private final long[] address = new long[4];
    private final long[] entry = new long[3];

    private HostTracking(int ahead, boolean shared) {
        this.shared = shared;
        int frames = Integer.highestOneBit(Math.max(ahead, 1) * 2 + 2);
        history = new long[frames * STRIDE];
        historyMask = frames - 1;
    }

    /** Tables the engine thread keeps itself, one frame ahead of its queries at most. */
    public static HostTracking inline() {
        return new HostTracking(1, false);
    }

    /** Tables another thread keeps, at most {@code frames} frames ahead of the engine. */
    public static HostTracking ahead(int frames) {
        return new HostTracking(frames, true);
    }

    /**
     * Notes a decoded frame (the keeping thread, every frame in order). Frames without a link
     * layer or without IP are not noted, as the engine does not track them.
     */
    public void record(PacketView v) {
        if (!v.has(PacketView.LINK) || v.ipVersion() == 0) {
            return;
        }
        if (shared) {
            beginChange();
        }
        long number = v.number();
        long[] h = history;
        int at = (int) (number & historyMask) * STRIDE;
        h[at + FRAME] = number;
        hosts.seen(v, h, at + HOST_BEFORE);
        pairs.seen(v, keepSince, h, at + PAIR_BEFORE);
        if (shared) {
            endChange();
        }
    }

    /** Makes the version odd before the tables change: a query that sees it odd reads again. */
    void beginChange() {
        version = version + 1; // written by the keeping thread only
        VarHandle.storeStoreFence(); // the odd version is seen before any change that follows
    }

    /** Makes the version even again once the tables hold a whole frame. */
    void endChange() {
        version = version + 1;
    }

    /** The sequence lock's version (for tests). */
    long version() {
        return version;
    }

    /**
     * From the engine thread, now and then: the latest packet time its queries have seen, so
     * that sweeps on the keeping thread drop no pair a later query could still be answered with.
     */
    public void keepSince(long nanos) {
        keepSince = nanos;
    }

    /**
     * When {@code text} (IPv4 or IPv6) last sent a packet among frames up to {@code through}, in
     * nanoseconds, or -1; IllegalArgumentException for a malformed address.
     */
    public long lastSeen(String text, long through) {
        long[] a = address;
        LocalAddresses.parse(text, a);
        while (true) {
            long s = version;
            if ((s & 1) == 0) {
                long[] e = entry;
                int found = hosts.last(a[0], a[1], e) ? before(e, through, HOST_BEFORE) : NONE;
                VarHandle.loadLoadFence(); // the reads above happen before the version is read again
                if (version == s) {
                    if (found == BROKEN) {
                        throw overrun();
                    }
                    return found == FOUND ? e[1] : -1;
                }
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The last packet of protocol {@code proto} ("udp", "tcp", "icmp", "icmp6", "ip"; null for
     * any) from {@code src} to {@code dst} among frames up to {@code through}, or null when none
     * was seen within the horizon of {@code latestNanos}; IllegalArgumentException for a
     * malformed address or protocol.
     */
    public LastPacket lastPacket(String src, String dst, String proto, long through, long latestNanos) {
        int wanted = HostPairs.kindOf(proto);
        long[] a = address;
        LocalAddresses.parse(dst, a);
        a[2] = a[0];
        a[3] = a[1];
        LocalAddresses.parse(src, a);
        while (true) {
            long s = version;
            if ((s & 1) == 0) {
                long number = 0;
                long nanos = 0;
                long kindPorts = 0;
                boolean broken = false;
                long[] e = entry;
                for (int k = wanted == 0 ? 1 : wanted; k <= (wanted == 0 ? HostPairs.KINDS : wanted); k++) {
                    int found = pairs.last(a[0], a[1], a[2], a[3], k, e) ? before(e, through, PAIR_BEFORE) : NONE;
                    broken |= found == BROKEN;
                    if (found == FOUND && latestNanos - e[1] <= HostPairs.HORIZON_NANOS && e[0] > number) {
                        number = e[0];
                        nanos = e[1];
                        kindPorts = e[2];
                    }
                }
                VarHandle.loadLoadFence();
                if (version == s) {
                    if (broken) {
                        throw overrun();
                    }
                    return number == 0 ? null : new LastPacket(nanos, number, HostPairs.proto(kindPorts),
                            HostPairs.sourcePort(kindPorts), HostPairs.destinationPort(kindPorts));
                }
            }
            Thread.onSpinWait();
        }
    }

    private static final int NONE = 0;
    private static final int FOUND = 1;
    private static final int BROKEN = 2;

    /**
     * Walks {@code e} (a table entry: number, nanos, ...) back through the history to the entry
     * it replaced, until it is from a frame up to {@code through}: {@link #FOUND}, or
     * {@link #NONE} when there was none before. {@link #BROKEN} when a history entry belongs to
     * another frame: a torn read (the caller reads again) or, if the version held, a keeping
     * thread that ran further ahead than it may. Bounded, so that a torn read cannot loop.
     */
    private int before(long[] e, long through, int field) {
        long[] h = history;
        for (int steps = 0; e[0] > through; steps++) {
            int at = (int) (e[0] & historyMask) * STRIDE;
            if (h[at + FRAME] != e[0] || steps > historyMask) {
                return BROKEN;
            }
            e[0] = h[at + field];
            e[1] = h[at + field + 1];
            if (field == PAIR_BEFORE) {
                e[2] = h[at + field + 2];
            }
        }
        return e[0] != 0 ? FOUND : NONE;
    }

    private IllegalStateException overrun() {
        return new IllegalStateException("host tracking: the reading thread ran more than "
                + (historyMask + 1) / 2 + " frames ahead of the engine");
    }

    /** True once a source was left untracked: the table held {@link HostActivity#MAX_HOSTS}. */
    public boolean hostsFull() {
        return hosts.full();
    }

    /** True once a pair was left untracked: the table held {@link HostPairs#MAX_PAIRS} recent ones. */
    public boolean pairsFull() {
        return pairs.full();
    }

    /** The most source addresses tracked. */
    public static int maxHosts() {
        return HostActivity.MAX_HOSTS;
    }

    /** The most pairs tracked within the horizon. */
    public static int maxPairs() {
        return HostPairs.MAX_PAIRS;
    }

    /** How long a pair is remembered after its last packet, in nanoseconds of network time. */
    public static long horizonNanos() {
        return HostPairs.HORIZON_NANOS;
    }
}
