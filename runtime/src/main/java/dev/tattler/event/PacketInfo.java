package dev.tattler.event;

import dev.tattler.decode.Addresses;
import dev.tattler.decode.PacketView;
import org.graalvm.polyglot.HostAccess;

/**
 * A packet as handlers see it: a read-only snapshot of the decoded headers, built only when a
 * subscribed event needs it (the {@link PacketView} it comes from is reused for the next packet).
 */
@Doc("A packet: its link, IP and transport headers. Absent layers give null.")
public final class PacketInfo {
    @HostAccess.Export @Doc("capture time, seconds since the epoch")
    public final double ts;
    @HostAccess.Export @Doc("frame number in the capture, from 1 (as Wireshark counts)")
    public final long number;
    @HostAccess.Export @Doc("frame length on the wire")
    public final int len;
    @HostAccess.Export @Doc("bytes captured (less than len when cut by the snap length)")
    public final int caplen;
    @HostAccess.Export @Doc("link type name: EN10MB, LINUX_SLL, LINUX_SLL2, RAW, NULL, PPP, NFLOG, ...")
    public final String link;
    @HostAccess.Export @Doc("source MAC (lower-case colon hex), null when the link has none")
    public final String mac_src;
    @HostAccess.Export @Doc("destination MAC, null when the link has none (SLL, raw IP)")
    public final String mac_dst;
    @HostAccess.Export @Doc("outermost 802.1Q/802.1ad VLAN id, or null")
    public final Integer vlan;
    @HostAccess.Export @Doc("second (inner) VLAN id, or null")
    public final Integer inner_vlan;
    @HostAccess.Export @Doc("ethertype of the network layer (e.g. 2048 IPv4, 2054 ARP), or null")
    public final Integer eth_type;
    @HostAccess.Export @Doc("IP version 4 or 6, or null for non-IP")
    public final Integer ip_version;
    @HostAccess.Export @Doc("IP source address, or null")
    public final String src;
    @HostAccess.Export @Doc("IP destination address, or null")
    public final String dst;
    @HostAccess.Export @Doc("IP TTL / hop limit, or null")
    public final Integer ttl;
    @HostAccess.Export @Doc("IP total length from the header, or null")
    public final Integer ip_len;
    @HostAccess.Export @Doc("transport: 'udp', 'tcp', 'icmp', 'icmp6', 'arp', 'ip' (other), or null")
    public final String proto;
    @HostAccess.Export @Doc("IP protocol number after IPv6 extension headers, or null")
    public final Integer ip_proto;
    @HostAccess.Export @Doc("true for an IP fragment (transport fields only in the first one)")
    public final boolean fragment;
    @HostAccess.Export @Doc("UDP/TCP source port, or null")
    public final Integer sport;
    @HostAccess.Export @Doc("UDP/TCP destination port, or null")
    public final Integer dport;
    @HostAccess.Export @Doc("transport payload length from the headers (UDP length - 8, ...), or null")
    public final Integer payload_len;
    @HostAccess.Export @Doc("TCP flags as a number (FIN 1, SYN 2, RST 4, PSH 8, ACK 16), or null")
    public final Integer tcp_flags;
    @HostAccess.Export @Doc("ICMP/ICMPv6 type, or null")
    public final Integer icmp_type;
    @HostAccess.Export @Doc("ICMP/ICMPv6 code, or null")
    public final Integer icmp_code;

    public PacketInfo(PacketView v) {
        byte[] d = v.data();
        ts = Times.seconds(v.timestampNanos());
        number = v.number();
        len = v.wireLength();
        caplen = v.capturedLength();
        link = dev.tattler.capture.LinkTypes.name(v.linkType());
        mac_src = v.macSrc() >= 0 ? Addresses.mac(d, v.macSrc()) : null;
        mac_dst = v.macDst() >= 0 ? Addresses.mac(d, v.macDst()) : null;
        vlan = v.vlan() >= 0 ? Uint16Boxes.of(v.vlan()) : null;
        inner_vlan = v.innerVlan() >= 0 ? Uint16Boxes.of(v.innerVlan()) : null;
        eth_type = v.etherType() >= 0 ? Uint16Boxes.of(v.etherType()) : null;
        boolean ip = v.ipVersion() != 0;
        ip_version = ip ? Uint16Boxes.of(v.ipVersion()) : null;
        src = ip ? Addresses.ip(d, v.ipSrc(), v.ipVersion()) : null;
        dst = ip ? Addresses.ip(d, v.ipDst(), v.ipVersion()) : null;
        ttl = ip ? Uint16Boxes.of(v.ttl()) : null;
        ip_len = ip ? Uint16Boxes.of(v.ipTotalLength()) : null;
        ip_proto = ip && v.ipProto() >= 0 ? Uint16Boxes.of(v.ipProto()) : null;
        fragment = v.has(PacketView.FRAGMENT);
        proto = protoName(v);
        boolean ports = v.has(PacketView.UDP) || v.has(PacketView.TCP);
        sport = ports ? Uint16Boxes.of(v.srcPort()) : null;
        dport = ports ? Uint16Boxes.of(v.dstPort()) : null;
        payload_len = v.payloadOffset() >= 0 ? Uint16Boxes.of(v.payloadLength()) : null;
        tcp_flags = v.has(PacketView.TCP) ? Uint16Boxes.of(v.tcpFlags()) : null;
        boolean icmp = v.has(PacketView.ICMP) || v.has(PacketView.ICMP6);
        icmp_type = icmp ? Uint16Boxes.of(v.icmpType()) : null;
        icmp_code = icmp ? Uint16Boxes.of(v.icmpCode()) : null;
    }

    private static String protoName(PacketView v) {
        if (v.has(PacketView.UDP)) {
            return "udp";
        }
        if (v.has(PacketView.TCP)) {
            return "tcp";
        }
        if (v.has(PacketView.ICMP)) {
            return "icmp";
        }
        if (v.has(PacketView.ICMP6)) {
            return "icmp6";
        }
        if (v.has(PacketView.ARP)) {
            return "arp";
        }
        return v.ipVersion() != 0 ? "ip" : null;
    }

    @Override
    public String toString() {
        return "PacketInfo#" + (long) number + " " + proto + " " + src + " > " + dst;
    }
}
