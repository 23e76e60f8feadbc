package dev.tattler.generate;

import static dev.tattler.generate.MiniPcap.i32;
import static dev.tattler.generate.MiniPcap.ip;
import static dev.tattler.generate.MiniPcap.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Checks the builder's frames byte by byte, with checksums recomputed independently. */
class FrameBuilderTest {
    private static final long HOST_MAC = 0x0014_22AA_BBCCL;
    private static final long GW_MAC = 0x001B_5401_0203L;
    private static final int HOST = ip(192, 168, 1, 100);
    private static final int GW = ip(192, 168, 1, 1);
    private static final int BCAST = ip(192, 168, 1, 255);

    private final FrameBuilder fb = new FrameBuilder();

    private MiniPcap.Frame frame(int len) {
        assertEquals(len, fb.length());
        return new MiniPcap.Frame(Arrays.copyOf(fb.buffer(), len));
    }

    @Test
    void arpRequestHasEveryFieldInPlaceAndIsPaddedToTheEthernetMinimum() {
        int len = fb.arpRequest(HOST_MAC, HOST, GW);
        byte[] b = Arrays.copyOf(fb.buffer(), len);
        assertEquals(60, len, "42 bytes of ARP padded to 60");
        byte[] expectedStart = {
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            0x00, 0x14, 0x22, (byte) 0xAA, (byte) 0xBB, (byte) 0xCC,
            0x08, 0x06,
            0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
            0x00, 0x14, 0x22, (byte) 0xAA, (byte) 0xBB, (byte) 0xCC,
            (byte) 192, (byte) 168, 1, 100,
            0, 0, 0, 0, 0, 0,
            (byte) 192, (byte) 168, 1, 1};
        assertArrayEquals(expectedStart, Arrays.copyOf(b, 42));
        for (int i = 42; i < 60; i++) {
            assertEquals(0, b[i], "padding byte " + i);
        }
    }

    @Test
    void arpVariants() {
        MiniPcap.Frame f = frame(fb.arpReply(GW_MAC, GW, HOST_MAC, HOST));
        assertEquals(2, f.arpOp());
        assertEquals(HOST_MAC, f.dstMac(), "reply is unicast to the asker");
        assertEquals(GW_MAC, f.srcMac());
        assertEquals(GW_MAC, f.arpSha());
        assertEquals(GW, f.arpSpa());
        assertEquals(HOST_MAC, f.arpTha());
        assertEquals(HOST, f.arpTpa());

        f = frame(fb.arpAnnouncement(HOST_MAC, HOST));
        assertEquals(1, f.arpOp());
        assertEquals(0xFFFF_FFFF_FFFFL, f.dstMac());
        assertEquals(HOST, f.arpSpa(), "ARP for its own address: spa == tpa");
        assertEquals(HOST, f.arpTpa());
        assertEquals(0, f.arpTha());

        f = frame(fb.gratuitousArpReply(HOST_MAC, HOST));
        assertEquals(2, f.arpOp());
        assertEquals(0xFFFF_FFFF_FFFFL, f.dstMac());
        assertEquals(HOST, f.arpSpa());
        assertEquals(HOST, f.arpTpa());
        assertEquals(HOST_MAC, f.arpTha());

        f = frame(fb.arpProbe(HOST_MAC, HOST));
        assertEquals(1, f.arpOp());
        assertEquals(0, f.arpSpa());
        assertEquals(HOST, f.arpTpa());
    }

