package dev.tattler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tattler.capture.LinkTypes;
import dev.tattler.decode.PacketView;

import java.util.List;
import org.junit.jupiter.api.Test;

/** broadcast_seen's kinds: limited, directed (configured or learned), ethernet, and none. */
class BroadcastClassifierTest {
    private static final String BCAST_MAC = "ffffffffffff 001122334455 ";
    private static final String UNICAST_MAC = "66778899aabb 001122334455 ";

    /** IPv4 UDP 192.168.1.10:138 -> {dst}:138 with 4 payload bytes; dst as 8 hex digits. */
    private static String ipv4Udp(String dstHex) {
        return "0800 45 00 0020 0001 0000 80 11 0000 c0a8010a " + dstHex + " | 008a 008a 000c 0000 | 41424344";
    }

    private static PacketView eth(String macs, String dstHex) {
        return TestFrames.decode(LinkTypes.ETHERNET, macs + ipv4Udp(dstHex));
    }

    @Test
    void limited() {
        BroadcastClassifier c = new BroadcastClassifier(new LocalNets(List.of()));
        assertEquals(BroadcastClassifier.LIMITED, c.classify(eth(BCAST_MAC, "ffffffff")));
        assertNull(c.lastSubnet());
        // the IP address decides, whatever the MAC
        assertEquals(BroadcastClassifier.LIMITED, c.classify(eth(UNICAST_MAC, "ffffffff")));
    }

    @Test
    void directedToAConfiguredNetwork() {
        BroadcastClassifier c = new BroadcastClassifier(new LocalNets(List.of("192.168.1.0/24")));
        assertEquals(BroadcastClassifier.DIRECTED, c.classify(eth(UNICAST_MAC, "c0a801ff")));
        assertEquals("192.168.1.0/24", c.lastSubnet());
        // x.x.x.255 outside the local networks, to a unicast MAC: a host address (dhcp_flood.pcap has two)
        assertNull(c.classify(eth(UNICAST_MAC, "800207ff")));
        assertNull(c.lastSubnet());
        // an ordinary unicast
        assertNull(c.classify(eth(UNICAST_MAC, "c0a80101")));
        // a /23 configured: x.x.1.255 is a host inside it, x.x.3.255 its broadcast
        BroadcastClassifier wide = new BroadcastClassifier(new LocalNets(List.of("10.0.2.0/23")));
        assertNull(wide.classify(eth(UNICAST_MAC, "0a0002ff")));
        assertEquals(BroadcastClassifier.DIRECTED, wide.classify(eth(UNICAST_MAC, "0a0003ff")));
        assertEquals("10.0.2.0/23", wide.lastSubnet());
    }

    @Test
    void directedLearnedFromTheEthernetBroadcastMac() {
        LocalNets nets = new LocalNets(List.of());
        BroadcastClassifier c = new BroadcastClassifier(nets);
        // not yet known: to a unicast MAC, 192.168.1.255 could be a host
        assertNull(c.classify(eth(UNICAST_MAC, "c0a801ff")));
        // sent to ff:ff:ff:ff:ff:ff (a NetBIOS announcement, say): a directed broadcast, network learned
        assertEquals(BroadcastClassifier.DIRECTED, c.classify(eth(BCAST_MAC, "c0a801ff")));
        assertEquals("192.168.1.0/24", c.lastSubnet());
        assertEquals(1, nets.all().size());
        assertTrue(nets.all().get(0).isLearned());
        // from now on also to a unicast MAC (the worm770 bursts in the DESIGN's incident)
        assertEquals(BroadcastClassifier.DIRECTED, c.classify(eth(UNICAST_MAC, "c0a801ff")));
        assertEquals("192.168.1.0/24", c.lastSubnet());
        // learning once is enough
        assertEquals(BroadcastClassifier.DIRECTED, c.classify(eth(BCAST_MAC, "c0a801ff")));
        assertEquals(1, nets.all().size());
    }

    @Test
    void ethernetBroadcastsThatAreNotIpBroadcasts() {
        BroadcastClassifier c = new BroadcastClassifier(new LocalNets(List.of()));
        // ARP request
        PacketView arp = TestFrames.decode(LinkTypes.ETHERNET, BCAST_MAC + "0806 0001 0800 06 04 0001 001122334455"
                + " c0a8010a 000000000000 c0a80101");
        assertEquals(BroadcastClassifier.ETHERNET, c.classify(arp));
        assertNull(c.lastSubnet());
        // IP to the broadcast MAC at an address with too few host bits to be a broadcast address
        assertEquals(BroadcastClassifier.ETHERNET, c.classify(eth(BCAST_MAC, "c0a80105")));
        // a unicast ARP reply is no broadcast at all
        assertNull(c.classify(TestFrames.decode(LinkTypes.ETHERNET, UNICAST_MAC + "0806 0001 0800 06 04 0002"
                + " 001122334455 c0a8010a 66778899aabb c0a80101")));
    }

    @Test
    void notBroadcasts() {
        BroadcastClassifier c = new BroadcastClassifier(new LocalNets(List.of("192.168.1.0/24")));
        // IPv4 multicast (mDNS)
        assertNull(c.classify(TestFrames.decode(LinkTypes.ETHERNET, "01005e0000fb 001122334455 " + ipv4Udp("e00000fb"))));
        // IPv6 all-nodes multicast
        assertNull(c.classify(TestFrames.decode(LinkTypes.ETHERNET, "333300000001 001122334455 86dd"
                + " 60 000000 0008 3b 40 fe80 0000 0000 0000 0000 0000 0000 0001 ff02 0000 0000 0000 0000 0000 0000 0001"
                + " 0000000000000000")));
    }

    @Test
    void linksWithoutADestinationMacClassifyByAddressOnly() {
        String sll = "0004 0001 0006 001122334455 0000 ";
        BroadcastClassifier unknown = new BroadcastClassifier(new LocalNets(List.of()));
        assertNull(unknown.classify(TestFrames.decode(LinkTypes.LINUX_SLL, sll + ipv4Udp("c0a801ff"))));
        assertEquals(BroadcastClassifier.LIMITED,
                unknown.classify(TestFrames.decode(LinkTypes.LINUX_SLL, sll + ipv4Udp("ffffffff"))));
        BroadcastClassifier configured = new BroadcastClassifier(new LocalNets(List.of("192.168.1.0/24")));
        assertEquals(BroadcastClassifier.DIRECTED,
                configured.classify(TestFrames.decode(LinkTypes.LINUX_SLL, sll + ipv4Udp("c0a801ff"))));
    }
}
