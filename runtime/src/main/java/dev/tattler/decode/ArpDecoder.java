package dev.tattler.decode;

/**
 * ARP (RFC 826) header: records the opcode, the announced lengths and where the four addresses
 * sit. Address offsets follow the announced lengths even when those are absurd, exactly as
 * Zeek's ARP analyzer reads them, so a corrupt header still shows what its bytes say; deciding
 * whether it is a request, a reply or bad is {@code analysis.ArpAnalyzer}'s job.
 */
final class ArpDecoder {
    static final int FIXED = 8;

    private ArpDecoder() {
    }

    static void decode(PacketView v, int off, WeirdSink weirds) {
        if (v.end - off < FIXED) {
            weirds.weird(Weirds.TRUNCATED_ARP, null, v);
            return;
        }
        int hln = v.u8(off + 4);
        int pln = v.u8(off + 5);
        if (v.end - off < FIXED + 2 * hln + 2 * pln) {
            weirds.weird(Weirds.TRUNCATED_ARP, null, v);
            return;
        }
        v.layers |= PacketView.ARP;
        v.l3 = off;
        v.arpHardware = v.u16(off);
        v.arpProtocol = v.u16(off + 2);
        v.arpHardwareLength = hln;
        v.arpProtocolLength = pln;
        v.arpOp = v.u16(off + 6);
        v.arpSha = off + FIXED;
        v.arpSpa = v.arpSha + hln;
        v.arpTha = v.arpSpa + pln;
        v.arpTpa = v.arpTha + hln;
    }
}
