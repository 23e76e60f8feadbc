package dev.tattler.decode;

import static dev.tattler.decode.Frames.decode;
import static dev.tattler.decode.Frames.decodeCut;
import static dev.tattler.decode.PacketView.ARP;
import static dev.tattler.decode.PacketView.ETHERNET;
import static dev.tattler.decode.PacketView.FRAGMENT;
import static dev.tattler.decode.PacketView.ICMP;
import static dev.tattler.decode.PacketView.ICMP6;
import static dev.tattler.decode.PacketView.IPV4;
import static dev.tattler.decode.PacketView.IPV6;
import static dev.tattler.decode.PacketView.LINK;
import static dev.tattler.decode.PacketView.LLC;
import static dev.tattler.decode.PacketView.MPLS;
import static dev.tattler.decode.PacketView.TCP;
import static dev.tattler.decode.PacketView.UDP;
import static dev.tattler.decode.PacketView.VLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tattler.capture.LinkTypes;
import dev.tattler.decode.Frames.Decoded;
import org.junit.jupiter.api.Test;

/**
 * Well-formed frames from literal bytes, one per link type and encapsulation, in the manner of
 * Netty's DnsResponseTest: every field the decoders fill is asserted, offsets relative to the
 * frame start. Malformed frames are in {@link MalformedPacketTest}.
 */
class PacketDecoderTest {

    // ---- shared network-layer payloads ------------------------------------------------------

    /** IPv4 192.168.1.10 -> 192.168.1.255, UDP 770 -> 138, 8 payload bytes (total length 36). */
    static final String IPV4_UDP =
            "45 00 0024 abcd 0000 80 11 0000 c0a8010a c0a801ff"
            + "| 0302 008a 0010 0000 | 41 42 43 44 45 46 47 48";

    /** IPv4 10.0.0.1 -> 10.0.0.2, ICMP echo request id 0x1234 seq 1 (total length 28). */
    static final String IPV4_ICMP_ECHO =
            "45 00 001c 0001 0000 40 01 0000 0a000001 0a000002 | 08 00 f7ff 1234 0001";

    /** IPv6 fe80::1 -> ff02::1, ICMPv6 echo request with 8 data bytes (payload length 16). */
    static final String IPV6_ICMP6_ECHO =
            "60 000000 0010 3a 40 fe80 0000 0000 0000 0000 0000 0000 0001 ff02 0000 0000 0000 0000 0000 0000 0001"
            + "| 80 00 0000 1234 0001 41 42 43 44 45 46 47 48";

    /** ARP request who-has 192.168.1.1 tell 192.168.1.10 (00:11:22:33:44:55). */
    static final String ARP_REQUEST =
            "0001 0800 06 04 0001 001122334455 c0a8010a 000000000000 c0a80101";

    static final String ETH_BCAST = "ffffffffffff 001122334455";

    private static void assertIpv4Udp(Decoded d, int l3) {
        PacketView v = d.v;
        assertEquals(0x0800, v.etherType());
        assertEquals(l3, d.rel(v.l3()));
        assertEquals(4, v.ipVersion());
        assertEquals("192.168.1.10", d.src());
        assertEquals("192.168.1.255", d.dst());
        assertEquals(20, v.ipHeaderLength());
        assertEquals(36, v.ipTotalLength());
        assertEquals(l3 + 36, d.rel(v.ipEnd()));
        assertEquals(128, v.ttl());
        assertEquals(17, v.ipProto());
        assertEquals(0xabcd, v.ipId());
        assertEquals(0, v.fragmentOffset());
        assertFalse(v.moreFragments());
        assertEquals(l3 + 20, d.rel(v.l4()));
        assertEquals(770, v.srcPort());
        assertEquals(138, v.dstPort());
        assertEquals(16, v.udpLength());
        assertEquals(l3 + 28, d.rel(v.payloadOffset()));
        assertEquals(8, v.payloadLength());
        assertEquals(8, v.capturedPayloadLength());
        assertEquals(0x41, v.u8(v.payloadOffset()));
    }

    // ---- Ethernet ---------------------------------------------------------------------------

