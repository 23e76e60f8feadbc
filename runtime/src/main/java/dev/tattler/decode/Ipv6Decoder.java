package dev.tattler.decode;

/**
 * IPv6 fixed header and its extension-header chain (hop-by-hop, routing, fragment, destination
 * options, AH, mobility) up to the transport header. A non-first fragment stops there; ESP and
 * "no next header" end the chain.
 */
final class Ipv6Decoder {
    static final int HEADER = 40;
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int AH = 51;
    private static final int DEST_OPTS = 60;
    private static final int MOBILITY = 135;
    private static final int MAX_EXTENSIONS = 16;

    private Ipv6Decoder() {
    }

    static int decode(PacketView v, int off, WeirdSink weirds) {
        if (v.end - off < HEADER) {
            weirds.weird(Weirds.TRUNCATED_IP, null, v);
            return -1;
        }
        int totalLength = HEADER + v.u16(off + 4);
        v.ipLengthField = totalLength;
        int wireAfterLink = v.wireLength - (off - v.start);
        if (totalLength > wireAfterLink) {
            weirds.weird(Weirds.TRUNCATED_IP_LEN, null, v);
            return -1;
        }
        v.layers |= PacketView.IPV6;
        v.l3 = off;
        v.ipVersion = 6;
        v.ipTotalLength = totalLength;
        v.ipEnd = Math.min(v.end, off + totalLength);
        v.ttl = v.u8(off + 7);
        v.ipSrc = off + 8;
        v.ipDst = off + 24;
        int next = v.u8(off + 6);
        int p = off + HEADER;
        // Fix: was "i < MAX_EXTENSIONS", which let only 15 extension headers through (what
        // follows the 16th was never looked at), while MPLS and VLAN allow their full maximum.
        // Now 16 headers decode and a 17th raises too_many_encapsulations.
        for (int i = 0; i <= MAX_EXTENSIONS; i++) {
            if (next != HOP_BY_HOP && next != ROUTING && next != FRAGMENT && next != AH
                    && next != DEST_OPTS && next != MOBILITY) {
                v.ipProto = next;
                v.ipHeaderLength = p - off;
                return p;
            }
            if (i == MAX_EXTENSIONS) {
                break; // a 17th extension header
            }
            if (v.ipEnd - p < 8) {
                weirds.weird(Weirds.TRUNCATED_IPV6_EXTENSION_HEADER, null, v);
                return -1;
            }
            int length;
            if (next == FRAGMENT) {
                length = 8;
                int offsetFlags = v.u16(p + 2);
                v.fragmentOffset = offsetFlags & 0xFFF8;
                v.moreFragments = (offsetFlags & 1) != 0;
                v.ipId = v.i32(p + 4);
                v.layers |= PacketView.FRAGMENT;
            } else if (next == AH) {
                length = (v.u8(p + 1) + 2) * 4;
            } else {
                length = (v.u8(p + 1) + 1) * 8;
            }
            if (v.ipEnd - p < length) {
                weirds.weird(Weirds.TRUNCATED_IPV6_EXTENSION_HEADER, null, v);
                return -1;
            }
            int following = v.u8(p);
            p += length;
            if (next == FRAGMENT && v.fragmentOffset != 0) {
                v.ipProto = following;
                v.ipHeaderLength = p - off;
                return -1;
            }
            next = following;
        }
        weirds.weird(Weirds.TOO_MANY_ENCAPSULATIONS, "IPv6 extension headers", v);
        return -1;
    }
}
