package dev.tattler.filter;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PacketRecord;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.generate.FrameBuilder;
import org.junit.jupiter.api.Test;

import static dev.tattler.generate.FrameBuilder.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The language on frames built to order: error messages and positions, tcpdump's precedence
 * and implied qualifiers, out-of-range loads, and what decoding adds (VLAN-tagged UDP is
 * {@code udp}). Agreement with tcpdump itself is {@link TcpdumpOracleTest}'s job.
 */
class PacketFilterTest {
    private final FrameBuilder frames = new FrameBuilder();
    private final PacketDecoder decoder = new PacketDecoder((name, addl, v) -> { });
    private final PacketRecord record = new PacketRecord();
    private final PacketView view = new PacketView();

    /** A UDP datagram 10.0.0.1:src -> 10.0.0.2:dst with a 10-byte payload (60-byte frame). */
    private PacketView udp(int src, int dst) {
        return decoded(frames.udp(2, 1, 1, 64, ip("10.0.0.1"), ip("10.0.0.2"), src, dst, new byte[10], 0, 10));
    }

    private PacketView decoded(int length) {
        record.set(frames.buffer(), 0, length, length, 1, LinkTypes.ETHERNET, 0);
        decoder.decode(record, view);
        return view;
    }

    private static boolean matches(String filter, PacketView v) {
        return PacketFilter.compile(filter).matches(v);
    }

    private static FilterException error(String filter) {
        return assertThrows(FilterException.class, () -> PacketFilter.compile(filter));
    }

    @Test
    void errorsNameTheWordAndItsPosition() {
        FilterException e = error("udp src prot 770");
        assertEquals("unknown word 'prot' at 9 (expected host, net, port, portrange)", e.getMessage());
        assertEquals(9, e.position());
        assertEquals("unexpected end of filter at 9 (expected an address or a number)", error("tcp port").getMessage());
        assertEquals(20, error("host 10.0.0.1 and (").position());
        assertEquals("unknown word 'udpp' at 1 (expected a primitive such as host, net, port, portrange, ether,"
                + " ip, ip6, arp, tcp, udp, icmp, vlan, less, greater or proto[...])", error("udpp").getMessage());
        assertEquals("'foo' is not an IP address at 6 (host names are not resolved)", error("host foo").getMessage());
        assertEquals("number 70000 is too large at 6 (at most 65535)", error("port 70000").getMessage());
        assertEquals("unexpected word '3' at 8 (the size must be 1, 2 or 4)", error("tcp[13:3] = 2").getMessage());
        assertEquals("unexpected '=' at 8 (expected ']')", error("tcp[13 = 2").getMessage());
        assertEquals("'tcp' cannot qualify 'host' at 10 (use port or portrange)", error("tcp host 10.0.0.1").getMessage());
        assertEquals("unexpected word 'udp' at 5 (expected and, or, or the end of the filter)", error("tcp udp").getMessage());
        assertTrue(error("ip broadcast").getMessage().contains("needs the local netmask"));
        assertTrue(error("gateway 10.0.0.1").getMessage().startsWith("'gateway' is not supported"));
        assertEquals("unexpected character '$' at 5", error("udp $").getMessage());
        assertTrue(error("rarp host 10.0.0.1").getMessage().startsWith("'rarp' addresses are not supported (Tattler does not decode RARP) at 11"));
        assertEquals("empty filter at 1 (expected a primitive such as host, net, port, portrange, ether, ip, ip6,"
                + " arp, tcp, udp, icmp, vlan, less, greater or proto[...])", error("  ").getMessage());
        assertEquals("'00:11:22:33:44:55' is a MAC address at 6 (use ether host)",
                error("host 00:11:22:33:44:55").getMessage());
    }

    @Test
    void andAndOrHaveEqualPrecedenceLeftToRightAndNotBindsTightest() {
        PacketView v = udp(1000, 53);
        assertFalse(matches("udp or arp and tcp", v), "(udp or arp) and tcp, as tcpdump reads it");
        assertTrue(matches("tcp and arp or udp", v), "(tcp and arp) or udp");
        assertTrue(matches("not tcp and udp", v), "(not tcp) and udp");
        assertFalse(matches("not (tcp or udp)", v));
        assertTrue(matches("! tcp && (udp || arp)", v));
        assertTrue(matches("(udp[0:2] + 24) = 1024", v), "a parenthesis may open arithmetic");
        assertTrue(matches("ip[9] - 1 * 2 = 15 and ip[9] & 1 << 4 = 16 and 7 | 8 ^ 1 = 14", v),
                "* before -, << before &, | and ^ last (left to right)");
    }

