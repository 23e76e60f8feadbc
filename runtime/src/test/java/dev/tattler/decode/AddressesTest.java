package dev.tattler.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Address text as Zeek prints it (RFC 5952 for IPv6), and dotted-quad parsing. */
class AddressesTest {

    private static String v6(String hex) {
        return Addresses.ipv6(Frames.hex(hex), 0);
    }

    @Test
    void macs() {
        assertEquals("00:1a:2b:3c:4d:5e", Addresses.mac(Frames.hex("ff 001a2b3c4d5e"), 1));
        assertEquals("ff:ff:ff:ff:ff:ff", Addresses.mac(0xFFFF_FFFF_FFFFL));
        assertEquals("00:00:00:00:00:01", Addresses.mac(1L));
    }

    @Test
    void ipv4() {
        assertEquals("192.168.1.255", Addresses.ipv4(0xc0a801ff));
        assertEquals("255.255.255.255", Addresses.ipv4(-1));
        assertEquals("0.0.0.0", Addresses.ipv4(0));
        assertEquals("10.0.0.1", Addresses.ipv4(Frames.hex("0a000001"), 0));
        assertEquals("10.0.0.1", Addresses.ip(Frames.hex("0a000001"), 0, 4));
    }

    /** The text cache has 4096 slots: far more addresses than that, twice, must each read right. */
    @Test
    void cachedTextsStayRightWhenSlotsAreReused() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 100_000; i++) {
                int a = 0x0a000000 + i * 7;
                String expected = "10." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
                assertEquals(expected, Addresses.ipv4(a));
                long mac = 0x0050_5600_0000L + i * 13L;
                assertEquals(String.format("00:50:%02x:%02x:%02x:%02x", (mac >>> 24) & 0xFF, (mac >>> 16) & 0xFF,
                        (mac >>> 8) & 0xFF, mac & 0xFF), Addresses.mac(mac));
            }
        }
        assertEquals("00:00:00:00:00:01", Addresses.mac(0xFFFF_0000_0000_0001L), "only the low 48 bits are the MAC");
    }

    @Test
    void ipv6Rfc5952() {
        assertEquals("::", v6("0000 0000 0000 0000 0000 0000 0000 0000"));
        assertEquals("::1", v6("0000 0000 0000 0000 0000 0000 0000 0001"));
        assertEquals("1::", v6("0001 0000 0000 0000 0000 0000 0000 0000"));
        assertEquals("fe80::8c36:6ff:fe44:acaf", v6("fe80 0000 0000 0000 8c36 06ff fe44 acaf"));
        // the longest run is compressed; of equal runs, the first
        assertEquals("2001:db8::1:0:0:1", v6("2001 0db8 0000 0000 0001 0000 0000 0001"));
        assertEquals("2001:0:0:1::1", v6("2001 0000 0000 0001 0000 0000 0000 0001"));
        // a single zero word is not compressed
        assertEquals("2001:db8:0:1:1:1:1:1", v6("2001 0db8 0000 0001 0001 0001 0001 0001"));
        // IPv4-mapped addresses keep the dotted quad
        assertEquals("::ffff:192.0.2.1", v6("0000 0000 0000 0000 0000 ffff c000 0201"));
        assertEquals("ff02::1", Addresses.ip(Frames.hex("ff02 0000 0000 0000 0000 0000 0000 0001"), 0, 6));
    }

    @Test
    void parseIpv4() {
        assertEquals(0xc0a80100, Addresses.parseIpv4("192.168.1.0"));
        assertEquals(-1, Addresses.parseIpv4(" 255.255.255.255 "));
        assertEquals(0x0a000001, Addresses.parseIpv4("10.0.0.01"));
        for (String bad : new String[] {"", "1.2.3", "1.2.3.4.5", "1.2.3.256", "1.2.3.-1", "1..3.4", "a.b.c.d",
            "+1.2.3.4", "1.2.3.0004", "\u0661.2.3.4", "1.2.3.4/24"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Addresses.parseIpv4(bad), bad);
            assertEquals("not an IPv4 address: " + bad, e.getMessage());
        }
    }
}
