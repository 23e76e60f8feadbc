package dev.tattler.conn;

import dev.tattler.decode.PacketView;

/**
 * What each host last sent to each other host, per protocol: time, frame number and ports of
 * the latest UDP, TCP, ICMP, ICMPv6 or other IP packet from a source address to a destination
 * address. Scripts ask it what came just before a packet ({@code tattler.lastPacket(src, dst)})
 * instead of keeping their own map from a handler on every packet: a detector that wants one
 * rare packet and the packet before it can then filter its handler down to the rare one. Kept
 * per protocol so that "the last UDP datagram" is not hidden by a TCP segment sent in between.
 * {@link HostTracking} keeps it and answers from it.
 *
 * <pre>
 *   table: [src hi|src lo|dst hi|dst lo|nanos|number|kind:ports|-] [...] ...
 *          eight longs, one cache line per slot: an update touches one line; open addressing,
 *          linear probing; the protocol kind is part of the key (0 marks an empty slot)
 * </pre>
 *
 * Pairs idle for more than {@link #HORIZON_NANOS} are forgotten: never answered, and dropped
 * whenever the table would grow. At most {@link #MAX_PAIRS} are held; past that, new pairs are
 * not tracked (a scan cannot grow it without bound) and {@link #full()} says so.
 */
final class HostPairs {
    /** The most pairs tracked (64 MB of table at the bound). */
    static final int MAX_PAIRS = 1 << 18;
    /** How long a pair is remembered after its last packet: five minutes of network time. */
    static final long HORIZON_NANOS = 300_000_000_000L;

    /** Protocol kinds by number (1-5), as {@link #proto} names them; 0 asks for any. */
    private static final String[] PROTOS = {null, "udp", "tcp", "icmp", "icmp6", "ip"};
    /** The highest protocol kind. */
    static final int KINDS = PROTOS.length - 1;

    private static final int STRIDE = 8;
    private static final int NANOS = 4;
    private static final int NUMBER = 5;
    private static final int KIND_PORTS = 6; // kind << 32 | source port << 16 | destination port

    private long[] table;
    private int mask;
    private int size;
    private boolean full;
    private long retryAfter = Long.MIN_VALUE; // when full, the next sweep waits for pairs to age out

    HostPairs() {
        allocate(1024);
    }

    /**
     * Notes the packet as the latest from its source to its destination, and writes what the
     * table held for the pair before (frame number, time, kind:ports; zeros for none) into
     * {@code before[at..at + 2]}. A sweep, when the table must grow, forgets only pairs idle for
     * {@link #HORIZON_NANOS} before {@code keepSince}: no later answer could use them.
     */
    void seen(PacketView v, long keepSince, long[] before, int at) {
        before[at] = 0;
        before[at + 1] = 0;
        before[at + 2] = 0;
        int src = v.ipSrc();
        int dst = v.ipDst();
        if (src < 0 || dst < 0) {
            return;
        }
        long t = v.timestampNanos();
        long sh = Endpoints.hi(v, src);
        long sl = Endpoints.lo(v, src);
        long dh = Endpoints.hi(v, dst);
        long dl = Endpoints.lo(v, dst);
        int kind = kind(v);
        int i = slot(sh, sl, dh, dl, kind);
        long[] tb = table;
        if (tb[i + KIND_PORTS] == 0) {
            if (size >= MAX_PAIRS || (size + 1) * 2 > capacity()) {
                if (t < retryAfter) {
                    return;
                }
                if (!makeRoom(keepSince)) {
                    full = true;
                    retryAfter = t + HORIZON_NANOS / 10;
                    return;
                }
                i = slot(sh, sl, dh, dl, kind);
                tb = table;
            }
            tb[i] = sh;
            tb[i + 1] = sl;
            tb[i + 2] = dh;
            tb[i + 3] = dl;
            size++;
        } else {
            before[at] = tb[i + NUMBER];
            before[at + 1] = tb[i + NANOS];
            before[at + 2] = tb[i + KIND_PORTS];
        }
        tb[i + NANOS] = t;
        tb[i + NUMBER] = v.number();
        tb[i + KIND_PORTS] = (long) kind << 32 | (hasPorts(kind) ? v.srcPort() << 16 | v.dstPort() : 0) & 0xFFFF_FFFFL;
    }

    /**
     * The frame number, time and kind:ports of the last packet of protocol {@code kind} from
     * {@code s} to {@code d} into {@code out[0..2]}; false when none. Reads the table array once
     * and probes at most every slot, so that a table changed or replaced under a reader on
     * another thread gives a wrong answer (which its version check discards), never an exception
     * or an endless loop.
     */
    boolean last(long sh, long sl, long dh, long dl, int kind, long[] out) {
        long[] tb = table;
        int m = tb.length / STRIDE - 1;
        int i = hash(sh, sl, dh, dl, kind) & m;
        for (int probes = 0; probes <= m; probes++) {
            int at = i * STRIDE;
            long k = tb[at + KIND_PORTS] >>> 32;
            if (k == 0) {
                return false;
            }
            if (k == kind && tb[at + 1] == sl && tb[at + 3] == dl && tb[at] == sh && tb[at + 2] == dh) {
                out[0] = tb[at + NUMBER];
                out[1] = tb[at + NANOS];
                out[2] = tb[at + KIND_PORTS];
                return true;
            }
            i = (i + 1) & m;
        }
        return false;
    }