    @Test
    void aBareValueTakesTheQualifiersOfThePrimitiveBeforeIt() {
        PacketView v = udp(2, 53);
        assertTrue(matches("host 10.9.9.9 or 10.0.0.2", v), "host 10.9.9.9 or host 10.0.0.2");
        assertTrue(matches("src port 1 or 2", v));
        assertFalse(matches("src port 1 or 53", v), "53 is the destination: src port 53 is false");
        assertFalse(matches("tcp dst port 80 or 53", v), "tcp dst port 53: this is UDP");
        assertTrue(matches("udp dst port 80 or 53", v));
        assertTrue(matches("src net 192.168.0.0/16 or 10.0.0.0/8", v));
        assertTrue(matches("10.0.0.1", v), "a bare address is a host");
    }

    @Test
    void directionsAndNets() {
        PacketView v = udp(1000, 53);
        assertTrue(matches("src host 10.0.0.1 and dst host 10.0.0.2", v));
        assertFalse(matches("src and dst host 10.0.0.1", v));
        assertTrue(matches("src and dst net 10.0.0.0/30", v));
        assertTrue(matches("src or dst host 10.0.0.2", v));
        assertTrue(matches("net 10", v), "tcpdump's abbreviated 10/8");
        assertTrue(matches("net 10.0.0.0 mask 255.255.255.252", v));
        assertFalse(matches("dst net 10.0.0.0 mask 255.255.255.254", v));
        assertTrue(matches("portrange 50-60 and not portrange 1001-65535", v));
        assertTrue(matches("udp portrange 60-50", v), "a reversed range is swapped, as tcpdump does");
        assertTrue(matches("ether src 0:0:0:0:0:1 and ether dst host 00:00:00:00:00:02", v));
        assertTrue(matches("less 60 and greater 60 and len = 60", v));
        assertFalse(matches("ip6 or icmp or arp or tcp", v));
    }

    @Test
    void aLoadBeyondTheCapturedBytesRejectsThePacketAsBpfDoes() {
        PacketView v = udp(1000, 53);
        assertFalse(matches("udp[200] = 0", v));
        assertFalse(matches("not udp[200] = 0", v), "the packet is rejected, not the primitive negated");
        // The 60-byte frame holds 26 bytes from the UDP header on (8 + 10 payload + 8 padding).
        assertFalse(matches("udp and not udp[23:4] = 1", v), "bytes 23..26 are one past the frame");
        assertTrue(matches("udp[22:4] = 0", v), "the last four bytes captured (padding counts, as in BPF)");
        assertFalse(matches("tcp[0] = 0", v), "no TCP header: false, and");
        assertTrue(matches("not tcp[0] = 0", v), "its negation true (the protocol test comes first)");
        assertFalse(matches("udp and len / (len - 60) = 0", v), "division by zero rejects too");
    }

    @Test
    void filtersLookAtDecodedHeadersSoVlanTaggedUdpIsUdp() {
        frames.vlan(42);
        PacketView v = udp(770, 9);
        assertTrue(matches("udp src port 770", v));
        assertTrue(matches("udp and ip[9] = 17 and udp[0:2] = 770", v), "offsets count from the decoded headers");
        assertTrue(matches("vlan 42 and vlan and ip", v));
        assertFalse(matches("vlan 7", v));
        assertTrue(matches("ether[12:2] = 0x8100", v), "ether[] is the raw frame");
        frames.untagged();
        assertFalse(matches("vlan", udp(770, 9)));
    }

    @Test
    void arpHostsAndGratuitousArp() {
        long mac = 0x0A0B0C0D0E0FL;
        PacketView v = decoded(frames.arpRequest(mac, ip("10.0.0.5"), ip("10.0.0.9")));
        assertTrue(matches("arp and host 10.0.0.9", v), "host follows tcpdump into ARP's addresses");
        assertTrue(matches("src host 10.0.0.5 and dst host 10.0.0.9 and arp host 10.0.0.5", v));
        assertFalse(matches("ip host 10.0.0.5", v));
        assertTrue(matches("arp[6:2] = 1 and net 10.0.0.0/24", v));
        assertFalse(matches("arp[14:4] = arp[24:4]", v));
        assertTrue(matches("arp[14:4] = arp[24:4]", decoded(frames.gratuitousArpReply(mac, ip("10.0.0.5")))));
        assertTrue(matches("broadcast and multicast and ether broadcast", v));
    }

    @Test
    void tcpFlagsAndIcmpNames() {
        int len = frames.tcp(2, 1, 1, 64, ip("10.0.0.1"), ip("10.0.0.2"), 40000, 80, 1, 0, FrameBuilder.TCP_SYN, 1024,
                new byte[0], 0, 0);
        PacketView v = decoded(len);
        assertTrue(matches("tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn and tcp dst port 80", v));
        assertFalse(matches("tcp[tcpflags] & tcp-ack != 0", v));
        v = decoded(frames.icmpEcho(2, 1, 1, 64, ip("10.0.0.1"), ip("10.0.0.2"), false, 7, 1, new byte[8], 0, 8));
        assertTrue(matches("icmp[icmptype] = icmp-echo and icmp[icmpcode] = 0 and icmp", v));
        assertFalse(matches("icmp[icmptype] = icmp-echoreply or icmp6 or port 7", v));
    }
}