    @Test
    void udpHeaderAndChecksum() {
        byte[] payload = {1, 2, 3, 4, 5};   // odd length: the checksum pads with a zero byte
        MiniPcap.Frame f = frame(fb.udp(FrameBuilder.BROADCAST_MAC, HOST_MAC, 0x1234, 128, HOST, BCAST, 138, 138,
                payload, 0, payload.length));
        assertEquals(0x0800, f.etherType);
        assertEquals(14, f.l3);
        assertEquals(0x45, f.b[14] & 0xFF);
        assertEquals(20 + 8 + 5, f.ipTotalLength());
        assertEquals(0x1234, f.ipId());
        assertEquals(0, u16(f.b, 20), "no DF, no fragment offset");
        assertEquals(128, f.ttl());
        assertEquals(17, f.protocol());
        assertEquals(HOST, f.srcIp());
        assertEquals(BCAST, f.dstIp());
        assertEquals(138, f.srcPort());
        assertEquals(138, f.dstPort());
        assertEquals(13, u16(f.b, 38), "UDP length");
        assertArrayEquals(payload, f.udpPayload());
        assertEquals(60, f.b.length, "47 bytes padded to 60; IP total length still 33");
        assertTrue(f.ipChecksumOk());
        assertTrue(f.l4ChecksumOk());
        assertTrue(u16(f.b, 40) != 0, "checksum present");
    }

    @Test
    void knownIpv4HeaderChecksum() {
        // The worked example from Wikipedia's "IPv4 header checksum" article:
        // 4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7
        int len = fb.udp(0, 0, 0, 0x40, ip(192, 168, 0, 1), ip(192, 168, 0, 199), 1, 2, new byte[0x73 - 28], 0,
                0x73 - 28);
        fb.setDontFragment();
        assertEquals(0xB861, u16(fb.buffer(), 24));
        assertTrue(new MiniPcap.Frame(Arrays.copyOf(fb.buffer(), len)).ipChecksumOk());
    }

    @Test
    void udpChecksumThatComputesToZeroIsSentAsAllOnes() {
        byte[] payload = new byte[2];
        fb.udp(GW_MAC, HOST_MAC, 7, 64, HOST, GW, 1000, 2000, payload, 0, 2);
        int checksumWithZeroWord = u16(fb.buffer(), 40);
        // Adding the complement of the sum as data makes the sum all ones, so the checksum is 0.
        payload[0] = (byte) (checksumWithZeroWord >>> 8);
        payload[1] = (byte) checksumWithZeroWord;
        MiniPcap.Frame f = frame(fb.udp(GW_MAC, HOST_MAC, 7, 64, HOST, GW, 1000, 2000, payload, 0, 2));
        assertEquals(0xFFFF, u16(f.b, 40));
        assertTrue(f.l4ChecksumOk());
    }

    @Test
    void tcpFieldsAndChecksum() {
        byte[] payload = new byte[1461];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        MiniPcap.Frame f = frame(fb.tcp(GW_MAC, HOST_MAC, 99, 128, HOST, ip(203, 0, 113, 5), 49152, 443,
                0xFFFF_FFF0L, 0x1_0000_0005L, FrameBuilder.TCP_PSH | FrameBuilder.TCP_ACK, 64240,
                payload, 0, payload.length));
        assertEquals(6, f.protocol());
        assertEquals(49152, f.srcPort());
        assertEquals(443, f.dstPort());
        assertEquals(0xFFFF_FFF0L, f.tcpSeq());
        assertEquals(5, f.tcpAck(), "ack taken modulo 2^32");
        assertEquals(20, f.tcpHeaderLength());
        assertEquals(0x18, f.tcpFlags());
        assertEquals(64240, u16(f.b, f.l4() + 14));
        assertEquals(20 + 20 + 1461, f.ipTotalLength());
        assertEquals(14 + 20 + 20 + 1461, f.b.length);
        assertTrue(f.ipChecksumOk());
        assertTrue(f.l4ChecksumOk());

        f = frame(fb.tcp(GW_MAC, HOST_MAC, 100, 128, HOST, GW, 49153, 445, 1000, 12345, FrameBuilder.TCP_SYN, 8192,
                payload, 0, 0));
        assertEquals(0x02, f.tcpFlags());
        assertEquals(0, f.tcpAck(), "no ACK flag: ack field zero");
        assertTrue(f.l4ChecksumOk());
        fb.setDontFragment();
        f = frame(fb.length());
        assertEquals(0x4000, u16(f.b, 20));
        assertTrue(f.ipChecksumOk(), "DF set and checksum fixed");
    }

