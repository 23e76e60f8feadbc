package dev.tattler.conn;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.decode.PacketView;
import dev.tattler.event.EventBus;

import java.util.function.IntPredicate;

/**
 * "This host did it {@code count} times within {@code within}": counts packets per source (or
 * destination) address in a sliding window of network time, and passes the one packet that
 * brings a host to the count, once per host. A handler gated by it is called once per host that
 * crosses the threshold instead of once per packet (Zeek's SumStats thresholds, for the common
 * case of one key and one count); the counting is a hash and a few array writes in Java.
 *
 * <pre>
 *   slot: [hi|lo|used|first|next|t0 t1 ... t(count-1)]   address (IPv4 mapped), whether in use,
 *                                                        when it crossed (or NOT_CROSSED), the
 *                                                        ring of its last count packet times and
 *                                                        where the next one goes (and how many)
 *   packet: ring[next] = ts; full ring and ts - ring[oldest] <= within ─> crossed, pass once
 * </pre>
 *
 * Bounded: the table holds at most {@link #maxHosts()} addresses (fewer when {@code count} is
 * large: at most 64 MB of table). When it is full, hosts quiet for {@code within} are forgotten
 * (a forgotten host that had crossed may cross again); while every host is still active, new
 * hosts are not counted and {@link #untracked()} counts their packets.
 *
 * <p>Engine thread only (the script host's thread in the REPL).
 */
public final class HostThreshold implements EventBus.Gate {
    /** The most longs of table (64 MB). */
    static final int MAX_TABLE = 1 << 23;
    /** The most events a threshold may count to (its ring). */
    public static final int MAX_COUNT = 10_000;

    private static final long NOT_CROSSED = Long.MIN_VALUE;
    private static final int HI = 0;
    private static final int LO = 1;
    private static final int USED = 2;
    private static final int FIRST = 3;
    /** Where the next time goes in the ring (low 32 bits) and how many the ring holds (high 32). */
    private static final int NEXT = 4;
    private static final int RING = 5;

    private final int count;
    private final long withinNanos;
    private final boolean bySource;
    private final int stride;
    private final int maxHosts;
    private long[] table;
    private int mask;
    private int size;
    private long untracked;
    /** Network time of the last sweep for quiet hosts, so a full table of active ones is not swept per packet. */
    private long sweptAt = Long.MIN_VALUE;

