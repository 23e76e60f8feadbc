package dev.tattler.decode;

import static dev.tattler.decode.PacketDecoderTest.ARP_REQUEST;
import static dev.tattler.decode.PacketDecoderTest.ETH_BCAST;
import static dev.tattler.decode.PacketDecoderTest.IPV4_ICMP_ECHO;
import static dev.tattler.decode.PacketDecoderTest.IPV4_UDP;
import static dev.tattler.decode.PacketDecoderTest.IPV6_ICMP6_ECHO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tattler.analysis.ArpAnalyzer;
import dev.tattler.capture.LinkTypes;
import dev.tattler.decode.Frames.Decoded;
import dev.tattler.event.ArpInfo;
import dev.tattler.event.PacketInfo;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Nothing a frame contains makes decoding throw, read outside the captured bytes or leave an
 * offset the analyzers would trip on: every prefix of every sample frame, and seeded random
 * mutations of them, decode cleanly, and the event objects the engine builds from the view can
 * be built.
 */
class DecoderRobustnessTest {

    /** A link type and a well-formed frame of it. */
    private static final class Sample {
        final int linkType;
        final byte[] bytes;

        Sample(int linkType, String hex) {
            this.linkType = linkType;
            this.bytes = Frames.hex(hex);
        }
    }

    private static final List<Sample> SAMPLES = List.of(
            new Sample(LinkTypes.ETHERNET, ETH_BCAST + " 0800 " + IPV4_UDP),
            new Sample(LinkTypes.ETHERNET, ETH_BCAST + " 8100 2064 0800 " + IPV4_UDP),
            new Sample(LinkTypes.ETHERNET, ETH_BCAST + " 88a8 000a 8100 0014 0806 " + ARP_REQUEST),
            new Sample(LinkTypes.ETHERNET, ETH_BCAST + " 0024 aaaa03 000000 0806 " + ARP_REQUEST),
            new Sample(LinkTypes.ETHERNET, "001122334455 66778899aabb 8847 00010040 00011140 " + IPV4_ICMP_ECHO),
            new Sample(LinkTypes.ETHERNET, "001122334455 66778899aabb 0800 46 00 0028 0002 0000 01 11 0000 c0a8010a"
                    + " e0000016 94040000 1234 5678 0010 0000 4142434445464748"),
            new Sample(LinkTypes.ETHERNET, "333300000001 001122334455 86dd 60 000000 0020 00 40"
                    + " fe80 0000 0000 0000 0000 0000 0000 0001 ff02 0000 0000 0000 0000 0000 0000 0001"
                    + " 2c 00 05 02 0000 01 00 11 00 0001 12345678 0222 0223 0020 0000 4142434445464748"),
            new Sample(LinkTypes.ETHERNET, "001122334455 66778899aabb 0800 45 00 002c 0003 4000 40 06 0000 0a000001"
                    + " 0a000002 c350 0050 00000064 00000000 60 02 ffff 0000 0000 020405b4"),
            new Sample(LinkTypes.ETHERNET, "333300000001 001122334455 86dd " + IPV6_ICMP6_ECHO),
            new Sample(LinkTypes.LINUX_SLL, "0000 0001 0006 001122334455 0000 0806 " + ARP_REQUEST),
            new Sample(LinkTypes.LINUX_SLL2, "86dd 0000 00000002 0001 00 06 001122334455 0000 " + IPV6_ICMP6_ECHO),
            new Sample(LinkTypes.NULL, "02000000 " + IPV4_UDP),
            new Sample(LinkTypes.LOOP, "00000018 " + IPV6_ICMP6_ECHO),
            new Sample(LinkTypes.RAW, IPV4_UDP),
            new Sample(LinkTypes.PPP_HDLC, "ff 03 0021 " + IPV4_UDP),
            new Sample(LinkTypes.PPP, "21 " + IPV4_ICMP_ECHO),
            new Sample(LinkTypes.NFLOG, "02 00 0000 0800 0100 0800 0300 0900 0a00 6162636465 000000 2000 0900 "
                    + IPV4_ICMP_ECHO));

    private static final Set<String> CATALOGUE = Weirds.catalogue().keySet();

    /** What every decode must leave true, whatever the input. */
    private static void checkInvariants(Decoded d, String what) {
        PacketView v = d.v;
        int start = v.start();
        int end = v.end();
        try {
            for (String w : d.weirds) {
                assertTrue(CATALOGUE.contains(w), "weird not in the catalogue: " + w);
            }
            assertTrue(d.weirds.size() <= 1, "more than one weird for one frame: " + d.weirds);
            assertTrue(end <= start + d.length, "end moved past the capture");
            if (v.macSrc() >= 0) {
                assertTrue(v.macSrc() >= start && v.macSrc() + 6 <= end, "macSrc");
            }
            if (v.macDst() >= 0) {
                assertTrue(v.macDst() >= start && v.macDst() + 6 <= end, "macDst");
            }
            assertTrue(v.ipEnd() <= end, "ipEnd past the capture");
            if (v.has(PacketView.ARP)) {
                assertTrue(v.arpTpa() + v.arpProtocolLength() <= end, "ARP addresses past the capture");
                ArpAnalyzer.explain(v);
                new ArpInfo(v);
            }
            if (v.ipVersion() != 0) {
                assertTrue(v.l3() >= start && v.ipDst() + (v.ipVersion() == 4 ? 4 : 16) <= end, "IP addresses");
                assertTrue(v.has(PacketView.IPV4) || v.has(PacketView.IPV6), "IP version without an IP layer");
            }
            if (v.l4() >= 0) {
                int header = v.has(PacketView.TCP) ? v.tcpHeaderLength() : 8;
                assertTrue(v.l4() + header <= v.ipEnd(), "transport header past the captured IP packet");
                assertTrue(v.payloadOffset() <= v.ipEnd(), "payload offset past the captured IP packet");
                assertTrue(v.payloadLength() >= 0, "negative payload length");
            }
            int captured = v.capturedPayloadLength();
            assertTrue(captured >= 0 && captured <= Math.max(0, v.payloadLength()), "captured payload length");
            if (v.has(PacketView.LINK)) {
                new PacketInfo(v);
            }
        } catch (AssertionError | RuntimeException e) {
            fail(what + " [" + Frames.layerNames(v.layers()) + ", weirds " + d.weirds + "]: " + e, e);
        }
    }