    @Test
    void icmpEcho() {
        byte[] data = "abcdefghijklmnopqrstuvwabcdefghi".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        MiniPcap.Frame f = frame(fb.icmpEcho(GW_MAC, HOST_MAC, 1, 128, HOST, GW, false, 0x0001, 0x0042, data, 0,
                data.length));
        assertEquals(1, f.protocol());
        assertEquals(8, f.icmpType());
        assertEquals(0, f.icmpCode());
        assertEquals(1, u16(f.b, f.l4() + 4));
        assertEquals(0x42, u16(f.b, f.l4() + 6));
        assertTrue(f.l4ChecksumOk());
        f = frame(fb.icmpEcho(HOST_MAC, GW_MAC, 1, 64, GW, HOST, true, 1, 0x42, data, 0, data.length));
        assertEquals(0, f.icmpType());
        assertTrue(f.l4ChecksumOk());
    }

    @Test
    void icmpErrorQuotesTheFrameJustBuiltWithTheRouterTtl() {
        byte[] data = new byte[32];
        fb.vlan(10);
        int probeLen = fb.udp(GW_MAC, HOST_MAC, 0x0101, 3, HOST, ip(198, 51, 100, 7), 40000, 33440, data, 0, 32);
        byte[] probe = Arrays.copyOf(fb.buffer(), probeLen);
        int ipOff = fb.l3Offset();
        assertEquals(18, ipOff);

        MiniPcap.Frame f = frame(fb.icmpTimeExceeded(HOST_MAC, GW_MAC, 5, 253, ip(203, 0, 113, 9), HOST,
                fb.buffer(), ipOff, 1));
        assertEquals(1, f.vlanTags);
        assertEquals(10, f.vids[0]);
        assertEquals(11, f.icmpType());
        assertEquals(0, f.icmpCode());
        assertEquals(0, i32(f.b, f.l4() + 4), "unused word");
        assertEquals(8 + 20 + 8, f.l4Length(), "quote: IP header + 8 bytes");
        assertTrue(f.ipChecksumOk());
        assertTrue(f.l4ChecksumOk());

        int q = f.l4() + 8;
        for (int i = 0; i < 28; i++) {
            if (i == 8 || i == 10 || i == 11) {
                continue;                                  // TTL and header checksum change
            }
            assertEquals(probe[ipOff + i], f.b[q + i], "quoted byte " + i);
        }
        assertEquals(1, f.b[q + 8], "TTL as the router received it");
        assertEquals(0xFFFF, MiniPcap.sum(f.b, q, 20, 0), "quoted header checksum fixed");
        assertEquals(33440, u16(f.b, q + 22), "quoted destination port");

        // Keeping the TTL leaves the quote byte-identical.
        fb.udp(GW_MAC, HOST_MAC, 0x0101, 3, HOST, ip(198, 51, 100, 7), 40000, 33440, data, 0, 32);
        f = frame(fb.icmpPortUnreachable(HOST_MAC, GW_MAC, 6, 60, ip(198, 51, 100, 7), HOST, probe, ipOff, -1));
        assertEquals(3, f.icmpType());
        assertEquals(3, f.icmpCode());
        assertArrayEquals(Arrays.copyOfRange(probe, ipOff, ipOff + 28), Arrays.copyOfRange(f.b, f.l4() + 8,
                f.l4() + 36));
        assertTrue(f.l4ChecksumOk());
    }

