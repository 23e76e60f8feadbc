package dev.tattler.conn;

import dev.tattler.decode.PacketView;

/** Reads IP addresses as two 64-bit halves (IPv4 as ::ffff:a.b.c.d) for keys and comparisons. */
final class Endpoints {
    private static final long V4_MAPPED_HI = 0L;
    private static final long V4_MAPPED_PREFIX = 0xFFFFL << 32;

    private Endpoints() {
    }

    static long hi(PacketView v, int off) {
        return v.ipVersion() == 6 ? v.u64(off) : V4_MAPPED_HI;
    }

    static long lo(PacketView v, int off) {
        return v.ipVersion() == 6 ? v.u64(off + 8) : V4_MAPPED_PREFIX | v.u32(off);
    }

    /** A hash of one address for open-addressing tables keyed by it (HostActivity, HostThreshold). */
    static int hash(long hi, long lo) {
        long h = (hi * 0x9E37_79B9_7F4A_7C15L) ^ lo;
        h *= 0xC2B2_AE3D_27D4_EB4FL;
        return (int) (h ^ (h >>> 32));
    }

    static int compare(long hi1, long lo1, int port1, long hi2, long lo2, int port2) {
        int c = Long.compareUnsigned(hi1, hi2);
        if (c == 0) {
            c = Long.compareUnsigned(lo1, lo2);
        }
        return c != 0 ? c : Integer.compare(port1, port2);
    }
}
