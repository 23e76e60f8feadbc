package dev.tattler.decode;

/**
 * An MPLS label stack: skips labels up to the bottom-of-stack bit, then guesses the payload
 * from the IP version nibble, as Zeek and Wireshark do (MPLS does not say what it carries).
 */
final class MplsDecoder {
    private static final int LABEL = 4;
    private static final int MAX_LABELS = 16;

    private MplsDecoder() {
    }

    static int decode(PacketView v, int off, WeirdSink weirds) {
        v.layers |= PacketView.MPLS;
        for (int i = 0; i < MAX_LABELS; i++) {
            if (v.end - off < LABEL) {
                weirds.weird(Weirds.TRUNCATED_MPLS_HEADER, null, v);
                return -1;
            }
            boolean bottom = (v.u8(off + 2) & 0x01) != 0;
            off += LABEL;
            if (bottom) {
                if (off >= v.end) {
                    return -1;
                }
                int version = v.u8(off) >>> 4;
                v.etherType = version == 4 ? EtherTypes.IPV4 : version == 6 ? EtherTypes.IPV6 : -1;
                return v.etherType < 0 ? -1 : off;
            }
        }
        weirds.weird(Weirds.TOO_MANY_ENCAPSULATIONS, null, v);
        return -1;
    }
}
