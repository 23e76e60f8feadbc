package dev.tattler.decode;

/**
 * PPP: DLT_PPP (protocol field, optionally after FF 03) and DLT_PPP_SERIAL (HDLC-like framing,
 * FF 03 address/control first). Only IPv4 (0x0021) and IPv6 (0x0057) are followed; LCP, IPCP
 * and friends are normal control traffic and end decoding quietly.
 */
final class PppDecoder {
    private static final int PPP_IPV4 = 0x0021;
    private static final int PPP_IPV6 = 0x0057;

    private PppDecoder() {
    }

    static int decode(PacketView v, int off, WeirdSink weirds) {
        if (v.end - off >= 2 && v.u8(off) == 0xFF && v.u8(off + 1) == 0x03) {
            off += 2;
        }
        if (v.end - off < 1) {
            weirds.weird(Weirds.TRUNCATED_LINK_HEADER, null, v);
            return -1;
        }
        // Protocol-field compression: an odd first byte is a one-byte protocol.
        int protocol;
        if ((v.u8(off) & 1) == 1) {
            protocol = v.u8(off);
            off += 1;
        } else {
            if (v.end - off < 2) {
                weirds.weird(Weirds.TRUNCATED_LINK_HEADER, null, v);
                return -1;
            }
            protocol = v.u16(off);
            off += 2;
        }
        v.layers |= PacketView.LINK;
        if (protocol == PPP_IPV4) {
            v.etherType = EtherTypes.IPV4;
        } else if (protocol == PPP_IPV6) {
            v.etherType = EtherTypes.IPV6;
        } else {
            return -1;
        }
        return off;
    }
}