    /** The kind (1 to {@link #KINDS}) a protocol name asks for, 0 for null (any); IllegalArgumentException for another name. */
    static int kindOf(String proto) {
        if (proto == null) {
            return 0;
        }
        for (int k = 1; k < PROTOS.length; k++) {
            if (PROTOS[k].equals(proto)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + proto + "' (udp, tcp, icmp, icmp6 or ip)");
    }

    /** "udp", "tcp", "icmp", "icmp6" or "ip" (another IP protocol, or a later fragment), from a slot's kind:ports. */
    static String proto(long kindPorts) {
        return PROTOS[(int) (kindPorts >>> 32)];
    }

    /** The source port from a slot's kind:ports, or -1 when the packet had no UDP or TCP header. */
    static int sourcePort(long kindPorts) {
        return hasPorts((int) (kindPorts >>> 32)) ? (int) (kindPorts >>> 16) & 0xFFFF : -1;
    }

    /** The destination port from a slot's kind:ports, or -1 when the packet had no UDP or TCP header. */
    static int destinationPort(long kindPorts) {
        return hasPorts((int) (kindPorts >>> 32)) ? (int) kindPorts & 0xFFFF : -1;
    }

    /** Pairs (per protocol) held, idle ones included until the next sweep. */
    int size() {
        return size;
    }

    /** True once a pair was left untracked because the table held {@link #MAX_PAIRS} recent ones. */
    boolean full() {
        return full;
    }

    private int kind(int slot) {
        return (int) (table[slot + KIND_PORTS] >>> 32);
    }

    private int capacity() {
        return table.length / STRIDE;
    }

    /** UDP and TCP, the kinds with ports. */
    private static boolean hasPorts(int kind) {
        return kind == 1 || kind == 2;
    }

    private static int kind(PacketView v) {
        if (v.has(PacketView.UDP)) {
            return 1;
        }
        if (v.has(PacketView.TCP)) {
            return 2;
        }
        if (v.has(PacketView.ICMP)) {
            return 3;
        }
        return v.has(PacketView.ICMP6) ? 4 : 5;
    }

    /**
     * The slot (index of its first long) holding the pair's packets of {@code kind}, or the
     * empty slot where they would go.
     */
    private int slot(long sh, long sl, long dh, long dl, int kind) {
        long[] tb = table;
        int m = mask;
        int i = hash(sh, sl, dh, dl, kind) & m;
        while (true) {
            int at = i * STRIDE;
            long k = tb[at + KIND_PORTS] >>> 32;
            if (k == 0 || k == kind && tb[at + 1] == sl && tb[at + 3] == dl && tb[at] == sh && tb[at + 2] == dh) {
                return at;
            }
            i = (i + 1) & m;
        }
    }

    private static int hash(long sh, long sl, long dh, long dl, int kind) {
        long h = (sh * 0x9E37_79B9_7F4A_7C15L) ^ sl ^ kind;
        h = (h * 0xC2B2_AE3D_27D4_EB4FL) ^ dh;
        h = (h * 0x9E37_79B9_7F4A_7C15L) ^ dl;
        h *= 0xC2B2_AE3D_27D4_EB4FL;
        return (int) (h ^ (h >>> 32));
    }

    /**
     * Rebuilds the table without the pairs idle for {@link #HORIZON_NANOS} before
     * {@code keepSince}, doubling it if that frees too little; false when {@link #MAX_PAIRS}
     * recent pairs fill it.
     */
    private boolean makeRoom(long keepSince) {
        int live = 0;
        for (int at = 0; at < table.length; at += STRIDE) {
            if (kind(at) != 0 && !idle(table[at + NANOS], keepSince)) {
                live++;
            }
        }
        if (live >= MAX_PAIRS) {
            return false;
        }
        int capacity = capacity();
        while ((live + 1) * 4 > capacity) {
            capacity *= 2; // room to spare, so that a sweep is not needed again soon
        }
        long[] old = table;
        allocate(capacity); // HostTracking's version is odd meanwhile: no reader takes the table half filled
        size = 0;
        for (int j = 0; j < old.length; j += STRIDE) {
            if ((old[j + KIND_PORTS] >>> 32) == 0 || idle(old[j + NANOS], keepSince)) {
                continue;
            }
            int at = slot(old[j], old[j + 1], old[j + 2], old[j + 3], (int) (old[j + KIND_PORTS] >>> 32));
            System.arraycopy(old, j, table, at, STRIDE);
            size++;
        }
        return true;
    }

    /** True when a pair last seen at {@code nanos} is idle at {@code now} (none is before any packet). */
    private static boolean idle(long nanos, long now) {
        return now != Long.MIN_VALUE && now - nanos > HORIZON_NANOS;
    }

    private void allocate(int capacity) {
        table = new long[capacity * STRIDE];
        mask = capacity - 1;
    }
}
