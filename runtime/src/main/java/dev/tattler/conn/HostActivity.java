package dev.tattler.conn;

import dev.tattler.decode.PacketView;

/**
 * When each host last sent a packet: network time of the latest IP packet by source address,
 * for scripts that watch hosts go quiet ({@code tattler.lastSeen}) without a handler on every
 * packet.
 *
 * <pre>
 *   table: [hi|lo|used|ns] [hi|lo|used|ns] ...   128-bit address (IPv4 mapped), a mark and the
 *                                                time, side by side ({@link AddressTable}), so
 *                                                that a known host costs a hash and one cache line
 * </pre>
 *
 * Bounded: at most {@link #MAX_HOSTS} addresses; past that, new sources are not tracked (a
 * spoofed-source flood cannot grow it) and {@link #full()} says so.
 */
public final class HostActivity {
    /** The most addresses tracked (64 MB of table at the bound). */
    public static final int MAX_HOSTS = 1 << 20;

    private static final int NANOS = AddressTable.PAYLOAD;

    private final AddressTable hosts = new AddressTable(4, 1024);
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
        int at = hosts.slot(hi, lo);
        if (hosts.used(at)) {
            hosts.table[at + NANOS] = nanos;
            return;
        }
        if (hosts.size() >= MAX_HOSTS) {
            full = true;
            return;
        }
        hosts.claim(at, hi, lo);
        hosts.table[at + NANOS] = nanos;
        if (hosts.size() * 2 > hosts.slots()) {
            hosts.rehash(hosts.slots() * 2, slot -> true);
        }
    }

    /** The network time (ns) of the last packet from {@code address} (IPv4 or IPv6 text), or -1 if none was seen. */
    public long lastSeen(String address) {
        int at = hosts.find(address);
        return at < 0 ? -1 : hosts.table[at + NANOS];
    }

    /** Addresses tracked. */
    public int size() {
        return hosts.size();
    }

    /** True once a source was left untracked because the table reached {@link #MAX_HOSTS}. */
    public boolean full() {
        return full;
    }
}