    @Test
    void ethernetIpv4Udp() {
        Decoded d = decode(LinkTypes.ETHERNET, ETH_BCAST + " 0800 " + IPV4_UDP).weirds();
        d.layers(ETHERNET | LINK | IPV4 | UDP);
        PacketView v = d.v;
        assertEquals(0, d.rel(v.macDst()));
        assertEquals(6, d.rel(v.macSrc()));
        assertEquals("ff:ff:ff:ff:ff:ff", d.mac(v.macDst()));
        assertEquals("00:11:22:33:44:55", d.mac(v.macSrc()));
        assertEquals(0xFFFF_FFFF_FFFFL, v.macDstBits());
        assertEquals(0x0011_2233_4455L, v.macSrcBits());
        assertTrue(v.isEthernetBroadcast());
        assertEquals(0, v.vlanCount());
        assertEquals(-1, v.vlan());
        assertEquals(-1, v.innerVlan());
        assertIpv4Udp(d, 14);
        assertEquals(0xc0a8010a, v.ipv4Src());
        assertEquals(0xc0a801ff, v.ipv4Dst());
        // record metadata is carried over
        assertEquals(50, v.capturedLength());
        assertEquals(50, v.wireLength());
        assertEquals(1_700_000_000_123_456_789L, v.timestampNanos());
        assertEquals(LinkTypes.ETHERNET, v.linkType());
        assertEquals(42, v.number());
        assertEquals(0, v.interfaceId());
    }

    @Test
    void ethernetPaddingIsNotPartOfTheIpPacket() {
        // IPv4 UDP with a 2-byte payload (total length 30) padded to the 60-byte Ethernet minimum.
        Decoded d = decode(LinkTypes.ETHERNET, "001122334455 66778899aabb 0800"
                + "45 00 001e 0001 0000 40 11 0000 0a000001 0a000002 | 04d2 0035 000a 0000 | 6869"
                + "| 0000 0000 0000 0000 0000 0000 0000 0000").weirds();
        d.layers(ETHERNET | LINK | IPV4 | UDP);
        assertFalse(d.v.isEthernetBroadcast());
        assertEquals(60, d.v.capturedLength());
        assertEquals(44, d.rel(d.v.ipEnd()));
        assertEquals(1234, d.v.srcPort());
        assertEquals(53, d.v.dstPort());
        assertEquals(2, d.v.payloadLength());
        assertEquals(2, d.v.capturedPayloadLength());
    }

    @Test
    void ethernetCutBySnaplenKeepsHeadersAndCountsOnlyCapturedPayload() {
        // The same datagram with 8 payload bytes on the wire, of which 3 were captured.
        Decoded d = decodeCut(LinkTypes.ETHERNET, ETH_BCAST + " 0800 45 00 0024 abcd 0000 80 11 0000 c0a8010a c0a801ff"
                + "| 0302 008a 0010 0000 | 41 42 43", 50).weirds();
        d.layers(ETHERNET | LINK | IPV4 | UDP);
        assertEquals(45, d.v.capturedLength());
        assertEquals(50, d.v.wireLength());
        assertEquals(36, d.v.ipTotalLength());
        assertEquals(45, d.rel(d.v.ipEnd()));
        assertEquals(8, d.v.payloadLength());
        assertEquals(3, d.v.capturedPayloadLength());
    }

    @Test
    void vlan8021q() {
        // TCI 0x2064: priority 1, VLAN 100.
        Decoded d = decode(LinkTypes.ETHERNET, ETH_BCAST + " 8100 2064 0800 " + IPV4_UDP).weirds();
        d.layers(ETHERNET | LINK | VLAN | IPV4 | UDP);
        assertEquals(1, d.v.vlanCount());
        assertEquals(100, d.v.vlan());
        assertEquals(-1, d.v.innerVlan());
        assertIpv4Udp(d, 18);
    }

    @Test
    void qinq8021adOuterThen8021qInnerCarryingArp() {
        Decoded d = decode(LinkTypes.ETHERNET, ETH_BCAST + " 88a8 000a 8100 0014 0806 " + ARP_REQUEST).weirds();
        d.layers(ETHERNET | LINK | VLAN | ARP);
        PacketView v = d.v;
        assertEquals(2, v.vlanCount());
        assertEquals(10, v.vlan());
        assertEquals(20, v.innerVlan());
        assertEquals(0x0806, v.etherType());
        assertEquals(22, d.rel(v.l3()));
        assertEquals(30, d.rel(v.arpSha()));
        assertEquals(36, d.rel(v.arpSpa()));
        assertEquals(40, d.rel(v.arpTha()));
        assertEquals(46, d.rel(v.arpTpa()));
        assertEquals(1, v.arpOp());
        assertEquals(0, v.ipVersion());
    }

