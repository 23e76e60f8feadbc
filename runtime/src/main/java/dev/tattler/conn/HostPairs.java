package dev.tattler.conn;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.decode.PacketView;

/**
 * What each host last sent to each other host, per protocol: time, frame number and ports of
 * the latest UDP, TCP, ICMP, ICMPv6 or other IP packet from a source address to a destination
 * address. Scripts ask it what came just before a packet ({@code tattler.lastPacket(src, dst)})
 * instead of keeping their own map from a handler on every packet: a detector that wants one
 * rare packet and the packet before it can then filter its handler down to the rare one. Kept
 * per protocol so that "the last UDP datagram" is not hidden by a TCP segment sent in between.
 *
 * <pre>
 *   keys:  [src hi|src lo|dst hi|dst lo] ...  256 bits (IPv4 mapped), open addressing, linear probing
 *   kinds: [udp|tcp|...]                      the protocol, part of the key (0: empty slot)
 *   nanos / numbers / ports:                  parallel arrays, updated in place per packet
 * </pre>
 *
 * Pairs idle for more than {@link #HORIZON_NANOS} are forgotten: never answered, and dropped
 * whenever the table would grow. At most {@link #MAX_PAIRS} are held; past that, new pairs are
 * not tracked (a scan cannot grow it without bound) and {@link #full()} says so.
 */
public final class HostPairs {
    /** The most pairs tracked (about 55 MB of arrays at the bound). */
    public static final int MAX_PAIRS = 1 << 18;
    /** How long a pair is remembered after its last packet: five minutes of network time. */
    public static final long HORIZON_NANOS = 300_000_000_000L;

    /** Protocol kinds by number (1-5), as {@link #proto} names them; 0 asks for any in {@link #find}. */
    private static final String[] PROTOS = {null, "udp", "tcp", "icmp", "icmp6", "ip"};

    private long[] keys;
    private long[] nanos;
    private long[] numbers;
    private int[] ports; // source port << 16 | destination port
    private byte[] kinds; // 0 marks an empty slot
    private int mask;
    private int size;
    private long latest = Long.MIN_VALUE;
    private boolean full;
    private long retryAfter = Long.MIN_VALUE; // when full, the next sweep waits for pairs to age out
    private final long[] query = new long[4];

    public HostPairs() {
        allocate(1024);
    }

    /** Notes the packet as the latest from its source to its destination. */
    public void seen(PacketView v) {
        int src = v.ipSrc();
        int dst = v.ipDst();
        if (src < 0 || dst < 0) {
            return;
        }
        long t = v.timestampNanos();
        if (t > latest) {
            latest = t;
        }
        long sh = Endpoints.hi(v, src);
        long sl = Endpoints.lo(v, src);
        long dh = Endpoints.hi(v, dst);
        long dl = Endpoints.lo(v, dst);
        byte kind = kind(v);
        int i = slot(sh, sl, dh, dl, kind);
        if (kinds[i] == 0) {
            if (size >= MAX_PAIRS || (size + 1) * 2 > kinds.length) {
                if (t < retryAfter) {
                    return;
                }
                if (!makeRoom()) {
                    full = true;
                    retryAfter = t + HORIZON_NANOS / 10;
                    return;
                }
                i = slot(sh, sl, dh, dl, kind);
            }
            keys[4 * i] = sh;
            keys[4 * i + 1] = sl;
            keys[4 * i + 2] = dh;
            keys[4 * i + 3] = dl;
            kinds[i] = kind;
            size++;
        }
        nanos[i] = t;
        numbers[i] = v.number();
        ports[i] = hasPorts(kind) ? v.srcPort() << 16 | v.dstPort() : 0;
    }

    /**
     * The slot of the last packet of protocol {@code proto} (a name {@link #proto} gives, or null
     * for any) from {@code src} to {@code dst} (IPv4 or IPv6 text), or -1 when none was seen
     * within {@link #HORIZON_NANOS} of the latest packet; IllegalArgumentException for a
     * malformed address or an unknown protocol.
     */
    public int find(String src, String dst, String proto) {
        int wanted = proto == null ? 0 : kindOf(proto);
        long[] bits = query;
        LocalAddresses.parse(dst, bits);
        long dh = bits[0];
        long dl = bits[1];
        LocalAddresses.parse(src, bits);
        int best = -1;
        for (int k = wanted == 0 ? 1 : wanted; k <= (wanted == 0 ? PROTOS.length - 1 : wanted); k++) {
            int i = slot(bits[0], bits[1], dh, dl, (byte) k);
            if (kinds[i] != 0 && fresh(nanos[i]) && (best < 0 || numbers[i] > numbers[best])) {
                best = i;
            }
        }
        return best;
    }

