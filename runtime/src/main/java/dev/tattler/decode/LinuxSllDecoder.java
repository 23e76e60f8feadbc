package dev.tattler.decode;

/**
 * Linux "cooked" captures: SLL (16-byte header, protocol last) and SLL2 (20-byte header,
 * protocol first). Both carry the sender's link address but no destination, so
 * {@link PacketView#macDst()} stays -1 (Zeek prints it as 00:00:00:00:00:00).
 */
final class LinuxSllDecoder {
    private static final int SLL = 16;
    private static final int SLL2 = 20;
    private static final int ARPHRD_NETLINK = 824;

    private LinuxSllDecoder() {
    }

    static int decodeSll(PacketView v, int off, WeirdSink weirds) {
        if (v.end - off < SLL) {
            weirds.weird(Weirds.TRUNCATED_LINK_HEADER, null, v);
            return -1;
        }
        v.layers |= PacketView.LINK;
        int addrLen = v.u16(off + 4);
        if (addrLen == 6) {
            v.macSrc = off + 6;
        }
        v.etherType = v.u16(off + 14);
        return off + SLL;
    }

    static int decodeSll2(PacketView v, int off, WeirdSink weirds) {
        if (v.end - off < SLL2) {
            weirds.weird(Weirds.TRUNCATED_LINK_HEADER, null, v);
            return -1;
        }
        v.layers |= PacketView.LINK;
        if (v.u16(off + 8) == ARPHRD_NETLINK) {
            return -1;
        }
        if (v.u8(off + 11) == 6) {
            v.macSrc = off + 12;
        }
        v.etherType = v.u16(off);
        return off + SLL2;
    }
}
