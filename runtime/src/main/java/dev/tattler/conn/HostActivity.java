package dev.tattler.conn;

import dev.tattler.decode.PacketView;

/**
 * When each host last sent a packet: network time and frame number of the latest IP packet by
 * source address, for scripts that watch hosts go quiet ({@code tattler.lastSeen}) without a
 * handler on every packet. {@link HostTracking} keeps it and answers from it.
 *
 * <pre>
 *   table: [hi|lo|used|ns|number] ...   128-bit address (IPv4 mapped), a mark, the time and the
 *                                       frame, side by side ({@link AddressTable}), so that a
 *                                       known host costs a hash and one or two cache lines
 * </pre>
 *
 * Bounded: at most {@link #MAX_HOSTS} addresses; past that, new sources are not tracked (a
 * spoofed-source flood cannot grow it) and {@link #full()} says so.
 */
final class HostActivity {
    /** The most addresses tracked (80 MB of table at the bound). */
    static final int MAX_HOSTS = 1 << 20;

    private static final int NANOS = AddressTable.PAYLOAD;
    private static final int NUMBER = AddressTable.PAYLOAD + 1;

    private final AddressTable hosts = new AddressTable(5, 1024);
    private boolean full;

    /**
     * Notes that the packet's source sent it, and writes what the table held for that source
     * before (frame number, time; 0, 0 for none) into {@code before[at]} and {@code before[at + 1]}.
     */
    void seen(PacketView v, long[] before, int at) {
        int off = v.ipSrc();
        if (off < 0) {
            before[at] = 0;
            before[at + 1] = 0;
            return;
        }
        long hi = Endpoints.hi(v, off);
        long lo = Endpoints.lo(v, off);
        int slot = hosts.slot(hi, lo);
        long[] tb = hosts.table;
        if (!hosts.used(slot)) {
            before[at] = 0;
            before[at + 1] = 0;
            if (hosts.size() >= MAX_HOSTS) {
                full = true;
                return;
            }
            hosts.claim(slot, hi, lo);
        } else {
            before[at] = tb[slot + NUMBER];
            before[at + 1] = tb[slot + NANOS];
        }
        tb[slot + NANOS] = v.timestampNanos();
        tb[slot + NUMBER] = v.number();
        if (hosts.size() * 2 > hosts.slots()) {
            hosts.rehash(hosts.slots() * 2, s -> true);
        }
    }

    /**
     * The frame number and time of the last packet from {@code hi|lo} into {@code out[0..1]};
     * false when none. Safe against a table changed under it (see {@link AddressTable#lookup}).
     */
    boolean last(long hi, long lo, long[] out) {
        long[] tb = hosts.table;
        int at = hosts.lookup(tb, hi, lo);
        if (at < 0) {
            return false;
        }
        out[0] = tb[at + NUMBER];
        out[1] = tb[at + NANOS];
        return true;
    }

    /** Addresses tracked. */
    int size() {
        return hosts.size();
    }

    /** True once a source was left untracked because the table reached {@link #MAX_HOSTS}. */
    boolean full() {
        return full;
    }
}
