package dev.tattler.decode;

/**
 * 802.2 LLC after an 802.3 length field. Only SNAP (AA AA 03 + OUI + type) carries a protocol
 * Tattler follows (e.g. ARP in Zeek's snap-arp trace); other LLC payloads (STP, NetBEUI) end
 * decoding without a weird, since they are normal traffic.
 */
final class LlcSnapDecoder {
    private static final int LLC = 3;
    private static final int SNAP = 5;

    private LlcSnapDecoder() {
    }

    /** @return the offset after LLC/SNAP with {@code v.etherType} set, or -1 when nothing follows */
    static int decode(PacketView v, int off, WeirdSink weirds) {
        if (v.end - off < LLC) {
            weirds.weird(Weirds.TRUNCATED_LLC_HEADER, null, v);
            return -1;
        }
        v.layers |= PacketView.LLC;
        boolean snap = v.u8(off) == 0xAA && v.u8(off + 1) == 0xAA && v.u8(off + 2) == 0x03;
        if (!snap) {
            v.etherType = -1;
            return -1;
        }
        if (v.end - off < LLC + SNAP) {
            weirds.weird(Weirds.TRUNCATED_LLC_HEADER, null, v);
            return -1;
        }
        v.etherType = v.u16(off + LLC + 3);
        return off + LLC + SNAP;
    }
}
