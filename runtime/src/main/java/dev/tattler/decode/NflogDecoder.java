package dev.tattler.decode;

/**
 * Linux NFLOG: a 4-byte header (family, version, resource id) then TLVs in host (little-endian)
 * order, each padded to 4 bytes. The packet itself is the NFULA_PAYLOAD TLV (type 9).
 */
final class NflogDecoder {
    private static final int HEADER = 4;
    private static final int TLV_HEADER = 4;
    private static final int NFULA_PAYLOAD = 9;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private NflogDecoder() {
    }

    static int decode(PacketView v, int off, WeirdSink weirds) {
        if (v.end - off < HEADER) {
            weirds.weird(Weirds.TRUNCATED_LINK_HEADER, null, v);
            return -1;
        }
        int family = v.u8(off);
        int p = off + HEADER;
        while (v.end - p >= TLV_HEADER) {
            int length = v.u16le(p);
            int type = v.u16le(p + 2) & 0x7FFF;
            if (length < TLV_HEADER || v.end - p < length) {
                break;
            }
            if (type == NFULA_PAYLOAD) {
                v.layers |= PacketView.LINK;
                v.end = p + length; // the payload TLV bounds the packet
                if (family == AF_INET) {
                    v.etherType = EtherTypes.IPV4;
                } else if (family == AF_INET6) {
                    v.etherType = EtherTypes.IPV6;
                } else {
                    weirds.weird(Weirds.UNKNOWN_LINK_PROTOCOL, "family " + family, v);
                    return -1;
                }
                return p + TLV_HEADER;
            }
            p += (length + 3) & ~3;
        }
        weirds.weird(Weirds.TRUNCATED_LINK_HEADER, "no NFLOG payload", v);
        return -1;
    }
}
