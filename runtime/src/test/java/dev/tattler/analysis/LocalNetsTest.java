package dev.tattler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tattler.decode.Addresses;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Local networks: parsing --local-nets, directed-broadcast lookup, learning from the wire. */
class LocalNetsTest {
    private static int ip(String dotted) {
        return Addresses.parseIpv4(dotted);
    }

    @Test
    void parse() {
        assertEquals("192.168.1.0/24", LocalNets.parse("192.168.1.77/24").toString());
        assertEquals("10.0.0.0/8", LocalNets.parse(" 10.1.2.3/8 ").toString());
        assertEquals("10.1.2.3/32", LocalNets.parse("10.1.2.3").toString());
        assertEquals("0.0.0.0/0", LocalNets.parse("1.2.3.4/0").toString());
        assertFalse(LocalNets.parse("10.0.0.0/8").isLearned());
        assertTrue(LocalNets.parse("10.0.0.0/8").contains(ip("10.255.0.1")));
        assertFalse(LocalNets.parse("10.0.0.0/8").contains(ip("11.0.0.1")));
        assertTrue(LocalNets.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
    }

    @Test
    void parseErrorsSayWhatIsExpected() {
        assertEquals("bad prefix length in '10.0.0.0/33' (expected 0..32)",
                assertThrows(IllegalArgumentException.class, () -> LocalNets.parse("10.0.0.0/33")).getMessage());
        assertEquals("bad prefix length in '10.0.0.0/' (expected 0..32)",
                assertThrows(IllegalArgumentException.class, () -> LocalNets.parse("10.0.0.0/")).getMessage());
        assertEquals("bad prefix length in '10.0.0.0/x' (expected 0..32)",
                assertThrows(IllegalArgumentException.class, () -> LocalNets.parse("10.0.0.0/x")).getMessage());
        for (String bad : new String[] {"10.0.0/8", "lan", "+10.0.0.0/8", "10.0.0.256/24", "/24"}) {
            assertEquals("not an IPv4 network: '" + bad + "' (expected e.g. 192.168.1.0/24)",
                    assertThrows(IllegalArgumentException.class, () -> LocalNets.parse(bad)).getMessage(), bad);
        }
    }

    @Test
    void directedBroadcastOfConfiguredNetworks() {
        LocalNets nets = new LocalNets(List.of("192.168.1.0/24", "10.0.0.0/8", "172.16.5.4/30", "172.16.9.0/31",
                "172.16.9.7/32"));
        assertEquals("192.168.1.0/24", nets.directedBroadcastOf(ip("192.168.1.255")).toString());
        assertEquals("10.0.0.0/8", nets.directedBroadcastOf(ip("10.255.255.255")).toString());
        assertEquals("172.16.5.4/30", nets.directedBroadcastOf(ip("172.16.5.7")).toString());
        assertNull(nets.directedBroadcastOf(ip("192.168.1.254")));
        assertNull(nets.directedBroadcastOf(ip("192.168.2.255")));
        // /31 (RFC 3021 point-to-point) and /32 have no broadcast address
        assertNull(nets.directedBroadcastOf(ip("172.16.9.1")));
        assertNull(nets.directedBroadcastOf(ip("172.16.9.7")));
        assertTrue(nets.isConfiguredLocal(ip("10.9.9.9")));
        assertFalse(nets.isConfiguredLocal(ip("8.8.8.8")));
        assertEquals(5, nets.all().size());
    }

    @Test
    void learningTakesThePrefixFromTheTrailingOneBits() {
        LocalNets nets = new LocalNets(List.of());
        // A last octet of 255 is a /24 even when the third octet is odd (1 = 0b00000001).
        assertEquals("192.168.1.0/24", nets.learn(ip("192.168.1.255")).toString());
        assertEquals("10.0.3.0/24", nets.learn(ip("10.0.3.255")).toString());
        assertEquals("172.16.0.0/16", nets.learn(ip("172.16.255.255")).toString());
        assertEquals("10.0.0.0/8", nets.learn(ip("10.255.255.255")).toString());
        // below 8 host bits nothing is learned: a .127 or .7 may be a host (--local-nets says otherwise)
        assertNull(nets.learn(ip("192.168.0.127")));
        assertNull(nets.learn(ip("192.168.0.7")));
        assertNull(nets.learn(ip("192.168.0.1")));
        assertNull(nets.learn(ip("192.168.0.4")));
        // and the limited broadcast is not a network
        assertNull(nets.learn(-1));
        assertEquals(4, nets.all().size());
        assertTrue(nets.all().get(0).isLearned());
        assertEquals("192.168.1.0/24", nets.directedBroadcastOf(ip("192.168.1.255")).toString());
        // learned networks are not configured ones
        assertFalse(nets.isConfiguredLocal(ip("192.168.1.10")));
    }
}
