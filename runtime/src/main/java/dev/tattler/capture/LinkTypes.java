package dev.tattler.capture;

/**
 * The link-layer header types (tcpdump.org LINKTYPE_ values) Tattler decodes. Classic pcap
 * stores extra bits above the low 16 in the header's link-type field (the FCS length in bits
 * 28..31 and a flag in bit 26); {@link #mask(long)} strips them.
 */
public final class LinkTypes {
    public static final int NULL = 0;          // BSD loopback: 4-byte host-order family
    public static final int ETHERNET = 1;
    public static final int PPP = 9;           // PPP with protocol field (RFC 1661)
    public static final int RAW_OLD = 12;      // some BSDs use 12 (or 14) for raw IP
    public static final int RAW_OLD14 = 14;
    public static final int PPP_HDLC = 50;     // PPP in HDLC-like framing (DLT_PPP_SERIAL)
    public static final int RAW = 101;         // raw IPv4/IPv6, version nibble decides
    public static final int LINUX_SLL = 113;
    public static final int LOOP = 108;        // OpenBSD loopback: 4-byte network-order family
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int NFLOG = 239;
    public static final int LINUX_SLL2 = 276;

    private LinkTypes() {
    }

    /** The link type proper, without the FCS-length and flag bits of the pcap header field. */
    public static int mask(long field) {
        return (int) (field & 0x03FF_FFFFL) & 0xFFFF;
    }

    /** A short name for messages, e.g. "EN10MB". */
    public static String name(int linkType) {
        switch (linkType) {
            case NULL: return "NULL";
            case ETHERNET: return "EN10MB";
            case PPP: return "PPP";
            case RAW_OLD: case RAW_OLD14: case RAW: return "RAW";
            case PPP_HDLC: return "PPP_SERIAL";
            case LINUX_SLL: return "LINUX_SLL";
            case LOOP: return "LOOP";
            case IPV4: return "IPV4";
            case IPV6: return "IPV6";
            case NFLOG: return "NFLOG";
            case LINUX_SLL2: return "LINUX_SLL2";
            default: return "DLT " + linkType;
        }
    }
}