    /**
     * A threshold of {@code count} packets (1 to {@link #MAX_COUNT}) within {@code withinNanos}
     * (more than 0) from one host, the packet's source address when {@code bySource}, else its
     * destination.
     */
    public HostThreshold(int count, long withinNanos, boolean bySource) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1 to " + MAX_COUNT + ", not " + count);
        }
        if (withinNanos <= 0) {
            throw new IllegalArgumentException("the window must be longer than 0");
        }
        this.count = count;
        this.withinNanos = withinNanos;
        this.bySource = bySource;
        this.stride = RING + count;
        int slots = Integer.highestOneBit(Math.max(2, MAX_TABLE / stride));
        this.maxHosts = slots / 2;
        int initial = Math.min(1024, slots);
        this.table = new long[initial * stride];
        this.mask = initial - 1;
    }

    /** Counts {@code v} for its host; true for the packet that brings the host to the threshold. */
    @Override
    public boolean pass(PacketView v) {
        int off = bySource ? v.ipSrc() : v.ipDst();
        if (off < 0 || v.ipVersion() == 0) {
            return false;
        }
        long hi = Endpoints.hi(v, off);
        long lo = Endpoints.lo(v, off);
        long now = v.timestampNanos();
        int at = slot(hi, lo);
        long[] tb = table;
        if (tb[at + USED] == 0) {
            if (size >= maxHosts && !sweep(now)) {
                untracked++;
                return false;
            }
            at = slot(hi, lo); // a sweep or a growth moves slots
            tb = table;
            tb[at + HI] = hi;
            tb[at + LO] = lo;
            tb[at + USED] = 1;
            tb[at + FIRST] = NOT_CROSSED;
            tb[at + NEXT] = 0;
            size++;
            if (size * 2 > mask + 1 && size < maxHosts) {
                grow();
                at = slot(hi, lo);
                tb = table;
            }
        }
        if (tb[at + FIRST] != NOT_CROSSED) {
            tb[at + RING] = now; // keeps a crossed host's last time for sweeping; the ring is done with
            return false;
        }
        long next = tb[at + NEXT];
        int write = (int) next;
        int held = (int) (next >>> 32);
        tb[at + RING + write] = now;
        write = write + 1 == count ? 0 : write + 1;
        held = Math.min(held + 1, count);
        tb[at + NEXT] = (long) held << 32 | write;
        if (held < count) {
            return false;
        }
        long oldest = tb[at + RING + write]; // the slot written next holds the oldest time
        if (now - oldest > withinNanos) {
            return false;
        }
        tb[at + FIRST] = oldest;
        tb[at + RING] = now;
        return true;
    }

    /** When {@code address} crossed the threshold (ns): the time of the first of its {@code count} packets; -1 if it has not. */
    public long crossedAt(String address) {
        int at = find(address);
        return at < 0 || table[at + FIRST] == NOT_CROSSED ? -1 : table[at + FIRST];
    }

    /** Forgets {@code address}'s packets, so that it may cross again; true when it was counted. */
    public boolean reset(String address) {
        int at = find(address);
        if (at < 0) {
            return false;
        }
        table[at + FIRST] = NOT_CROSSED;
        table[at + NEXT] = 0;
        return true;
    }

    /** Addresses counted now. */
    public int size() {
        return size;
    }

    /** The most addresses counted at once. */
    public int maxHosts() {
        return maxHosts;
    }

    /** Packets not counted because the table was full of active hosts. */
    public long untracked() {
        return untracked;
    }

    private int find(String address) {
        long[] bits = new long[2];
        LocalAddresses.parse(address, bits);
        int at = slot(bits[0], bits[1]);
        return table[at + USED] != 0 ? at : -1;
    }

    /** The slot (index of its first long) holding {@code hi|lo}, or the empty slot where it would go. */
    private int slot(long hi, long lo) {
        long[] tb = table;
        int s = stride;
        int i = Endpoints.hash(hi, lo) & mask;
        while (tb[i * s + USED] != 0 && (tb[i * s + HI] != hi || tb[i * s + LO] != lo)) {
            i = (i + 1) & mask;
        }
        return i * s;
    }

    /** The latest packet time a slot holds: a crossed host's is kept in its ring's first place. */
    private long latest(int at) {
        long[] tb = table;
        if (tb[at + FIRST] != NOT_CROSSED) {
            return tb[at + RING];
        }
        int write = (int) tb[at + NEXT];
        return tb[at + RING + (write == 0 ? count - 1 : write - 1)];
    }

    /**
     * Forgets hosts quiet for the window (at most once per window of network time); true when it
     * made room for one more.
     */
    private boolean sweep(long now) {
        if (sweptAt != Long.MIN_VALUE && now - sweptAt < withinNanos) {
            return false;
        }
        sweptAt = now;
        rehash(mask + 1, at -> now - latest(at) <= withinNanos);
        return size < maxHosts;
    }

    private void grow() {
        rehash((mask + 1) * 2, at -> true);
    }

    /** Moves the slots {@code keep} accepts into a table of {@code slots} slots. */
    private void rehash(int slots, IntPredicate keep) {
        long[] old = table;
        int oldStride = stride;
        int kept = 0;
        long[] fresh = new long[slots * stride];
        int freshMask = slots - 1;
        for (int j = 0; j < old.length; j += oldStride) {
            if (old[j + USED] == 0 || !keep.test(j)) {
                continue;
            }
            int i = Endpoints.hash(old[j + HI], old[j + LO]) & freshMask;
            while (fresh[i * stride + USED] != 0) {
                i = (i + 1) & freshMask;
            }
            System.arraycopy(old, j, fresh, i * stride, stride);
            kept++;
        }
        table = fresh;
        mask = freshMask;
        size = kept;
    }
}
