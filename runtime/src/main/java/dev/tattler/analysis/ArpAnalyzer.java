package dev.tattler.analysis;

import dev.tattler.decode.PacketView;

/**
 * Classifies an ARP packet the way Zeek's ARP analyzer does: Ethernet/IEEE 802 hardware with
 * 6-byte addresses, IPv4 with 4-byte addresses, a sender hardware address equal to the
 * frame's source MAC, then request or reply; anything else is {@code bad_arp} with Zeek's
 * explanation text.
 */
public final class ArpAnalyzer {
    public static final int REQUEST = 1;
    public static final int REPLY = 2;
    public static final int BAD = -1;
    private static final int HRD_ETHER = 1;
    private static final int HRD_IEEE802 = 6;
    private static final int PRO_IPV4 = 0x0800;

    private ArpAnalyzer() {
    }

    /** REQUEST, REPLY or BAD (then {@link #explain} says why). */
    public static int classify(PacketView v) {
        return explain(v) == null ? v.arpOp() : BAD;
    }

    /** Zeek's bad_arp explanation for this packet, or null when it is a good request or reply. */
    public static String explain(PacketView v) {
        int hrd = v.arpHardware();
        if (hrd != HRD_ETHER && hrd != HRD_IEEE802) {
            return "unknown-arp-hw-address (hrd=" + hrd + ")";
        }
        if (v.arpHardwareLength() != 6) {
            return "corrupt-arp-header (hrd=" + hrd + ", hln=" + v.arpHardwareLength() + ")";
        }
        int pro = v.arpProtocol();
        if (pro != PRO_IPV4) {
            return "unknown-arp-proto-address (pro=" + pro + ")";
        }
        if (v.arpProtocolLength() != 4) {
            return "corrupt-arp-header (pro=" + pro + ", pln=" + v.arpProtocolLength() + ")";
        }
        if (v.macSrc() >= 0 && v.u48(v.macSrc()) != v.u48(v.arpSha())) {
            return "weird-arp-sha";
        }
        int op = v.arpOp();
        if (op == REQUEST || op == REPLY) {
            return null;
        }
        if (op == 3 || op == 4 || op == 8 || op == 9) {
            return "unimplemented-arp-opcode (" + op + ")";
        }
        return "invalid-arp-opcode (opcode=" + op + ")";
    }
}