    @Test
    void threeStackedTagsAsInZeeksQinqinqTrace() {
        // Zeek keeps two tags and raises triple_tagged_vlan_unsupported; Tattler decodes up to 8.
        Decoded d = decode(LinkTypes.ETHERNET, ETH_BCAST + " 88a8 0001 8100 0002 8100 0003 0800 " + IPV4_UDP)
                .weirds();
        d.layers(ETHERNET | LINK | VLAN | IPV4 | UDP);
        assertEquals(3, d.v.vlanCount());
        assertEquals(1, d.v.vlan());
        assertEquals(2, d.v.innerVlan());
        assertIpv4Udp(d, 26);
    }

    @Test
    void eightTagsAreTheMostThatDecode() {
        StringBuilder tags = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
            tags.append(" 8100 000").append(i);
        }
        Decoded d = decode(LinkTypes.ETHERNET, ETH_BCAST + tags + " 0800 " + IPV4_UDP).weirds();
        assertEquals(8, d.v.vlanCount());
        assertIpv4Udp(d, 14 + 32);
    }

    @Test
    void llcSnapArp() {
        // 802.3 length 36 = LLC (3) + SNAP (5) + ARP (28); SNAP OUI 000000, type 0806.
        Decoded d = decode(LinkTypes.ETHERNET, ETH_BCAST + " 0024 aa aa 03 000000 0806 " + ARP_REQUEST).weirds();
        d.layers(ETHERNET | LINK | LLC | ARP);
        assertEquals(0x0806, d.v.etherType());
        assertEquals(22, d.rel(d.v.l3()));
        assertEquals(30, d.rel(d.v.arpSha()));
        assertEquals("00:11:22:33:44:55", d.mac(d.v.arpSha()));
    }

    @Test
    void llcSnapInsideVlan() {
        Decoded d = decode(LinkTypes.ETHERNET, ETH_BCAST + " 8100 0007 0024 aaaa03 000000 0806 " + ARP_REQUEST)
                .weirds();
        d.layers(ETHERNET | LINK | VLAN | LLC | ARP);
        assertEquals(7, d.v.vlan());
        assertEquals(26, d.rel(d.v.l3()));
    }

    @Test
    void plainLlcSuchAsSpanningTreeEndsDecodingQuietly() {
        // STP BPDU: 802.3 length 38, LLC 42 42 03, then the BPDU (first bytes only).
        Decoded d = decode(LinkTypes.ETHERNET, "0180c2000000 001122334455 0026 42 42 03 0000 00 00").weirds();
        d.layers(ETHERNET | LINK | LLC);
        assertEquals(-1, d.v.etherType());
        assertEquals(-1, d.v.l3());
    }

    @Test
    void unknownEthertypeEndsDecodingQuietly() {
        // EAPOL (0x888e) is normal traffic Tattler does not decode: no weird.
        Decoded d = decode(LinkTypes.ETHERNET, "0180c2000003 001122334455 888e 01 01 0000").weirds();
        d.layers(ETHERNET | LINK);
        assertEquals(0x888e, d.v.etherType());
    }

    @Test
    void mplsLabelStackOverEthernet() {
        // Two labels: 16 (S=0, TTL 64) and 17 (S=1, TTL 64), then IPv4 guessed from the version nibble.
        Decoded d = decode(LinkTypes.ETHERNET, "001122334455 66778899aabb 8847 00010040 00011140 " + IPV4_ICMP_ECHO)
                .weirds();
        d.layers(ETHERNET | LINK | MPLS | IPV4 | ICMP);
        PacketView v = d.v;
        assertEquals(0x0800, v.etherType());
        assertEquals(22, d.rel(v.l3()));
        assertEquals("10.0.0.1", d.src());
        assertEquals("10.0.0.2", d.dst());
        assertEquals(1, v.ipProto());
        assertEquals(42, d.rel(v.l4()));
        assertEquals(8, v.icmpType());
        assertEquals(0, v.icmpCode());
        assertEquals(50, d.rel(v.payloadOffset()));
        assertEquals(0, v.payloadLength());
    }

    @Test
    void mplsCarryingIpv6() {
        Decoded d = decode(LinkTypes.ETHERNET, "001122334455 66778899aabb 8847 00011140 " + IPV6_ICMP6_ECHO).weirds();
        d.layers(ETHERNET | LINK | MPLS | IPV6 | ICMP6);
        assertEquals(0x86dd, d.v.etherType());
        assertEquals(18, d.rel(d.v.l3()));
        assertEquals(128, d.v.icmpType());
    }

    @Test
    void mplsWithANonIpPayloadEndsQuietly() {
        // An Ethernet pseudowire control word (first nibble 0): not guessable, no weird.
        Decoded d = decode(LinkTypes.ETHERNET, "001122334455 66778899aabb 8847 00011140 00000000 ffffffffffff").weirds();
        d.layers(ETHERNET | LINK | MPLS);
        assertEquals(-1, d.v.etherType());
    }

    // ---- ARP --------------------------------------------------------------------------------

    @Test
    void arpRequest() {
        // 42 bytes of Ethernet + ARP, padded to 60 as on the wire.
        Decoded d = decode(LinkTypes.ETHERNET, ETH_BCAST + " 0806 " + ARP_REQUEST
                + "| 000000000000 000000000000 000000000000").weirds();
        d.layers(ETHERNET | LINK | ARP);
        PacketView v = d.v;
        assertEquals(14, d.rel(v.l3()));
        assertEquals(1, v.arpHardware());
        assertEquals(0x0800, v.arpProtocol());
        assertEquals(6, v.arpHardwareLength());
        assertEquals(4, v.arpProtocolLength());
        assertEquals(1, v.arpOp());
        assertEquals(22, d.rel(v.arpSha()));
        assertEquals(28, d.rel(v.arpSpa()));
        assertEquals(32, d.rel(v.arpTha()));
        assertEquals(38, d.rel(v.arpTpa()));
        assertEquals("00:11:22:33:44:55", d.mac(v.arpSha()));
        assertEquals("192.168.1.10", Addresses.ipv4(v.data(), v.arpSpa()));
        assertEquals("00:00:00:00:00:00", d.mac(v.arpTha()));
        assertEquals("192.168.1.1", Addresses.ipv4(v.data(), v.arpTpa()));
        assertEquals(0, v.ipVersion());
        assertEquals(-1, v.l4());
    }

    @Test
    void arpReply() {
        Decoded d = decode(LinkTypes.ETHERNET, "001122334455 66778899aabb 0806"
                + "| 0001 0800 06 04 0002 66778899aabb c0a80101 001122334455 c0a8010a").weirds();
        d.layers(ETHERNET | LINK | ARP);
        PacketView v = d.v;
        assertEquals(2, v.arpOp());
        assertEquals("66:77:88:99:aa:bb", d.mac(v.arpSha()));
        assertEquals("192.168.1.1", Addresses.ipv4(v.data(), v.arpSpa()));
        assertEquals("00:11:22:33:44:55", d.mac(v.arpTha()));
        assertEquals("192.168.1.10", Addresses.ipv4(v.data(), v.arpTpa()));
        assertFalse(v.isEthernetBroadcast());
    }

    @Test
    void arpWithAbsurdLengthsIsDecodedWhereTheLengthsSayAsZeekReadsIt() {
        // Zeek's arp-leak.pcap, frame 1: hln 255, padded so that 8 + 2*255 + 2*4 bytes are present.
        StringBuilder frame = new StringBuilder(ETH_BCAST + " 0806 0001 0800 ff 04 0001 7e8e20d823a7");
        for (int i = 6; i < 255; i++) {
            frame.append("00");
        }
        frame.append(" c0a87b01"); // SPA at sha + 255
        for (int i = 0; i < 255; i++) {
            frame.append("00");
        }
        frame.append(" c0a87b02");
        Decoded d = decode(LinkTypes.ETHERNET, frame.toString()).weirds();
        d.layers(ETHERNET | LINK | ARP);
        assertEquals(255, d.v.arpHardwareLength());
        assertEquals(22 + 255, d.rel(d.v.arpSpa()));
        assertEquals("192.168.123.1", Addresses.ipv4(d.v.data(), d.v.arpSpa()));
        assertEquals("192.168.123.2", Addresses.ipv4(d.v.data(), d.v.arpTpa()));
    }

    // ---- IPv4 / IPv6 ------------------------------------------------------------------------

    @Test
    void ipv4WithOptions() {
        // IHL 6: a 4-byte Router Alert option (94 04 0000); UDP 4660 -> 22136 to 224.0.0.22.
        Decoded d = decode(LinkTypes.ETHERNET, "01005e000016 001122334455 0800"
                + "| 46 00 0028 0002 0000 01 11 0000 c0a8010a e0000016 94040000"
                + "| 1234 5678 0010 0000 | 41 42 43 44 45 46 47 48").weirds();
        d.layers(ETHERNET | LINK | IPV4 | UDP);
        PacketView v = d.v;
        assertEquals(24, v.ipHeaderLength());
        assertEquals(40, v.ipTotalLength());
        assertEquals(1, v.ttl());
        assertEquals("224.0.0.22", d.dst());
        assertEquals(38, d.rel(v.l4()));
        assertEquals(0x1234, v.srcPort());
        assertEquals(0x5678, v.dstPort());
        assertEquals(46, d.rel(v.payloadOffset()));
        assertEquals(8, v.payloadLength());
    }

    @Test
    void ipv4FirstFragmentCarriesTheUdpHeader() {
        // MF set, offset 0; the UDP length (256) covers the whole datagram, not this fragment.
        Decoded d = decode(LinkTypes.ETHERNET, "001122334455 66778899aabb 0800"
                + "| 45 00 0024 0bad 2000 40 11 0000 0a000001 0a000002 | 1000 0035 0100 0000 | 0000000000000000")
                .weirds();
        d.layers(ETHERNET | LINK | IPV4 | FRAGMENT | UDP);
        assertTrue(d.v.moreFragments());
        assertEquals(0, d.v.fragmentOffset());
        assertEquals(0x0bad, d.v.ipId());
        assertEquals(4096, d.v.srcPort());
        assertEquals(256, d.v.udpLength());
        assertEquals(248, d.v.payloadLength());
        assertEquals(8, d.v.capturedPayloadLength());
    }

    @Test
    void ipv4LaterFragmentHasNoTransportHeader() {
        // offset 2 (x 8 = 16 bytes), MF clear.
        Decoded d = decode(LinkTypes.ETHERNET, "001122334455 66778899aabb 0800"
                + "| 45 00 0024 0bad 0002 40 11 0000 0a000001 0a000002 | 1000 0035 0100 0000 0000000000000000")
                .weirds();
        d.layers(ETHERNET | LINK | IPV4 | FRAGMENT);
        assertFalse(d.v.moreFragments());
        assertEquals(16, d.v.fragmentOffset());
        assertEquals(17, d.v.ipProto());
        assertEquals(-1, d.v.l4());
        assertEquals(0, d.v.srcPort());
        assertEquals(-1, d.v.payloadOffset());
    }

    @Test
    void ipv6WithHopByHopAndFragmentHeaders() {
        // HBH (next 44, 8 bytes: Router Alert + PadN), Fragment (next 17, offset 0, M=1, id 0x12345678),
        // UDP 546 -> 547 whose length (32) spans fragments.
        Decoded d = decode(LinkTypes.ETHERNET, "333300000001 001122334455 86dd"
                + "| 60 000000 0020 00 40 fe80 0000 0000 0000 0000 0000 0000 0001 ff02 0000 0000 0000 0000 0000 0000 0001"
                + "| 2c 00 05 02 0000 01 00"
                + "| 11 00 0001 12345678"
                + "| 0222 0223 0020 0000 | 41 42 43 44 45 46 47 48").weirds();
        d.layers(ETHERNET | LINK | IPV6 | FRAGMENT | UDP);
        PacketView v = d.v;
        assertEquals(6, v.ipVersion());
        assertEquals("fe80::1", d.src());
        assertEquals("ff02::1", d.dst());
        assertEquals(64, v.ttl());
        assertEquals(72, v.ipTotalLength());
        assertEquals(56, v.ipHeaderLength());
        assertEquals(17, v.ipProto());
        assertEquals(0x12345678, v.ipId());
        assertTrue(v.moreFragments());
        assertEquals(0, v.fragmentOffset());
        assertEquals(70, d.rel(v.l4()));
        assertEquals(546, v.srcPort());
        assertEquals(547, v.dstPort());
        assertEquals(32, v.udpLength());
        assertEquals(24, v.payloadLength());
        assertEquals(8, v.capturedPayloadLength());
    }

    @Test
    void ipv6LaterFragmentStopsAtTheFragmentHeader() {
        // Fragment offset field 0x0010: 2 x 8 = 16 bytes, M=0; 16 bytes of fragment data.
        Decoded d = decode(LinkTypes.ETHERNET, "333300000001 001122334455 86dd"
                + "| 60 000000 0018 2c 40 fe80 0000 0000 0000 0000 0000 0000 0001 ff02 0000 0000 0000 0000 0000 0000 0001"
                + "| 11 00 0010 12345678"
                + "| 41424344454647484142434445464748").weirds();
        d.layers(ETHERNET | LINK | IPV6 | FRAGMENT);
        assertEquals(16, d.v.fragmentOffset());
        assertFalse(d.v.moreFragments());
        assertEquals(17, d.v.ipProto());
        assertEquals(48, d.v.ipHeaderLength());
        assertEquals(-1, d.v.l4());
    }

    @Test
    void ipv6DestinationOptionsAndAuthenticationHeaderLengths() {
        // Dest-opts (len 1: 16 bytes) then AH (payload len 4: (4+2)*4 = 24 bytes) then ICMPv6.
        Decoded d = decode(LinkTypes.RAW, "60 000000 0038 3c 40"
                + " 2001 0db8 0000 0000 0000 0000 0000 0001 2001 0db8 0000 0000 0000 0000 0000 0002"
                + "| 33 01 010c 000000000000000000000000"
                + "| 3a 04 0000 00000100 00000001 0000000000000000 00000000"
                + "| 81 00 0000 1234 0001 41 42 43 44 45 46 47 48").weirds();
        d.layers(LINK | IPV6 | ICMP6);
        assertEquals("2001:db8::1", d.src());
        assertEquals("2001:db8::2", d.dst());
        assertEquals(80, d.v.ipHeaderLength());
        assertEquals(58, d.v.ipProto());
        assertEquals(129, d.v.icmpType());
        assertEquals(8, d.v.payloadLength());
    }

    @Test
    void sixteenIpv6ExtensionHeadersAreTheMostThatDecode() {
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            chain.append(i < 15 ? " 3c" : " 11").append("00 010400000000"); // dest-opts, PadN
        }
        Decoded d = decode(LinkTypes.RAW, "60 000000 0090 3c 40"
                + " 2001 0db8 0000 0000 0000 0000 0000 0001 2001 0db8 0000 0000 0000 0000 0000 0002"
                + chain + "| 0222 0223 0010 0000 | 4142434445464748").weirds();
        d.layers(LINK | IPV6 | UDP);
        assertEquals(40 + 16 * 8, d.v.ipHeaderLength());
        assertEquals(547, d.v.dstPort());
    }

    // ---- transport --------------------------------------------------------------------------

    @Test
    void tcpSynWithMssOption() {
        Decoded d = decode(LinkTypes.ETHERNET, "001122334455 66778899aabb 0800"
                + "| 45 00 002c 0003 4000 40 06 0000 0a000001 0a000002"
                + "| c350 0050 00000064 00000000 60 02 ffff 0000 0000 | 020405b4").weirds();
        d.layers(ETHERNET | LINK | IPV4 | TCP);
        PacketView v = d.v;
        assertEquals(6, v.ipProto());
        assertEquals(34, d.rel(v.l4()));
        assertEquals(50000, v.srcPort());
        assertEquals(80, v.dstPort());
        assertEquals(100, v.seq());
        assertEquals(0, v.ack());
        assertEquals(0x02, v.tcpFlags());
        assertEquals(65535, v.window());
        assertEquals(24, v.tcpHeaderLength());
        assertEquals(58, d.rel(v.payloadOffset()));
        assertEquals(0, v.payloadLength());
        assertEquals(0, v.udpLength());
    }

    @Test
    void tcpWithPayloadAndHighSequenceNumbers() {
        Decoded d = decode(LinkTypes.ETHERNET, "001122334455 66778899aabb 0800"
                + "| 45 00 002c 0004 4000 40 06 0000 0a000001 0a000002"
                + "| c350 0050 fffffffe 80000001 50 18 0200 0000 0000 | 64617461").weirds();
        d.layers(ETHERNET | LINK | IPV4 | TCP);
        assertEquals(0xfffffffeL, d.v.seq());
        assertEquals(0x80000001L, d.v.ack());
        assertEquals(0x18, d.v.tcpFlags());
        assertEquals(512, d.v.window());
        assertEquals(20, d.v.tcpHeaderLength());
        assertEquals(4, d.v.payloadLength());
        assertEquals('d', d.v.u8(d.v.payloadOffset()));
    }

    @Test
    void icmpEcho() {
        Decoded d = decode(LinkTypes.ETHERNET, "001122334455 66778899aabb 0800 " + IPV4_ICMP_ECHO).weirds();
        d.layers(ETHERNET | LINK | IPV4 | ICMP);
        assertEquals(8, d.v.icmpType());
        assertEquals(0, d.v.icmpCode());
        assertEquals(0, d.v.srcPort());
        assertEquals(42, d.rel(d.v.payloadOffset()));
    }

    @Test
    void icmpv6Echo() {
        Decoded d = decode(LinkTypes.ETHERNET, "333300000001 001122334455 86dd " + IPV6_ICMP6_ECHO).weirds();
        d.layers(ETHERNET | LINK | IPV6 | ICMP6);
        assertEquals(58, d.v.ipProto());
        assertEquals(40, d.v.ipHeaderLength());
        assertEquals(70, d.rel(d.v.ipEnd()));
        assertEquals(54, d.rel(d.v.l4()));
        assertEquals(128, d.v.icmpType());
        assertEquals(0, d.v.icmpCode());
        assertEquals(8, d.v.payloadLength());
    }

    // ---- other link types -------------------------------------------------------------------

    @Test
    void linuxSll() {
        // packet type 0 (to us), ARPHRD_ETHER, address length 6, address (8 bytes, 2 unused), protocol 0800.
        Decoded d = decode(LinkTypes.LINUX_SLL, "0000 0001 0006 001122334455 0000 0800 " + IPV4_UDP).weirds();
        d.layers(LINK | IPV4 | UDP);
        assertEquals(6, d.rel(d.v.macSrc()));
        assertEquals("00:11:22:33:44:55", d.mac(d.v.macSrc()));
        assertEquals(-1, d.v.macDst());
        assertFalse(d.v.isEthernetBroadcast());
        assertEquals(-1, d.v.macDstBits());
        assertIpv4Udp(d, 16);
    }

    @Test
    void linuxSllArpAndAnAddressThatIsNotAMac() {
        Decoded arp = decode(LinkTypes.LINUX_SLL, "0001 0001 0006 001122334455 0000 0806 " + ARP_REQUEST).weirds();
        arp.layers(LINK | ARP);
        assertEquals(16, arp.rel(arp.v.l3()));
        assertEquals(arp.v.u48(arp.v.macSrc()), arp.v.u48(arp.v.arpSha()));
        // loopback device: ARPHRD_LOOPBACK (772), address length 0
        Decoded lo = decode(LinkTypes.LINUX_SLL, "0000 0304 0000 0000000000000000 0800 " + IPV4_ICMP_ECHO).weirds();
        lo.layers(LINK | IPV4 | ICMP);
        assertEquals(-1, lo.v.macSrc());
    }

    @Test
    void linuxSll2() {
        // protocol 86dd, reserved, ifindex 2, ARPHRD_ETHER, packet type 0, address length 6, address.
        Decoded d = decode(LinkTypes.LINUX_SLL2, "86dd 0000 00000002 0001 00 06 001122334455 0000 " + IPV6_ICMP6_ECHO)
                .weirds();
        d.layers(LINK | IPV6 | ICMP6);
        assertEquals(12, d.rel(d.v.macSrc()));
        assertEquals(-1, d.v.macDst());
        assertEquals(20, d.rel(d.v.l3()));
        assertEquals("fe80::1", d.src());
    }

    @Test
    void linuxSll2NetlinkIsALinkButNotDecoded() {
        Decoded d = decode(LinkTypes.LINUX_SLL2, "0000 0000 00000001 0338 04 00 0000000000000000 14000000 1000 0000")
                .weirds();
        d.layers(LINK);
        assertEquals(-1, d.v.etherType());
    }

    @Test
    void bsdNullInBothHostByteOrders() {
        Decoded le = decode(LinkTypes.NULL, "02000000 " + IPV4_UDP).weirds();
        le.layers(LINK | IPV4 | UDP);
        assertIpv4Udp(le, 4);
        Decoded be = decode(LinkTypes.NULL, "00000002 " + IPV4_UDP).weirds();
        be.layers(LINK | IPV4 | UDP);
        assertIpv4Udp(be, 4);
        assertEquals(-1, be.v.macSrc());
        // AF_INET6 differs per OS: 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS), 10 (Linux)
        for (String family : new String[] {"18000000", "1c000000", "1e000000", "0000001e", "0a000000"}) {
            Decoded v6 = decode(LinkTypes.NULL, family + " " + IPV6_ICMP6_ECHO).weirds();
            v6.layers(LINK | IPV6 | ICMP6);
            assertEquals(4, v6.rel(v6.v.l3()), family);
        }
    }

    @Test
    void openBsdLoopIsNetworkOrderOnly() {
        Decoded d = decode(LinkTypes.LOOP, "00000002 " + IPV4_UDP).weirds();
        d.layers(LINK | IPV4 | UDP);
        assertIpv4Udp(d, 4);
        decode(LinkTypes.LOOP, "00000018 " + IPV6_ICMP6_ECHO).weirds().layers(LINK | IPV6 | ICMP6);
        // Little-endian AF_INET is not a LOOP header: family 0x02000000.
        Decoded wrong = decode(LinkTypes.LOOP, "02000000 " + IPV4_UDP).weirds(Weirds.UNKNOWN_LINK_PROTOCOL);
        assertEquals("family 33554432", wrong.addls.get(0));
        wrong.layers(LINK);
    }

    @Test
    void rawIpv4AndIpv6UnderEveryRawLinkType() {
        for (int dlt : new int[] {LinkTypes.RAW, LinkTypes.RAW_OLD, LinkTypes.RAW_OLD14, LinkTypes.IPV4}) {
            Decoded d = decode(dlt, IPV4_UDP).weirds();
            d.layers(LINK | IPV4 | UDP);
            assertEquals(-1, d.v.macSrc());
            assertEquals(-1, d.v.macDst());
            assertIpv4Udp(d, 0);
        }
        for (int dlt : new int[] {LinkTypes.RAW, LinkTypes.RAW_OLD, LinkTypes.RAW_OLD14, LinkTypes.IPV6}) {
            Decoded d = decode(dlt, IPV6_ICMP6_ECHO).weirds();
            d.layers(LINK | IPV6 | ICMP6);
            assertEquals(0, d.rel(d.v.l3()));
            assertEquals(0x86dd, d.v.etherType());
        }
    }

    @Test
    void pppSerialHdlcFraming() {
        Decoded d = decode(LinkTypes.PPP_HDLC, "ff 03 0021 " + IPV4_UDP).weirds();
        d.layers(LINK | IPV4 | UDP);
        assertIpv4Udp(d, 4);
        Decoded v6 = decode(LinkTypes.PPP_HDLC, "ff 03 0057 " + IPV6_ICMP6_ECHO).weirds();
        v6.layers(LINK | IPV6 | ICMP6);
        assertEquals(4, v6.rel(v6.v.l3()));
    }

    @Test
    void pppWithoutAddressControlAndWithACompressedProtocolField() {
        Decoded full = decode(LinkTypes.PPP, "0021 " + IPV4_UDP).weirds();
        assertIpv4Udp(full, 2);
        Decoded compressed = decode(LinkTypes.PPP, "21 " + IPV4_UDP).weirds();
        compressed.layers(LINK | IPV4 | UDP);
        assertIpv4Udp(compressed, 1);
    }

    @Test
    void pppControlProtocolsEndQuietly() {
        // LCP configure-request: normal PPP traffic, not an IP packet and not malformed.
        Decoded d = decode(LinkTypes.PPP_HDLC, "ff 03 c021 01 01 0004").weirds();
        d.layers(LINK);
        assertEquals(-1, d.v.etherType());
    }

    @Test
    void nflogPayloadTlv() {
        // header: AF_INET, version 0, resource id 0; TLVs (little-endian length, type):
        //   NFULA_PACKET_HDR (1), 8 bytes; NFULA_PREFIX (10) "abcde" length 9 padded to 12;
        //   NFULA_PAYLOAD (9) length 4 + 28; then NFULA_UID (11) after the payload.
        Decoded d = decode(LinkTypes.NFLOG, "02 00 0000"
                + "| 0800 0100 0800 0300"
                + "| 0900 0a00 6162636465 000000"
                + "| 2000 0900 " + IPV4_ICMP_ECHO
                + "| 0800 0b00 e8030000").weirds();
        d.layers(LINK | IPV4 | ICMP);
        assertEquals(28, d.rel(d.v.l3()));
        assertEquals(56, d.rel(d.v.end()), "the payload TLV bounds the packet");
        assertEquals(56, d.rel(d.v.ipEnd()));
        assertEquals(8, d.v.icmpType());
        assertEquals(-1, d.v.macSrc());
    }

    @Test
    void nflogIpv6() {
        Decoded d = decode(LinkTypes.NFLOG, "0a 00 0001 | 3c00 0900 " + IPV6_ICMP6_ECHO).weirds();
        d.layers(LINK | IPV6 | ICMP6);
        assertEquals(8, d.rel(d.v.l3()));
    }
}
