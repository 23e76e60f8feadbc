package dev.tattler.decode;

import static dev.tattler.decode.Frames.decode;
import static dev.tattler.decode.Frames.decodeCut;
import static dev.tattler.decode.PacketDecoderTest.ARP_REQUEST;
import static dev.tattler.decode.PacketDecoderTest.ETH_BCAST;
import static dev.tattler.decode.PacketDecoderTest.IPV4_ICMP_ECHO;
import static dev.tattler.decode.PacketDecoderTest.IPV4_UDP;
import static dev.tattler.decode.PacketDecoderTest.IPV6_ICMP6_ECHO;
import static dev.tattler.decode.PacketView.ETHERNET;
import static dev.tattler.decode.PacketView.FRAGMENT;
import static dev.tattler.decode.PacketView.IPV4;
import static dev.tattler.decode.PacketView.ICMP6;
import static dev.tattler.decode.PacketView.IPV6;
import static dev.tattler.decode.PacketView.LINK;
import static dev.tattler.decode.PacketView.LLC;
import static dev.tattler.decode.PacketView.MPLS;
import static dev.tattler.decode.PacketView.UDP;
import static dev.tattler.decode.PacketView.VLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tattler.capture.LinkTypes;
import dev.tattler.decode.Frames.Decoded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Malformed frames from literal bytes: each asserts the weird raised (collected through a
 * {@link WeirdSink} lambda), that decoding stopped there, and the fields decoded up to that
 * point. {@link #everyPacketWeirdInTheCatalogueIsCoveredHere} keeps the list complete.
 */
class MalformedPacketTest {
    private static final String ETH = "001122334455 66778899aabb ";
    private static final String IPV6_HEADER_ADDRS =
            " fe80 0000 0000 0000 0000 0000 0000 0001 ff02 0000 0000 0000 0000 0000 0000 0001";

    // ---- link layer -------------------------------------------------------------------------

    @Test
    void truncatedEthernetFrame() {
        // 13 bytes: one short of a header (Zeek's trunc-hdr.pcap has 8).
        Decoded d = decode(LinkTypes.ETHERNET, "ffffffffffff 001122334455 08").weirds(Weirds.TRUNCATED_ETHERNET_FRAME);
        d.layers(0);
        assertEquals(-1, d.v.macSrc());
        assertEquals(-1, d.v.macDst());
        assertEquals(-1, d.v.etherType());
        decode(LinkTypes.ETHERNET, "").weirds(Weirds.TRUNCATED_ETHERNET_FRAME).layers(0);
    }

    @Test
    void truncatedVlanHeader() {
        Decoded d = decode(LinkTypes.ETHERNET, ETH_BCAST + " 8100 0064 08").weirds(Weirds.TRUNCATED_VLAN_HEADER);
        d.layers(ETHERNET | LINK);
        assertEquals(0x8100, d.v.etherType());
        assertEquals(0, d.v.vlanCount());
        assertEquals("00:11:22:33:44:55", d.mac(d.v.macSrc()));
        // the inner tag of a QinQ frame cut off: the outer one was decoded
        Decoded inner = decode(LinkTypes.ETHERNET, ETH_BCAST + " 88a8 000a 8100 00").weirds(Weirds.TRUNCATED_VLAN_HEADER);
        inner.layers(ETHERNET | LINK | VLAN);
        assertEquals(1, inner.v.vlanCount());
        assertEquals(10, inner.v.vlan());
        assertEquals(0x8100, inner.v.etherType());
    }

    @Test
    void truncatedLlcHeader() {
        // 802.3 length field, then 2 of the 3 LLC bytes
        Decoded llc = decode(LinkTypes.ETHERNET, ETH_BCAST + " 0024 aa aa").weirds(Weirds.TRUNCATED_LLC_HEADER);
        llc.layers(ETHERNET | LINK);
        assertEquals(0x0024, llc.v.etherType());
        // LLC says SNAP, but only 2 of the 5 SNAP bytes follow
        Decoded snap = decode(LinkTypes.ETHERNET, ETH_BCAST + " 0024 aa aa 03 0000").weirds(Weirds.TRUNCATED_LLC_HEADER);
        snap.layers(ETHERNET | LINK | LLC);
    }

    @Test
    void truncatedMplsHeader() {
        Decoded half = decode(LinkTypes.ETHERNET, ETH + "8847 0001").weirds(Weirds.TRUNCATED_MPLS_HEADER);
        half.layers(ETHERNET | LINK | MPLS);
        // two labels, neither with the bottom-of-stack bit, then the frame ends
        Decoded open = decode(LinkTypes.ETHERNET, ETH + "8847 00010040 00020040").weirds(Weirds.TRUNCATED_MPLS_HEADER);
        open.layers(ETHERNET | LINK | MPLS);
        assertEquals(0x8847, open.v.etherType());
    }

    @Test
    void truncatedArp() {
        // shorter than the 8-byte fixed part
        Decoded fixed = decode(LinkTypes.ETHERNET, ETH_BCAST + " 0806 0001 0800 06").weirds(Weirds.TRUNCATED_ARP);
        fixed.layers(ETHERNET | LINK);
        assertEquals(0x0806, fixed.v.etherType());
        assertEquals(0, fixed.v.arpOp());
        assertEquals(-1, fixed.v.arpSha());
        // fixed part present, but 8 + 2*6 + 2*4 = 28 bytes announced and 20 present
        Decoded addresses = decode(LinkTypes.ETHERNET, ETH_BCAST + " 0806 0001 0800 0604 0001 001122334455 c0a8010a 0000")
                .weirds(Weirds.TRUNCATED_ARP);
        addresses.layers(ETHERNET | LINK);
        assertEquals(-1, addresses.v.l3());
        // hln 255 with a normal-sized frame: what Zeek's arp-leak trace looks like without its padding
        decode(LinkTypes.ETHERNET, ETH_BCAST + " 0806 0001 0800 ff04 0001 7e8e20d823a7 c0a87b01 000000000000 c0a87b02")
                .weirds(Weirds.TRUNCATED_ARP).layers(ETHERNET | LINK);
    }

    @Test
    void unknownLinkType() {
        Decoded d = decode(147, ETH_BCAST + " 0800 " + IPV4_UDP).weirds(Weirds.UNKNOWN_LINK_TYPE);
        assertEquals("DLT 147", d.addls.get(0));
        d.layers(0);
        assertEquals(-1, d.v.etherType());
    }

    @Test
    void unknownLinkProtocol() {
        Decoded nul = decode(LinkTypes.NULL, "07000000 " + IPV4_UDP).weirds(Weirds.UNKNOWN_LINK_PROTOCOL);
        assertEquals("family 7", nul.addls.get(0));
        nul.layers(LINK);
        Decoded nflog = decode(LinkTypes.NFLOG, "07 00 0000 | 2000 0900 " + IPV4_ICMP_ECHO)
                .weirds(Weirds.UNKNOWN_LINK_PROTOCOL);
        assertEquals("family 7", nflog.addls.get(0));
        nflog.layers(LINK);
    }

    @Test
    void truncatedLinkHeader() {
        decode(LinkTypes.LINUX_SLL, "0000 0001 0006 001122334455 0000 08").weirds(Weirds.TRUNCATED_LINK_HEADER).layers(0);
        decode(LinkTypes.LINUX_SLL2, "0800 0000 00000002 0001 00 06 001122334455 00").weirds(Weirds.TRUNCATED_LINK_HEADER)
                .layers(0);
        decode(LinkTypes.NULL, "020000").weirds(Weirds.TRUNCATED_LINK_HEADER).layers(0);
        decode(LinkTypes.LOOP, "").weirds(Weirds.TRUNCATED_LINK_HEADER).layers(0);
        decode(LinkTypes.PPP_HDLC, "ff 03").weirds(Weirds.TRUNCATED_LINK_HEADER).layers(0);
        decode(LinkTypes.PPP_HDLC, "ff 03 00").weirds(Weirds.TRUNCATED_LINK_HEADER).layers(0);
        decode(LinkTypes.NFLOG, "02 00 00").weirds(Weirds.TRUNCATED_LINK_HEADER).layers(0);
        // NFLOG with TLVs but no NFULA_PAYLOAD
        Decoded none = decode(LinkTypes.NFLOG, "02 00 0000 | 0800 0100 0800 0300").weirds(Weirds.TRUNCATED_LINK_HEADER);
        assertEquals("no NFLOG payload", none.addls.get(0));
        none.layers(0);
        // a payload TLV announcing more bytes than the frame holds
        decode(LinkTypes.NFLOG, "02 00 0000 | 4000 0900 " + IPV4_ICMP_ECHO).weirds(Weirds.TRUNCATED_LINK_HEADER).layers(0);
        // raw IP with no bytes at all: the (empty) link header is fine, the IP header is not
        decode(LinkTypes.RAW, "").weirds(Weirds.TRUNCATED_IP).layers(LINK);
    }

    @Test
    void tooManyEncapsulations() {
        StringBuilder tags = new StringBuilder();
        for (int i = 1; i <= 9; i++) {
            tags.append(" 8100 000").append(i);
        }
        Decoded vlans = decode(LinkTypes.ETHERNET, ETH_BCAST + tags + " 0800 " + IPV4_UDP)
                .weirds(Weirds.TOO_MANY_ENCAPSULATIONS);
        vlans.layers(ETHERNET | LINK | VLAN);
        assertEquals(9, vlans.v.vlanCount());
        assertEquals(0, vlans.v.ipVersion());

        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            labels.append(" 00010040");
        }
        decode(LinkTypes.ETHERNET, ETH + "8847" + labels + " " + IPV4_ICMP_ECHO)
                .weirds(Weirds.TOO_MANY_ENCAPSULATIONS).layers(ETHERNET | LINK | MPLS);

        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            chain.append(" 3c00 010400000000");
        }
        Decoded ext = decode(LinkTypes.RAW, "60 000000 0088 3c 40" + IPV6_HEADER_ADDRS + chain)
                .weirds(Weirds.TOO_MANY_ENCAPSULATIONS);
        assertEquals("IPv6 extension headers", ext.addls.get(0));
        ext.layers(LINK | IPV6);
    }

    // ---- IP ---------------------------------------------------------------------------------

    @Test
    void truncatedIp() {
        // Zeek's ip4-trunc.pcap: 6 bytes of IPv4 after the Ethernet header
        Decoded six = decode(LinkTypes.ETHERNET, ETH + "0800 45 00 0020 0001").weirds(Weirds.TRUNCATED_IP);
        six.layers(ETHERNET | LINK);
        assertEquals(0, six.v.ipVersion());
        assertEquals(-1, six.v.l3());
        // IHL 15 (60 bytes of header) in a 24-byte packet: the total length (64) exceeds the wire
        decode(LinkTypes.ETHERNET, ETH + "0800 4f 00 0040 0001 0000 40 11 0000 0a000001 0a000002 01010101")
                .weirds(Weirds.TRUNCATED_IP_LEN).layers(ETHERNET | LINK);
        // total length 37 on a 36-byte packet (tcpdump's ipv4_invalid_total_length.pcap)
        decode(LinkTypes.ETHERNET, ETH + "0800 45 00 0025 abcd 0000 80 11 0000 c0a8010a c0a801ff"
                + "| 0302 008a 0010 0000 | 41 42 43 44 45 46 47 48").weirds(Weirds.TRUNCATED_IP_LEN).layers(ETHERNET | LINK);
        // IPv6: 39 bytes of header
        String v6 = "60 000000 0000 3b 40" + IPV6_HEADER_ADDRS;
        decode(LinkTypes.RAW, v6.substring(0, v6.length() - 2)).weirds(Weirds.TRUNCATED_IP).layers(LINK);
        // IPv6: payload length 16 on the wire holding 8
        decode(LinkTypes.RAW, "60 000000 0010 11 40" + IPV6_HEADER_ADDRS + "| 0222 0223 0008 0000")
                .weirds(Weirds.TRUNCATED_IP_LEN).layers(LINK);
    }

    @Test
    void ipHeaderLengthsAsZeekChecksThem() {
        // tcpdump's ipv4_invalid_hdr_length.pcap: IHL 4 (16 bytes)
        decode(LinkTypes.ETHERNET, ETH + "0800 44 00 0024 abcd 0000 80 11 0000 c0a8010a c0a801ff"
                + "| 0302 008a 0010 0000 | 41 42 43 44 45 46 47 48").weirds(Weirds.IPV4_MIN_HEADER_SIZE)
                .layers(ETHERNET | LINK);
        // total length 16, below the 20-byte header
        decode(LinkTypes.ETHERNET, ETH + "0800 45 00 0010 abcd 0000 80 11 0000 c0a8010a c0a801ff")
                .weirds(Weirds.INVALID_IP_HEADER_SIZE).layers(ETHERNET | LINK);
        // total length 0, as TCP segmentation offload leaves it
        decode(LinkTypes.ETHERNET, ETH + "0800 45 00 0000 abcd 0000 80 06 0000 c0a8010a c0a801ff")
                .weirds(Weirds.IP_HDR_LEN_ZERO).layers(ETHERNET | LINK);
        // IHL 15 (60 bytes) with only 20 captured: options cut by the snap length
        decodeCut(LinkTypes.RAW, "4f 00 0040 abcd 0000 80 11 0000 c0a8010a c0a801ff", 64)
                .weirds(Weirds.INTERNALLY_TRUNCATED_HEADER);
    }

    @Test
    void ipVersionComesFromTheNibbleNotTheEthertype() {
        // ethertype IPv4, version 6: decoded as IPv6, as Zeek's IP analyzer does
        decode(LinkTypes.ETHERNET, ETH + "0800 " + IPV6_ICMP6_ECHO).weirds()
                .layers(ETHERNET | LINK | IPV6 | ICMP6);
        // LINKTYPE_IPV4 carrying IPv6
        decode(LinkTypes.IPV4, IPV6_ICMP6_ECHO).weirds().layers(LINK | IPV6 | ICMP6);
    }

    @Test
    void unknownIpVersion() {
        Decoded d = decode(LinkTypes.RAW, "50 00 0024 abcd 0000 80 11 0000 c0a8010a c0a801ff").weirds(Weirds.UNKNOWN_IP_VERSION);
        assertEquals("version 5", d.addls.get(0));
        d.layers(LINK);
        assertEquals(-1, d.v.etherType());
    }

    @Test
    void truncatedIpv6ExtensionHeader() {
        // hop-by-hop announcing 16 bytes (len 1) in an 8-byte payload
        Decoded longer = decode(LinkTypes.RAW, "60 000000 0008 00 40" + IPV6_HEADER_ADDRS + "| 3b 01 010400000000")
                .weirds(Weirds.TRUNCATED_IPV6_EXTENSION_HEADER);
        longer.layers(LINK | IPV6);
        assertEquals(6, longer.v.ipVersion());
        assertEquals("fe80::1", longer.src());
        assertEquals(-1, longer.v.ipProto());
        // fewer than 8 bytes left for an extension header (tcpdump's ipv6_frag6_negative_len is alike)
        decode(LinkTypes.RAW, "60 000000 0004 2c 40" + IPV6_HEADER_ADDRS + "| 11 00 0001")
                .weirds(Weirds.TRUNCATED_IPV6_EXTENSION_HEADER).layers(LINK | IPV6);
    }

    // ---- transport --------------------------------------------------------------------------

    @Test
    void truncatedHeader() {
        // IP payloads shorter than the transport header (suricata-verify's decode-too-small)
        Decoded udp = decode(LinkTypes.ETHERNET, ETH + "0800 45 00 0018 0001 0000 40 11 0000 01010101 02020202 | 8158 0035")
                .weirds(Weirds.TRUNCATED_HEADER);
        udp.layers(ETHERNET | LINK | IPV4);
        assertEquals(17, udp.v.ipProto());
        assertEquals(-1, udp.v.l4());
        assertEquals(0, udp.v.srcPort());
        decode(LinkTypes.ETHERNET, ETH + "0800 45 00 001e 0001 0000 40 06 0000 01010101 02020202 | 8158 0035 0000 0000 0000")
                .weirds(Weirds.TRUNCATED_HEADER).layers(ETHERNET | LINK | IPV4);
        decode(LinkTypes.ETHERNET, ETH + "0800 45 00 0018 0001 0000 40 01 0000 01010101 02020202 | 0800 f7ff")
                .weirds(Weirds.TRUNCATED_HEADER).layers(ETHERNET | LINK | IPV4);
        // IPv6 UDP with payload length 0
        decode(LinkTypes.ETHERNET, ETH + "86dd 60 000000 0000 11 40" + IPV6_HEADER_ADDRS)
                .weirds(Weirds.TRUNCATED_HEADER).layers(ETHERNET | LINK | IPV6);
    }

    @Test
    void internallyTruncatedHeader() {
        // tcpdump's udp-length-heapoverflow: the IP packet is long on the wire, 4 UDP bytes captured
        Decoded udp = decodeCut(LinkTypes.ETHERNET, ETH_BCAST + " 0800 45 00 0024 abcd 0000 80 11 0000 c0a8010a c0a801ff"
                + "| 0302 008a", 50).weirds(Weirds.INTERNALLY_TRUNCATED_HEADER);
        udp.layers(ETHERNET | LINK | IPV4);
        assertEquals(38, udp.rel(udp.v.ipEnd()));
        assertEquals(0, udp.v.srcPort());
        // ICMP header cut (Zeek's icmp-header-trunc weird)
        decodeCut(LinkTypes.ETHERNET, ETH + "0800 45 00 001c 0001 0000 40 01 0000 0a000001 0a000002 | 08 00 f7ff", 42)
                .weirds(Weirds.INTERNALLY_TRUNCATED_HEADER).layers(ETHERNET | LINK | IPV4);
        // TCP options cut: 24-byte header, 22 captured (Zeek's tcp/truncated-header.pcap, frame 1);
        // Zeek names this one truncated_header
        Decoded tcp = decodeCut(LinkTypes.ETHERNET, ETH + "0800 45 00 002c 0003 4000 40 06 0000 0a000001 0a000002"
                + "| c350 0050 00000064 00000000 60 02 ffff 0000 0000 | 0204", 58)
                .weirds(Weirds.TRUNCATED_HEADER);
        tcp.layers(ETHERNET | LINK | IPV4);
        assertEquals(-1, tcp.v.payloadOffset());
    }

    @Test
    void udpDatagramLengthMismatch() {
        // UDP length 4, below the header size: decoded with the IP payload length, as Zeek goes on
        Decoded small = decode(LinkTypes.ETHERNET, ETH_BCAST + " 0800 45 00 0024 abcd 0000 80 11 0000 c0a8010a c0a801ff"
                + "| 0302 008a 0004 0000 | 41 42 43 44 45 46 47 48").weirds(Weirds.UDP_DATAGRAM_LENGTH_MISMATCH);
        assertEquals("length 4, IP payload 16", small.addls.get(0));
        small.layers(ETHERNET | LINK | IPV4 | UDP);
        assertEquals(16, small.v.udpLength());
        assertEquals(8, small.v.payloadLength());
        assertEquals(770, small.v.srcPort());
        // UDP length 100, past the IP payload
        Decoded big = decode(LinkTypes.ETHERNET, ETH_BCAST + " 0800 45 00 0024 abcd 0000 80 11 0000 c0a8010a c0a801ff"
                + "| 0302 008a 0064 0000 | 41 42 43 44 45 46 47 48").weirds(Weirds.UDP_DATAGRAM_LENGTH_MISMATCH);
        assertEquals("length 100, IP payload 16", big.addls.get(0));
        assertEquals(16, big.v.udpLength());
        // ... but not on a first fragment, whose UDP length covers the later fragments
        decode(LinkTypes.ETHERNET, ETH_BCAST + " 0800 45 00 0024 abcd 2000 80 11 0000 c0a8010a c0a801ff"
                + "| 0302 008a 0064 0000 | 41 42 43 44 45 46 47 48").weirds().layers(ETHERNET | LINK | IPV4 | FRAGMENT | UDP);
    }

    @Test
    void badTcpHeaderLength() {
        // data offset 4 (16 bytes)
        decode(LinkTypes.ETHERNET, ETH + "0800 45 00 0028 0001 0000 40 06 0000 0a000001 0a000002"
                + "| c350 0050 00000064 00000000 40 02 ffff 0000 0000").weirds(Weirds.BAD_TCP_HEADER_LEN)
                .layers(ETHERNET | LINK | IPV4);
        // data offset 15 (60 bytes) in a 20-byte IP payload
        Decoded d = decode(LinkTypes.ETHERNET, ETH + "0800 45 00 0028 0001 0000 40 06 0000 0a000001 0a000002"
                + "| c350 0050 00000064 00000000 f0 02 ffff 0000 0000").weirds(Weirds.BAD_TCP_HEADER_LEN);
        d.layers(ETHERNET | LINK | IPV4);
        assertEquals(0, d.v.tcpFlags());
        assertEquals(-1, d.v.l4());
    }

    // ---- completeness and robustness --------------------------------------------------------

    /** One frame per packet-level weird name; capture_file_truncated is about files (engine tests). */
    private static Map<String, Supplier<Decoded>> onePerWeird() {
        Map<String, Supplier<Decoded>> m = new LinkedHashMap<>();
        m.put(Weirds.TRUNCATED_LINK_HEADER, () -> decode(LinkTypes.NULL, "02"));
        m.put(Weirds.UNKNOWN_LINK_TYPE, () -> decode(147, "00"));
        m.put(Weirds.UNKNOWN_LINK_PROTOCOL, () -> decode(LinkTypes.NULL, "07000000"));
        m.put(Weirds.TRUNCATED_ETHERNET_FRAME, () -> decode(LinkTypes.ETHERNET, "ffff"));
        m.put(Weirds.TRUNCATED_VLAN_HEADER, () -> decode(LinkTypes.ETHERNET, ETH + "8100"));
        m.put(Weirds.TRUNCATED_LLC_HEADER, () -> decode(LinkTypes.ETHERNET, ETH + "0024"));
        m.put(Weirds.TRUNCATED_MPLS_HEADER, () -> decode(LinkTypes.ETHERNET, ETH + "8847"));
        m.put(Weirds.TRUNCATED_PPPOE_HEADER, () -> decode(LinkTypes.ETHERNET, ETH + "8864 1100 0001 0002"));
        m.put(Weirds.TOO_MANY_ENCAPSULATIONS, () -> decode(LinkTypes.ETHERNET,
                ETH + "8100 0001 8100 0001 8100 0001 8100 0001 8100 0001 8100 0001 8100 0001 8100 0001 8100 0001 0800"));
        m.put(Weirds.TRUNCATED_ARP, () -> decode(LinkTypes.ETHERNET, ETH + "0806"));
        m.put(Weirds.TRUNCATED_IP, () -> decode(LinkTypes.ETHERNET, ETH + "0800"));
        m.put(Weirds.IP_HDR_LEN_ZERO, () -> decode(LinkTypes.RAW, "45 00 0000 abcd 0000 80 11 0000 c0a8010a c0a801ff"));
        m.put(Weirds.TRUNCATED_IP_LEN, () -> decode(LinkTypes.RAW, "45 00 0040 abcd 0000 80 11 0000 c0a8010a c0a801ff"));
        m.put(Weirds.INVALID_IP_HEADER_SIZE, () -> decode(LinkTypes.RAW, "45 00 0010 abcd 0000 80 11 0000 c0a8010a c0a801ff"));
        m.put(Weirds.UNKNOWN_IP_VERSION, () -> decode(LinkTypes.RAW, "50 00 0024 abcd 0000 80 11 0000 c0a8010a c0a801ff"));
        m.put(Weirds.IPV4_MIN_HEADER_SIZE, () -> decode(LinkTypes.RAW, "41 00 0014 abcd 0000 80 11 0000 c0a8010a c0a801ff"));
        m.put(Weirds.TRUNCATED_IPV6_EXTENSION_HEADER, () -> decode(LinkTypes.RAW, "60 000000 0000 00 40" + IPV6_HEADER_ADDRS));
        m.put(Weirds.TRUNCATED_HEADER, () -> decode(LinkTypes.RAW, "45 00 0014 0001 0000 40 11 0000 01010101 02020202"));
        m.put(Weirds.INTERNALLY_TRUNCATED_HEADER, () -> decodeCut(LinkTypes.RAW,
                "45 00 001c 0001 0000 40 11 0000 01010101 02020202 | 0035", 28));
        m.put(Weirds.UDP_DATAGRAM_LENGTH_MISMATCH, () -> decode(LinkTypes.RAW,
                "45 00 001c 0001 0000 40 11 0000 01010101 02020202 | 0035 0035 0007 0000"));
        m.put(Weirds.BAD_TCP_HEADER_LEN, () -> decode(LinkTypes.RAW,
                "45 00 0028 0001 0000 40 06 0000 01010101 02020202 | 0035 0035 00000000 00000000 00 02 0000 0000 0000"));
        return m;
    }

    @Test
    void everyPacketWeirdInTheCatalogueIsCoveredHere() {
        Map<String, Supplier<Decoded>> frames = onePerWeird();
        Set<String> expected = new TreeSet<>(Weirds.catalogue().keySet());
        expected.remove(Weirds.CAPTURE_FILE_TRUNCATED);
        expected.removeAll(Weirds.connectionWeirds()); // raised by connection tracking (ConnTrackerTest covers them)
        assertEquals(expected, new TreeSet<>(frames.keySet()), "a weird name without a frame that raises it");
        for (Map.Entry<String, Supplier<Decoded>> e : frames.entrySet()) {
            assertEquals(List.of(e.getKey()), e.getValue().get().weirds, e.getKey());
        }
    }

    @Test
    void weirdsCarryNoDetailUnlessTheyHaveSome() {
        assertNull(decode(LinkTypes.ETHERNET, "ffff").addls.get(0));
        assertNull(decode(LinkTypes.ETHERNET, ETH + "0800").addls.get(0));
    }

}
