package dev.tattler.decode;

/** One 802.1Q or 802.1ad tag; stacked tags come through here once each. */
final class VlanDecoder {
    static final int HEADER = 4;

    private VlanDecoder() {
    }

    static int decode(PacketView v, int off, WeirdSink weirds) {
        if (v.end - off < HEADER) {
            weirds.weird(Weirds.TRUNCATED_VLAN_HEADER, null, v);
            return -1;
        }
        int id = v.u16(off) & 0x0FFF;
        if (v.vlanCount == 0) {
            v.vlan = id;
        } else if (v.vlanCount == 1) {
            v.innerVlan = id;
        }
        v.vlanCount++;
        v.layers |= PacketView.VLAN;
        v.etherType = v.u16(off + 2);
        return off + HEADER;
    }
}