    @Test
    void vlanTagsAndQinq() {
        fb.vlan(100);
        MiniPcap.Frame f = frame(fb.arpRequest(HOST_MAC, HOST, GW));
        assertEquals(0x8100, u16(f.b, 12));
        assertEquals(100, u16(f.b, 14));
        assertEquals(0x0806, u16(f.b, 16));
        assertEquals(18, fb.l3Offset());
        assertEquals(HOST, f.arpSpa());

        fb.qinq(200, 300);
        f = frame(fb.udp(GW_MAC, HOST_MAC, 1, 64, HOST, GW, 1, 2, new byte[3], 0, 3));
        assertEquals(0x88A8, u16(f.b, 12));
        assertEquals(200, u16(f.b, 14));
        assertEquals(0x8100, u16(f.b, 16));
        assertEquals(300, u16(f.b, 18));
        assertEquals(0x0800, u16(f.b, 20));
        assertEquals(22, f.l3);
        assertEquals(2, f.vlanTags);
        assertTrue(f.ipChecksumOk());
        assertTrue(f.l4ChecksumOk());

        fb.qinq(0x8100, 5, 6);
        f = frame(fb.arpProbe(HOST_MAC, HOST));
        assertEquals(0x8100, u16(f.b, 12), "old-style QinQ: 0x8100 twice");
        assertEquals(0x8100, u16(f.b, 16));
        assertEquals(5, f.vids[0]);
        assertEquals(6, f.vids[1]);

        fb.untagged();
        f = frame(fb.arpProbe(HOST_MAC, HOST));
        assertEquals(0x0806, u16(f.b, 12));
        assertEquals(0, f.vlanTags);
    }

    @Test
    void paddingCanBeTurnedOff() {
        fb.padToMinimum(false);
        assertEquals(42, fb.arpRequest(HOST_MAC, HOST, GW));
        assertEquals(42, fb.udp(GW_MAC, HOST_MAC, 1, 64, HOST, GW, 1, 2, new byte[0], 0, 0));
    }

    @Test
    void ethernetAndRawIpv4CarryTheirPayloadVerbatim() {
        byte[] payload = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
            19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37};
        int len = fb.ethernet(GW_MAC, HOST_MAC, 0x88CC, payload, 0, payload.length);
        assertEquals(14 + payload.length, len);
        assertEquals(0x88CC, u16(fb.buffer(), 12));
        assertArrayEquals(payload, Arrays.copyOfRange(fb.buffer(), 14, len));

        MiniPcap.Frame f = frame(fb.ipv4(GW_MAC, HOST_MAC, 3, 64, 47, HOST, GW, payload, 0, payload.length));
        assertEquals(47, f.protocol());
        assertTrue(f.ipChecksumOk());
        assertArrayEquals(payload, Arrays.copyOfRange(f.b, 34, 34 + payload.length));
    }

    @Test
    void rejectsWhatIpv4CannotCarry() {
        byte[] big = new byte[65536];
        assertThrows(IllegalArgumentException.class,
                () -> fb.udp(GW_MAC, HOST_MAC, 1, 64, HOST, GW, 1, 2, big, 0, 65535 - 28 + 1));
        assertEquals(14 + 65535, fb.udp(GW_MAC, HOST_MAC, 1, 64, HOST, GW, 1, 2, big, 0, 65535 - 28));
        assertThrows(IllegalArgumentException.class, () -> fb.vlan(4095));
        assertThrows(IllegalArgumentException.class,
                () -> fb.udp(GW_MAC, HOST_MAC, 1, 256, HOST, GW, 1, 2, big, 0, 1));
    }

    @Test
    void addressHelpers() {
        assertEquals(0x0011_2233_44FFL, FrameBuilder.mac("00:11:22:33:44:ff"));
        assertEquals(0xC0A8_01FF, FrameBuilder.ip("192.168.1.255"));
        assertEquals("10.0.255.1", FrameBuilder.ipString(FrameBuilder.ip("10.0.255.1")));
        assertThrows(IllegalArgumentException.class, () -> FrameBuilder.ip("1.2.3"));
        assertThrows(IllegalArgumentException.class, () -> FrameBuilder.ip("1.2.3.256"));
    }
}