    private static int kindOf(String proto) {
        for (int k = 1; k < PROTOS.length; k++) {
            if (PROTOS[k].equals(proto)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + proto + "' (udp, tcp, icmp, icmp6 or ip)");
    }

    public long nanos(int slot) {
        return nanos[slot];
    }

    public long number(int slot) {
        return numbers[slot];
    }

    /** "udp", "tcp", "icmp", "icmp6" or "ip" (another IP protocol, or a later fragment). */
    public String proto(int slot) {
        return PROTOS[kinds[slot]];
    }

    /** The source port, or -1 when the packet had no UDP or TCP header. */
    public int sourcePort(int slot) {
        return hasPorts(kinds[slot]) ? ports[slot] >>> 16 : -1;
    }

    /** The destination port, or -1 when the packet had no UDP or TCP header. */
    public int destinationPort(int slot) {
        return hasPorts(kinds[slot]) ? ports[slot] & 0xFFFF : -1;
    }

    /** Pairs (per protocol) held, idle ones included until the next sweep. */
    public int size() {
        return size;
    }

    /** True once a pair was left untracked because the table held {@link #MAX_PAIRS} recent ones. */
    public boolean full() {
        return full;
    }

    private boolean fresh(long t) {
        return latest - t <= HORIZON_NANOS;
    }

    /** UDP and TCP, the kinds with ports. */
    private static boolean hasPorts(byte kind) {
        return kind == 1 || kind == 2;
    }

    private static byte kind(PacketView v) {
        if (v.has(PacketView.UDP)) {
            return 1;
        }
        if (v.has(PacketView.TCP)) {
            return 2;
        }
        if (v.has(PacketView.ICMP)) {
            return 3;
        }
        return (byte) (v.has(PacketView.ICMP6) ? 4 : 5);
    }

    /** The slot holding the pair's packets of {@code kind}, or the empty slot where they would go. */
    private int slot(long sh, long sl, long dh, long dl, byte kind) {
        int i = hash(sh, sl, dh, dl, kind) & mask;
        while (kinds[i] != 0 && (kinds[i] != kind || keys[4 * i + 1] != sl || keys[4 * i + 3] != dl
                || keys[4 * i] != sh || keys[4 * i + 2] != dh)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static int hash(long sh, long sl, long dh, long dl, byte kind) {
        long h = (sh * 0x9E37_79B9_7F4A_7C15L) ^ sl ^ kind;
        h = (h * 0xC2B2_AE3D_27D4_EB4FL) ^ dh;
        h = (h * 0x9E37_79B9_7F4A_7C15L) ^ dl;
        h *= 0xC2B2_AE3D_27D4_EB4FL;
        return (int) (h ^ (h >>> 32));
    }

    /**
     * Rebuilds the table without the idle pairs, doubling it if that frees too little; false
     * when {@link #MAX_PAIRS} recent pairs fill it.
     */
    private boolean makeRoom() {
        int live = 0;
        for (int j = 0; j < kinds.length; j++) {
            if (kinds[j] != 0 && fresh(nanos[j])) {
                live++;
            }
        }
        if (live >= MAX_PAIRS) {
            return false;
        }
        int capacity = kinds.length;
        while ((live + 1) * 4 > capacity) {
            capacity *= 2; // room to spare, so that a sweep is not needed again soon
        }
        rehash(capacity);
        return true;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        long[] oldNanos = nanos;
        long[] oldNumbers = numbers;
        int[] oldPorts = ports;
        byte[] oldKinds = kinds;
        allocate(capacity);
        size = 0;
        for (int j = 0; j < oldKinds.length; j++) {
            if (oldKinds[j] == 0 || !fresh(oldNanos[j])) {
                continue;
            }
            int i = slot(oldKeys[4 * j], oldKeys[4 * j + 1], oldKeys[4 * j + 2], oldKeys[4 * j + 3], oldKinds[j]);
            System.arraycopy(oldKeys, 4 * j, keys, 4 * i, 4);
            nanos[i] = oldNanos[j];
            numbers[i] = oldNumbers[j];
            ports[i] = oldPorts[j];
            kinds[i] = oldKinds[j];
            size++;
        }
    }

    private void allocate(int capacity) {
        keys = new long[4 * capacity];
        nanos = new long[capacity];
        numbers = new long[capacity];
        ports = new int[capacity];
        kinds = new byte[capacity];
        mask = capacity - 1;
    }
}
