package dev.tattler.engine;

import dev.tattler.decode.PacketView;

/**
 * Who originates a UDP flow, as Zeek decides: the sender of the first packet, unless that
 * packet comes from a likely server port to a port that is not one (we saw the reply first),
 * in which case the roles flip. A packet to a broadcast or multicast address never flips, so
 * the broadcast address is never the originator.
 */
final class UdpRoles {
    private static final boolean[] LIKELY_SERVER = new boolean[65536];

    static {
        int[] ports = {53, 67, 68, 69, 123, 137, 138, 161, 162, 389, 443, 500, 514, 520, 546, 547,
                1812, 1813, 1900, 3478, 4500, 5060, 5353, 5355};
        for (int p : ports) {
            LIKELY_SERVER[p] = true;
        }
    }

    private UdpRoles() {
    }

    static boolean flip(PacketView v) {
        if (!LIKELY_SERVER[v.srcPort()] || LIKELY_SERVER[v.dstPort()]) {
            return false;
        }
        return !isBroadcastOrMulticast(v);
    }

    private static boolean isBroadcastOrMulticast(PacketView v) {
        if (v.isEthernetBroadcast()) {
            return true;
        }
        if (v.ipVersion() == 4) {
            int dst = v.ipv4Dst();
            return dst == -1 || (dst >>> 28) == 0xE || (dst & 0xFF) == 0xFF;
        }
        return v.ipVersion() == 6 && v.u8(v.ipDst()) == 0xFF;
    }
}
