package dev.tattler.conn;

import dev.tattler.decode.PacketView;
import dev.tattler.event.EventBus;

/**
 * "This host did it {@code count} times within {@code within}": counts packets per source (or
 * destination) address in a sliding window of network time, and passes the one packet that
 * brings a host to the count, once per host. A handler gated by it is called once per host that
 * crosses the threshold instead of once per packet (Zeek's SumStats thresholds, for the common
 * case of one key and one count); the counting is a hash and a few array writes in Java.
 *
 * <pre>
 *   slot: [hi|lo|used|first|next|t0 t1 ... t(count-1)]   address (IPv4 mapped), whether in use
 *                                                        (an {@link AddressTable} slot),
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
    private static final int FIRST = AddressTable.PAYLOAD;
    /** Where the next time goes in the ring (low 32 bits) and how many the ring holds (high 32). */
    private static final int NEXT = FIRST + 1;
    private static final int RING = FIRST + 2;

    private final int count;
    private final long withinNanos;
    private final boolean bySource;
    private final int maxHosts;
    private final AddressTable hosts;
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
        int stride = RING + count;
        int slots = Integer.highestOneBit(Math.max(2, MAX_TABLE / stride));
        this.maxHosts = slots / 2;
        this.hosts = new AddressTable(stride, Math.min(1024, slots));
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
        int at = hosts.slot(hi, lo);
        if (!hosts.used(at)) {
            if (hosts.size() >= maxHosts && !sweep(now)) {
                untracked++;
                return false;
            }
            at = hosts.slot(hi, lo); // a sweep moves slots
            hosts.claim(at, hi, lo);
            hosts.table[at + FIRST] = NOT_CROSSED;
            hosts.table[at + NEXT] = 0;
            if (hosts.size() * 2 > hosts.slots() && hosts.size() < maxHosts) {
                hosts.rehash(hosts.slots() * 2, slot -> true);
                at = hosts.slot(hi, lo);
            }
        }
        long[] tb = hosts.table;
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
        int at = hosts.find(address);
        return at < 0 || hosts.table[at + FIRST] == NOT_CROSSED ? -1 : hosts.table[at + FIRST];
    }

    /** Forgets {@code address}'s packets, so that it may cross again; true when it was counted. */
    public boolean reset(String address) {
        int at = hosts.find(address);
        if (at < 0) {
            return false;
        }
        hosts.table[at + FIRST] = NOT_CROSSED;
        hosts.table[at + NEXT] = 0;
        return true;
    }

    /** Addresses counted now. */
    public int size() {
        return hosts.size();
    }

    /** The most addresses counted at once. */
    public int maxHosts() {
        return maxHosts;
    }

    /** Packets not counted because the table was full of active hosts. */
    public long untracked() {
        return untracked;
    }

    /** The latest packet time a slot holds: a crossed host's is kept in its ring's first place. */
    private long latest(int at) {
        long[] tb = hosts.table;
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
        hosts.rehash(hosts.slots(), at -> now - latest(at) <= withinNanos);
        return hosts.size() < maxHosts;
    }
}
