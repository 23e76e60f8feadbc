package dev.tattler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tattler.capture.LinkTypes;
import dev.tattler.decode.PacketView;
import dev.tattler.event.ArpInfo;
import org.junit.jupiter.api.Test;

/**
 * ARP classification with Zeek's bad_arp explanations, checked in Zeek's order
 * (packet_analysis/protocol/arp/ARP.cc): hardware type, hardware length, protocol type,
 * protocol length, sender MAC = frame source, opcode.
 */
class ArpAnalyzerTest {
    private static final String ETH_BCAST = "ffffffffffff 001122334455 0806 ";

    private static PacketView arp(String arpHex) {
        return TestFrames.decode(LinkTypes.ETHERNET, ETH_BCAST + arpHex);
    }

    private static void assertBad(String explanation, PacketView v) {
        assertEquals(explanation, ArpAnalyzer.explain(v));
        assertEquals(ArpAnalyzer.BAD, ArpAnalyzer.classify(v));
    }

    @Test
    void requestAndReply() {
        PacketView request = arp("0001 0800 06 04 0001 001122334455 c0a8010a 000000000000 c0a80101");
        assertNull(ArpAnalyzer.explain(request));
        assertEquals(ArpAnalyzer.REQUEST, ArpAnalyzer.classify(request));
        PacketView reply = arp("0001 0800 06 04 0002 001122334455 c0a8010a 66778899aabb c0a80101");
        assertEquals(ArpAnalyzer.REPLY, ArpAnalyzer.classify(reply));
        // hardware type 6 (IEEE 802) is accepted like Ethernet
        assertEquals(ArpAnalyzer.REPLY, ArpAnalyzer.classify(arp("0006 0800 06 04 0002 001122334455 c0a8010a"
                + " 66778899aabb c0a80101")));
    }

    @Test
    void unknownHardwareTypeComesFirst() {
        // tcpdump's arp-too-long-tha.pcap: hrd 0x3030, hln 14 (tshark still calls it a gratuitous request)
        PacketView v = arp("3030 0800 0e 04 0001 3030303030303030303030303030 30303030 3030303030303030303030303030 30303030");
        assertBad("unknown-arp-hw-address (hrd=12336)", v);
    }

    @Test
    void corruptHeaderLengths() {
        assertBad("corrupt-arp-header (hrd=1, hln=8)",
                arp("0001 0800 08 04 0001 0011223344550000 c0a8010a 0000000000000000 c0a80101"));
        assertBad("corrupt-arp-header (pro=2048, pln=6)",
                arp("0001 0800 06 06 0001 001122334455 c0a8010a0000 000000000000 c0a801010000"));
        // hln 0: the addresses Zeek prints are "" for hardware and the IPv4 ones as read
        PacketView zero = arp("0001 0800 00 04 0001 c0a8010a c0a80101");
        assertBad("corrupt-arp-header (hrd=1, hln=0)", zero);
        ArpInfo info = new ArpInfo(zero);
        assertEquals("", info.sha);
        assertEquals("", info.tha);
        assertEquals("192.168.1.10", info.spa);
        assertEquals("192.168.1.1", info.tpa);
    }

    @Test
    void unknownProtocolType() {
        // ARP for IPv6 addresses (pro 0x86dd, pln 16): Zeek handles IPv4 only
        assertBad("unknown-arp-proto-address (pro=34525)", arp("0001 86dd 06 10 0001 001122334455"
                + " fe800000000000000000000000000001 000000000000 fe800000000000000000000000000002"));
    }

    @Test
    void senderMacMustBeTheFrameSource() {
        // suricata-verify's detect-arp-03-vlan: frame from 00:01:02:03:04:05, SHA 18:60:24:8d:97:ba
        PacketView v = TestFrames.decode(LinkTypes.ETHERNET, "ffffffffffff 000102030405 8100 0006 0806"
                + "| 0001 0800 06 04 0001 1860248d97ba 0acc0105 000000000000 00000000");
        assertBad("weird-arp-sha", v);
    }

    @Test
    void senderMacIsNotCheckedWhenTheLinkHasNone() {
        // Linux cooked capture of a loopback-like device: no 6-byte link address to compare with
        PacketView v = TestFrames.decode(LinkTypes.LINUX_SLL, "0000 0304 0000 0000000000000000 0806"
                + "| 0001 0800 06 04 0001 1860248d97ba 0acc0105 000000000000 0acc0101");
        assertEquals(-1, v.macSrc());
        assertEquals(ArpAnalyzer.REQUEST, ArpAnalyzer.classify(v));
        // ... but it is on SLL with a 6-byte address
        PacketView sll = TestFrames.decode(LinkTypes.LINUX_SLL, "0000 0001 0006 001122334455 0000 0806"
                + "| 0001 0800 06 04 0001 1860248d97ba 0acc0105 000000000000 0acc0101");
        assertBad("weird-arp-sha", sll);
    }

    @Test
    void opcodes() {
        for (int op : new int[] {3, 4, 8, 9}) {
            assertBad("unimplemented-arp-opcode (" + op + ")", arp(String.format("0001 0800 06 04 %04x 001122334455"
                    + " c0a8010a 000000000000 c0a80101", op)));
        }
        for (int op : new int[] {0, 5, 10, 0xffff}) {
            assertBad("invalid-arp-opcode (opcode=" + op + ")", arp(String.format("0001 0800 06 04 %04x 001122334455"
                    + " c0a8010a 000000000000 c0a80101", op)));
        }
    }

    @Test
    void arpInfoFlags() {
        // gratuitous: SPA = TPA (a reply announcing itself, as in icmp_dot1q.pcap, VLAN 123)
        PacketView grat = TestFrames.decode(LinkTypes.ETHERNET, "ffffffffffff 001122334455 8100 007b 0806"
                + "| 0001 0800 06 04 0002 001122334455 c0a87b01 ffffffffffff c0a87b01");
        ArpInfo g = new ArpInfo(grat);
        assertTrue(g.gratuitous);
        assertFalse(g.probe);
        assertEquals(123, g.vlan);
        assertEquals(2, g.op);
        assertEquals("ff:ff:ff:ff:ff:ff", g.mac_dst);
        // RFC 5227 probe: request from 0.0.0.0
        ArpInfo probe = new ArpInfo(arp("0001 0800 06 04 0001 001122334455 00000000 000000000000 c0a8010a"));
        assertTrue(probe.probe);
        assertFalse(probe.gratuitous);
        assertNull(probe.vlan);
        // SLL carries no destination MAC: Zeek prints 00:00:00:00:00:00
        ArpInfo sll = new ArpInfo(TestFrames.decode(LinkTypes.LINUX_SLL, "0000 0001 0006 cc2de0261999 0000 0806"
                + "| 0001 0800 06 04 0001 cc2de0261999 c0a81601 000000000000 c0a816a0"));
        assertEquals("cc:2d:e0:26:19:99", sll.mac_src);
        assertEquals("00:00:00:00:00:00", sll.mac_dst);
        assertEquals("192.168.22.160", sll.tpa);
    }
}
