package dev.tattler.decode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The catalogue of weird names the engine raises. Names follow Zeek's where Zeek has the same
 * condition, so weird.log reads the same; each has a one-line description that docs/weirds.md
 * repeats (a test keeps the two in step).
 */
public final class Weirds {
    public static final String TRUNCATED_LINK_HEADER = "truncated_link_header";
    public static final String UNKNOWN_LINK_TYPE = "unknown_link_type";
    public static final String UNKNOWN_LINK_PROTOCOL = "unknown_link_protocol";
    public static final String TRUNCATED_ETHERNET_FRAME = "truncated_ethernet_frame";
    public static final String TRUNCATED_VLAN_HEADER = "truncated_VLAN_header";
    public static final String TRUNCATED_LLC_HEADER = "truncated_LLC_header";
    public static final String TRUNCATED_MPLS_HEADER = "truncated_MPLS_header";
    public static final String TOO_MANY_ENCAPSULATIONS = "too_many_encapsulations";
    public static final String TRUNCATED_ARP = "truncated_ARP";
    public static final String TRUNCATED_IP = "truncated_IP";
    public static final String IP_VERSION_MISMATCH = "ip_version_mismatch";
    public static final String UNKNOWN_IP_VERSION = "unknown_IP_version";
    public static final String BOGUS_IP_HEADER_LENGTHS = "bogus_IP_header_lengths";
    public static final String TRUNCATED_IPV6_EXTENSION_HEADER = "truncated_IPv6_extension_header";
    public static final String TRUNCATED_HEADER = "truncated_header";
    public static final String INTERNALLY_TRUNCATED_HEADER = "internally_truncated_header";
    public static final String UDP_DATAGRAM_LENGTH_MISMATCH = "UDP_datagram_length_mismatch";
    public static final String BAD_TCP_HEADER_LEN = "bad_TCP_header_len";
    public static final String CAPTURE_FILE_TRUNCATED = "capture_file_truncated";

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put(TRUNCATED_LINK_HEADER,
                "The frame is shorter than its link-layer header (SLL, SLL2, NULL, PPP, NFLOG).");
        DESCRIPTIONS.put(UNKNOWN_LINK_TYPE,
                "The capture's link type is not one Tattler decodes; the frame is counted, not decoded.");
        DESCRIPTIONS.put(UNKNOWN_LINK_PROTOCOL,
                "A link header names a protocol family Tattler does not decode (NULL/LOOP family, PPP protocol).");
        DESCRIPTIONS.put(TRUNCATED_ETHERNET_FRAME, "The frame is shorter than a 14-byte Ethernet header.");
        DESCRIPTIONS.put(TRUNCATED_VLAN_HEADER, "An 802.1Q/802.1ad tag is cut off by the end of the frame.");
        DESCRIPTIONS.put(TRUNCATED_LLC_HEADER, "An 802.2 LLC or SNAP header is cut off by the end of the frame.");
        DESCRIPTIONS.put(TRUNCATED_MPLS_HEADER, "An MPLS label stack runs past the end of the frame.");
        DESCRIPTIONS.put(TOO_MANY_ENCAPSULATIONS,
                "More than 8 stacked VLAN/MPLS/SNAP headers; decoding stops there.");
        DESCRIPTIONS.put(TRUNCATED_ARP,
                "An ARP packet is shorter than its fixed header or than the addresses its lengths announce.");
        DESCRIPTIONS.put(TRUNCATED_IP,
                "Fewer bytes than an IP header, or the packet on the wire is shorter than its IP total length.");
        DESCRIPTIONS.put(IP_VERSION_MISMATCH, "The IP version nibble disagrees with the ethertype.");
        DESCRIPTIONS.put(UNKNOWN_IP_VERSION, "Raw IP link type with a version nibble that is neither 4 nor 6.");
        DESCRIPTIONS.put(BOGUS_IP_HEADER_LENGTHS,
                "IPv4 header length below 20 bytes, or total length smaller than the header length.");
        DESCRIPTIONS.put(TRUNCATED_IPV6_EXTENSION_HEADER,
                "An IPv6 extension header runs past the end of the packet.");
        DESCRIPTIONS.put(TRUNCATED_HEADER,
                "The IP payload is shorter than the UDP/TCP/ICMP header it should carry.");
        DESCRIPTIONS.put(INTERNALLY_TRUNCATED_HEADER,
                "The UDP/TCP/ICMP header is cut off by the capture's snap length.");
        DESCRIPTIONS.put(UDP_DATAGRAM_LENGTH_MISMATCH,
                "The UDP length field is below 8 or larger than the IP payload.");
        DESCRIPTIONS.put(BAD_TCP_HEADER_LEN,
                "The TCP data offset is below 5 words or past the end of the IP payload.");
        DESCRIPTIONS.put(CAPTURE_FILE_TRUNCATED,
                "The capture file ends in the middle of a record; the records before it were processed.");
    }

    private Weirds() {
    }

    /** Every weird name with its description, in catalogue order. */
    public static Map<String, String> catalogue() {
        return java.util.Collections.unmodifiableMap(DESCRIPTIONS);
    }
}
