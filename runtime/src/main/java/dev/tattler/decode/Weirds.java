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
    public static final String TRUNCATED_PPPOE_HEADER = "truncated_pppoe_header";
    public static final String TOO_MANY_ENCAPSULATIONS = "too_many_encapsulations";
    public static final String TRUNCATED_ARP = "truncated_ARP";
    public static final String TRUNCATED_IP = "truncated_IP";
    public static final String UNKNOWN_IP_VERSION = "unknown_ip_version";
    public static final String IP_HDR_LEN_ZERO = "ip_hdr_len_zero";
    public static final String TRUNCATED_IP_LEN = "truncated_IP_len";
    public static final String INVALID_IP_HEADER_SIZE = "invalid_IP_header_size";
    public static final String IPV4_MIN_HEADER_SIZE = "IPv4_min_header_size";
    public static final String TRUNCATED_IPV6_EXTENSION_HEADER = "truncated_IPv6_extension_header";
    public static final String TRUNCATED_HEADER = "truncated_header";
    public static final String INTERNALLY_TRUNCATED_HEADER = "internally_truncated_header";
    public static final String UDP_DATAGRAM_LENGTH_MISMATCH = "UDP_datagram_length_mismatch";
    public static final String BAD_TCP_HEADER_LEN = "bad_TCP_header_len";
    public static final String CAPTURE_FILE_TRUNCATED = "capture_file_truncated";
    // Connection tracking and fragment reassembly (dev.tattler.conn, dev.tattler.reassembly).
    public static final String BAD_IP_CHECKSUM = "bad_IP_checksum";
    public static final String BAD_TCP_CHECKSUM = "bad_TCP_checksum";
    public static final String BAD_UDP_CHECKSUM = "bad_UDP_checksum";
    public static final String BAD_ICMP_CHECKSUM = "bad_ICMP_checksum";
    public static final String CONNECTION_TABLE_FULL = "connection_table_full";
    public static final String FRAGMENT_OVERLAP = "fragment_overlap";
    public static final String FRAGMENT_INCONSISTENCY = "fragment_inconsistency";
    public static final String FRAGMENT_SIZE_INCONSISTENCY = "fragment_size_inconsistency";
    public static final String FRAGMENT_PROTOCOL_INCONSISTENCY = "fragment_protocol_inconsistency";
    public static final String FRAGMENT_WITH_DF = "fragment_with_DF";
    public static final String EXCESSIVELY_SMALL_FRAGMENT = "excessively_small_fragment";
    public static final String EXCESSIVELY_LARGE_FRAGMENT = "excessively_large_fragment";
    public static final String FRAGMENT_REASSEMBLY_TIMEOUT = "fragment_reassembly_timeout";
    public static final String FRAGMENT_REASSEMBLY_OVERFLOW = "fragment_reassembly_overflow";

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put(TRUNCATED_LINK_HEADER,
                "The frame is shorter than its link-layer header (SLL, SLL2, NULL, PPP, NFLOG).");
        DESCRIPTIONS.put(UNKNOWN_LINK_TYPE,
                "The capture's link type is not one Tattler decodes; the frame is counted, not decoded.");
        DESCRIPTIONS.put(UNKNOWN_LINK_PROTOCOL,
                "A loopback (NULL/LOOP) or NFLOG header names an address family Tattler does not decode.");
        DESCRIPTIONS.put(TRUNCATED_ETHERNET_FRAME, "The frame is shorter than a 14-byte Ethernet header.");
        DESCRIPTIONS.put(TRUNCATED_VLAN_HEADER, "An 802.1Q/802.1ad tag is cut off by the end of the frame.");
        DESCRIPTIONS.put(TRUNCATED_LLC_HEADER, "An 802.2 LLC or SNAP header is cut off by the end of the frame.");
        DESCRIPTIONS.put(TRUNCATED_MPLS_HEADER, "An MPLS label stack runs past the end of the frame.");
        DESCRIPTIONS.put(TRUNCATED_PPPOE_HEADER, "A PPPoE session header (and its PPP protocol) is cut off by the end of the frame.");
        DESCRIPTIONS.put(TOO_MANY_ENCAPSULATIONS,
                "More than 8 stacked VLAN/MPLS/SNAP headers; decoding stops there.");
        DESCRIPTIONS.put(TRUNCATED_ARP,
                "An ARP packet is shorter than its fixed header or than the addresses its lengths announce.");
        DESCRIPTIONS.put(TRUNCATED_IP, "Fewer captured bytes than a minimal IPv4 (20) or IPv6 (40) header.");
        DESCRIPTIONS.put(UNKNOWN_IP_VERSION, "An IP packet whose version nibble is neither 4 nor 6.");
        DESCRIPTIONS.put(IP_HDR_LEN_ZERO,
                "IPv4 total length 0 (TCP segmentation offload zeroes it); the packet is dropped, or with -C read to the end of the capture, as Zeek does.");
        DESCRIPTIONS.put(TRUNCATED_IP_LEN, "The frame on the wire is shorter than the IP total length claims.");
        DESCRIPTIONS.put(INVALID_IP_HEADER_SIZE, "The IPv4 header length exceeds the total length.");
        DESCRIPTIONS.put(IPV4_MIN_HEADER_SIZE, "The IPv4 header length field is below 5 words (20 bytes).");
        DESCRIPTIONS.put(TRUNCATED_IPV6_EXTENSION_HEADER,
                "An IPv6 extension header runs past the end of the packet.");
        DESCRIPTIONS.put(TRUNCATED_HEADER,
                "The IP payload is shorter than the UDP/TCP/ICMP header it should carry, or TCP options are cut off.");
        DESCRIPTIONS.put(INTERNALLY_TRUNCATED_HEADER,
                "The IPv4 header (with options) or the UDP/TCP/ICMP header is cut off by the capture's snap length.");
        DESCRIPTIONS.put(UDP_DATAGRAM_LENGTH_MISMATCH,
                "The UDP length field is below 8 or larger than the IP payload.");
        DESCRIPTIONS.put(BAD_TCP_HEADER_LEN,
                "The TCP data offset is below 5 words or past the end of the IP payload.");
        DESCRIPTIONS.put(CAPTURE_FILE_TRUNCATED,
                "The capture file ends in the middle of a record; the records before it were processed.");
        DESCRIPTIONS.put(BAD_IP_CHECKSUM,
                "The IPv4 header checksum is wrong; the packet is dropped (-C ignores checksums).");
        DESCRIPTIONS.put(BAD_TCP_CHECKSUM,
                "A TCP segment's checksum is wrong: history gets C/c and the segment is not counted (-C ignores checksums).");
        DESCRIPTIONS.put(BAD_UDP_CHECKSUM,
                "A UDP datagram's checksum is wrong: history gets C/c and the datagram is not counted (-C ignores checksums).");
        DESCRIPTIONS.put(BAD_ICMP_CHECKSUM,
                "An ICMP/ICMPv6 message's checksum is wrong; it is not counted (-C ignores checksums).");
        DESCRIPTIONS.put(CONNECTION_TABLE_FULL,
                "The connection cap was reached: the least recently active connection was removed early (its conn.log row is written).");
        DESCRIPTIONS.put(FRAGMENT_OVERLAP, "Two IP fragments of a datagram overlap with the same bytes.");
        DESCRIPTIONS.put(FRAGMENT_INCONSISTENCY,
                "Two IP fragments of a datagram overlap with different bytes; the first one seen wins.");
        DESCRIPTIONS.put(FRAGMENT_SIZE_INCONSISTENCY,
                "IP fragments disagree about where the datagram ends.");
        DESCRIPTIONS.put(FRAGMENT_PROTOCOL_INCONSISTENCY,
                "IP fragments of one datagram differ in protocol or header length, or one is shorter than its header.");
        DESCRIPTIONS.put(FRAGMENT_WITH_DF, "An IP fragment has the Don't Fragment bit set.");
        DESCRIPTIONS.put(EXCESSIVELY_SMALL_FRAGMENT, "A fragment other than the last is shorter than 64 bytes.");
        DESCRIPTIONS.put(EXCESSIVELY_LARGE_FRAGMENT,
                "Fragments make a datagram larger than 64000 bytes; past the IPv4 maximum it is dropped.");
        DESCRIPTIONS.put(FRAGMENT_REASSEMBLY_TIMEOUT,
                "A fragmented datagram was still incomplete after the fragment timeout (30 s) and was dropped.");
        DESCRIPTIONS.put(FRAGMENT_REASSEMBLY_OVERFLOW,
                "Too many or too large incomplete fragmented datagrams: the oldest was dropped to stay within the cap.");
    }

    private Weirds() {
    }

    /**
     * The names raised after decoding, by connection tracking and fragment reassembly
     * (dev.tattler.conn, dev.tattler.reassembly), not by a decoder looking at one frame.
     */
    public static java.util.Set<String> connectionWeirds() {
        return java.util.Set.of(BAD_IP_CHECKSUM, BAD_TCP_CHECKSUM, BAD_UDP_CHECKSUM, BAD_ICMP_CHECKSUM,
                CONNECTION_TABLE_FULL, FRAGMENT_OVERLAP, FRAGMENT_INCONSISTENCY, FRAGMENT_SIZE_INCONSISTENCY,
                FRAGMENT_PROTOCOL_INCONSISTENCY, FRAGMENT_WITH_DF, EXCESSIVELY_SMALL_FRAGMENT,
                EXCESSIVELY_LARGE_FRAGMENT, FRAGMENT_REASSEMBLY_TIMEOUT, FRAGMENT_REASSEMBLY_OVERFLOW);
    }

    /** Every weird name with its description, in catalogue order. */
    public static Map<String, String> catalogue() {
        return java.util.Collections.unmodifiableMap(DESCRIPTIONS);
    }
}
