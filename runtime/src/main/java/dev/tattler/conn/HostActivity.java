package dev.tattler.conn;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.decode.PacketView;

/**
 * When each host last sent a packet: network time of the latest IP packet by source address,
 * for scripts that watch hosts go quiet ({@code tattler.lastSeen}) without a handler on every
 * packet.
 *
 * <pre>
 *   keys:  [hi|lo][hi|lo][    ]...   128-bit address (IPv4 mapped), open addressing, linear probing
 *   times: [ ns  ][ ns  ][    ]...   updated in place: a known host costs a hash and a store
 * </pre>
 *
 * Bounded: at most {@link #MAX_HOSTS} addresses; past that, new sources are not tracked (a
 * spoofed-source flood cannot grow it) and {@link #full()} says so.
 */
public final class HostActivity {
    /** The most addresses tracked (about 40 MB of arrays at the bound). */
    public static final int MAX_HOSTS = 1 << 20;

    private long[] keys = new long[2 * 1024];
    private long[] times = new long[1024];
    private boolean[] used = new boolean[1024];
    private int mask = 1023;
    private int size;
    private boolean full;

    /** Notes that the packet's source sent it at {@code nanos}. */
    public void seen(PacketView v, long nanos) {
        int off = v.ipSrc();
        if (off < 0) {
            return;
        }
        record(Endpoints.hi(v, off), Endpoints.lo(v, off), nanos);
    }

    private void record(long hi, long lo, long nanos) {
        int i = slot(hi, lo);
        if (used[i]) {
            times[i] = nanos;
            return;
        }
        if (size >= MAX_HOSTS) {
            full = true;
            return;
        }
        keys[2 * i] = hi;
        keys[2 * i + 1] = lo;
        times[i] = nanos;
        used[i] = true;
        if (++size * 2 > used.length) {
            grow();
        }
    }

    /** The network time (ns) of the last packet from {@code address} (IPv4 or IPv6 text), or -1 if none was seen. */
    public long lastSeen(String address) {
        long[] bits = new long[2];
        LocalAddresses.parse(address, bits);
        int i = slot(bits[0], bits[1]);
        return used[i] ? times[i] : -1;
    }

    /** Addresses tracked. */
    public int size() {
        return size;
    }

    /** True once a source was left untracked because the table reached {@link #MAX_HOSTS}. */
    public boolean full() {
        return full;
    }

    /** The slot holding {@code hi|lo}, or the empty slot where it would go. */
    private int slot(long hi, long lo) {
        int i = hash(hi, lo) & mask;
        while (used[i] && (keys[2 * i] != hi || keys[2 * i + 1] != lo)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static int hash(long hi, long lo) {
        long h = (hi * 0x9E37_79B9_7F4A_7C15L) ^ lo;
        h *= 0xC2B2_AE3D_27D4_EB4FL;
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldTimes = times;
        boolean[] oldUsed = used;
        int n = oldUsed.length * 2;
        keys = new long[2 * n];
        times = new long[n];
        used = new boolean[n];
        mask = n - 1;
        for (int j = 0; j < oldUsed.length; j++) {
            if (oldUsed[j]) {
                int i = slot(oldKeys[2 * j], oldKeys[2 * j + 1]);
                keys[2 * i] = oldKeys[2 * j];
                keys[2 * i + 1] = oldKeys[2 * j + 1];
                times[i] = oldTimes[j];
                used[i] = true;
            }
        }
    }
}