    @Test
    void everyPrefixOfEverySampleDecodesCleanly() {
        Set<String> seen = new TreeSet<>();
        int decodes = 0;
        for (Sample s : SAMPLES) {
            Decoded whole = Frames.decode(s.linkType, s.bytes, s.bytes.length, s.bytes.length);
            assertEquals(List.of(), whole.weirds, "sample " + LinkTypes.name(s.linkType) + " is not well-formed");
            checkInvariants(whole, "whole sample");
            for (int cut = 0; cut < s.bytes.length; cut++) {
                // as cut by a snap length (wire length intact) and as a frame that really is that short
                Decoded snapped = Frames.decode(s.linkType, s.bytes, cut, s.bytes.length);
                checkInvariants(snapped, LinkTypes.name(s.linkType) + " captured " + cut + "/" + s.bytes.length);
                Decoded shortFrame = Frames.decode(s.linkType, s.bytes, cut, cut);
                checkInvariants(shortFrame, LinkTypes.name(s.linkType) + " frame of " + cut);
                seen.addAll(snapped.weirds);
                seen.addAll(shortFrame.weirds);
                decodes += 2;
            }
        }
        assertTrue(decodes > 1000);
        // Cutting well-formed frames reaches these weirds (and no others: the rest need bad values).
        // A short frame's IP total length exceeds the wire (truncated_IP_len); TCP options cut
        // by the snap length are Zeek's truncated_header.
        assertEquals(new TreeSet<>(List.of(Weirds.INTERNALLY_TRUNCATED_HEADER, Weirds.TRUNCATED_ARP,
                Weirds.TRUNCATED_ETHERNET_FRAME, Weirds.TRUNCATED_IP, Weirds.TRUNCATED_IP_LEN, Weirds.TRUNCATED_HEADER,
                Weirds.TRUNCATED_IPV6_EXTENSION_HEADER, Weirds.TRUNCATED_LINK_HEADER, Weirds.TRUNCATED_LLC_HEADER,
                Weirds.TRUNCATED_MPLS_HEADER, Weirds.TRUNCATED_VLAN_HEADER)), seen);
    }

    @Test
    void seededRandomMutationsDecodeCleanly() {
        Random random = new Random(770);
        Set<String> seen = new TreeSet<>();
        for (Sample s : SAMPLES) {
            for (int round = 0; round < 400; round++) {
                byte[] mutated = s.bytes.clone();
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int at = random.nextInt(mutated.length);
                    // mostly small header fields: lengths, versions, types
                    mutated[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : mutated[at] ^ (1 << random.nextInt(8)));
                }
                int cut = random.nextInt(4) == 0 ? random.nextInt(mutated.length + 1) : mutated.length;
                int wire = random.nextBoolean() ? mutated.length : cut;
                Decoded d = Frames.decode(s.linkType, mutated, cut, wire);
                checkInvariants(d, LinkTypes.name(s.linkType) + " mutation " + round + ": " + hex(mutated, cut));
                seen.addAll(d.weirds);
            }
        }
        // The mutations reach most of the catalogue (a sanity check on the mutator, not on the decoder).
        assertTrue(seen.size() >= 12, "only " + seen);
    }

    @Test
    void randomBytesUnderEveryLinkTypeDecodeCleanly() {
        Random random = new Random(138);
        int[] linkTypes = {LinkTypes.ETHERNET, LinkTypes.LINUX_SLL, LinkTypes.LINUX_SLL2, LinkTypes.NULL, LinkTypes.LOOP,
            LinkTypes.RAW, LinkTypes.IPV4, LinkTypes.IPV6, LinkTypes.PPP, LinkTypes.PPP_HDLC, LinkTypes.NFLOG, 147};
        for (int linkType : linkTypes) {
            for (int round = 0; round < 500; round++) {
                byte[] frame = new byte[random.nextInt(96)];
                random.nextBytes(frame);
                Decoded d = Frames.decode(linkType, frame, frame.length, frame.length + random.nextInt(3) * 100);
                checkInvariants(d, LinkTypes.name(linkType) + " random " + hex(frame, frame.length));
            }
        }
    }

    private static String hex(byte[] b, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
