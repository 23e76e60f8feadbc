package dev.tattler.decode;

/**
 * A PPPoE session header (RFC 2516: version/type, code, session id, length), then PPP without
 * address and control bytes. Discovery frames (ethertype 0x8863) carry no IP and are not
 * followed.
 */
final class PppoeDecoder {
    static final int HEADER = 6;

    private PppoeDecoder() {
    }

    static int decode(PacketView v, int off, WeirdSink weirds) {
        if (v.end - off < HEADER + 2) {
            weirds.weird(Weirds.TRUNCATED_PPPOE_HEADER, null, v);
            return -1;
        }
        return PppDecoder.decode(v, off + HEADER, weirds);
    }
}
