package dev.tattler.conn;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.decode.PacketView;

/**
 * When each host last sent a packet: network time of the latest IP packet by source address,
 * for scripts that watch hosts go quiet ({@code tattler.lastSeen}) without a handler on every
 * packet.
 *
 * <pre>
 *   table: [hi|lo|ns|used] [hi|lo|ns|used] ...   128-bit address (IPv4 mapped), time and a mark,
 *                                                side by side so that a known host costs a hash
 *                                                and one cache line; open addressing, linear probing
 * </pre>
 *
 * Bounded: at most {@link #MAX_HOSTS} addresses; past that, new sources are not tracked (a
 * spoofed-source flood cannot grow it) and {@link #full()} says so.
 */
public final class HostActivity {
    /** The most addresses tracked (64 MB of table at the bound). */
    public static final int MAX_HOSTS = 1 << 20;

    private static final int STRIDE = 4;
    private static final int NANOS = 2;
    private static final int USED = 3;

    private long[] table = new long[1024 * STRIDE];
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
        int at = slot(hi, lo);
        long[] tb = table;
        if (tb[at + USED] != 0) {
            tb[at + NANOS] = nanos;
            return;
        }
        if (size >= MAX_HOSTS) {
            full = true;
            return;
        }
        tb[at] = hi;
        tb[at + 1] = lo;
        tb[at + NANOS] = nanos;
        tb[at + USED] = 1;
        if (++size * 2 > mask + 1) {
            grow();
        }
    }

    /** The network time (ns) of the last packet from {@code address} (IPv4 or IPv6 text), or -1 if none was seen. */
    public long lastSeen(String address) {
        long[] bits = new long[2];
        LocalAddresses.parse(address, bits);
        int at = slot(bits[0], bits[1]);
        return table[at + USED] != 0 ? table[at + NANOS] : -1;
    }

    /** Addresses tracked. */
    public int size() {
        return size;
    }

    /** True once a source was left untracked because the table reached {@link #MAX_HOSTS}. */
    public boolean full() {
        return full;
    }

    /** The slot (index of its first long) holding {@code hi|lo}, or the empty slot where it would go. */
    private int slot(long hi, long lo) {
        long[] tb = table;
        int i = Endpoints.hash(hi, lo) & mask;
        while (tb[i * STRIDE + USED] != 0 && (tb[i * STRIDE] != hi || tb[i * STRIDE + 1] != lo)) {
            i = (i + 1) & mask;
        }
        return i * STRIDE;
    }

    private void grow() {
        long[] old = table;
        int n = (mask + 1) * 2;
        table = new long[n * STRIDE];
        mask = n - 1;
        for (int j = 0; j < old.length; j += STRIDE) {
            if (old[j + USED] != 0) {
                System.arraycopy(old, j, table, slot(old[j], old[j + 1]), STRIDE);
            }
        }
    }
}
