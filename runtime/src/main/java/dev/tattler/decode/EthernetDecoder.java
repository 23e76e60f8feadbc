package dev.tattler.decode;

/** Ethernet II and 802.3 headers: records the MACs and hands over the ethertype (or LLC). */
final class EthernetDecoder {
    static final int HEADER = 14;

    private EthernetDecoder() {
    }

    /** @return the offset after the header, or -1 after reporting a weird */
    static int decode(PacketView v, int off, WeirdSink weirds) {
        if (v.end - off < HEADER) {
            weirds.weird(Weirds.TRUNCATED_ETHERNET_FRAME, null, v);
            return -1;
        }
        v.layers |= PacketView.ETHERNET | PacketView.LINK;
        v.macDst = off;
        v.macSrc = off + 6;
        v.etherType = v.u16(off + 12);
        return off + HEADER;
    }
}
