package dev.tattler.engine;

import dev.tattler.decode.PacketView;
import dev.tattler.decode.Weirds;

/** weird.log's "source" column: the analyzer that raised the weird, named as Zeek names them. */
final class WeirdSources {
    private WeirdSources() {
    }

    static String of(String name, PacketView v) {
        switch (name) {
            case Weirds.TRUNCATED_ETHERNET_FRAME:
                return "ETHERNET";
            case Weirds.TRUNCATED_VLAN_HEADER:
                return "VLAN";
            case Weirds.TRUNCATED_LLC_HEADER:
                return "SNAP";
            case Weirds.TRUNCATED_MPLS_HEADER:
                return "MPLS";
            case Weirds.TRUNCATED_ARP:
                return "ARP";
            case Weirds.TRUNCATED_IP:
            case Weirds.UNKNOWN_IP_VERSION:
            case Weirds.IP_HDR_LEN_ZERO:
            case Weirds.TRUNCATED_IP_LEN:
            case Weirds.INVALID_IP_HEADER_SIZE:
            case Weirds.IPV4_MIN_HEADER_SIZE:
            case Weirds.TRUNCATED_IPV6_EXTENSION_HEADER:
                return "IP";
            case Weirds.BAD_IP_CHECKSUM:
            case Weirds.FRAGMENT_OVERLAP:
            case Weirds.FRAGMENT_INCONSISTENCY:
            case Weirds.FRAGMENT_SIZE_INCONSISTENCY:
            case Weirds.FRAGMENT_PROTOCOL_INCONSISTENCY:
            case Weirds.FRAGMENT_WITH_DF:
            case Weirds.EXCESSIVELY_SMALL_FRAGMENT:
            case Weirds.EXCESSIVELY_LARGE_FRAGMENT:
            case Weirds.FRAGMENT_REASSEMBLY_TIMEOUT:
            case Weirds.FRAGMENT_REASSEMBLY_OVERFLOW:
                return "IP";
            case Weirds.BAD_TCP_CHECKSUM:
                return "TCP";
            case Weirds.BAD_UDP_CHECKSUM:
                return "UDP";
            case Weirds.BAD_ICMP_CHECKSUM:
                return "ICMP";
            case Weirds.CONNECTION_TABLE_FULL:
                return "CONN";
            case Weirds.UDP_DATAGRAM_LENGTH_MISMATCH:
                return "UDP";
            case Weirds.BAD_TCP_HEADER_LEN:
                return "TCP";
            case Weirds.TRUNCATED_HEADER:
            case Weirds.INTERNALLY_TRUNCATED_HEADER:
                return v.ipProto() == 6 ? "TCP" : v.ipProto() == 17 ? "UDP" : "ICMP";
            default:
                return "LINK";
        }
    }
}
