package dev.tattler.decode;

/**
 * BSD loopback headers: DLT_NULL (a 4-byte address family in the capturing host's byte order,
 * so both orders are tried) and DLT_LOOP (the same in network order). AF_INET is 2 everywhere;
 * AF_INET6 differs per OS (24 NetBSD/OpenBSD, 28 FreeBSD, 30 macOS, 10 Linux).
 */
final class LoopbackDecoder {
    private static final int HEADER = 4;

    private LoopbackDecoder() {
    }

    static int decode(PacketView v, int off, boolean networkOrder, WeirdSink weirds) {
        if (v.end - off < HEADER) {
            weirds.weird(Weirds.TRUNCATED_LINK_HEADER, null, v);
            return -1;
        }
        v.layers |= PacketView.LINK;
        long be = v.u32(off);
        long family = networkOrder || be < 0x10000 ? be : Long.reverseBytes(be) >>> 32;
        if (family == 2) {
            v.etherType = EtherTypes.IPV4;
        } else if (family == 24 || family == 28 || family == 30 || family == 10) {
            v.etherType = EtherTypes.IPV6;
        } else {
            weirds.weird(Weirds.UNKNOWN_LINK_PROTOCOL, "family " + family, v);
            return -1;
        }
        return off + HEADER;
    }
}
