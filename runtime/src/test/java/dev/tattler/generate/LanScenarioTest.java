package dev.tattler.generate;

import static dev.tattler.generate.MiniPcap.ip;
import static dev.tattler.generate.MiniPcap.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates LAN captures and reads them back with {@link MiniPcap}, an independent parser:
 * every checksum must verify, the ground truth must equal a recount from the bytes, and the
 * traffic must contain what the scenario promises.
 */
class LanScenarioTest {
    private static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    private static final int LIMITED_BROADCAST = 0xFFFF_FFFF;

    @TempDir
    Path dir;

    /** The ground-truth categories recounted from parsed frames, in GroundTruth's order. */
    private static long[] recount(List<MiniPcap.Record> records, int directedBroadcast) {
        long[] c = new long[22];
        for (MiniPcap.Record r : records) {
            MiniPcap.Frame f = new MiniPcap.Frame(r.frame());
            if (c[0]++ == 0) {
                c[1] = r.tsNanos();
            }
            c[2] = r.tsNanos();
            if (f.vlanTags > 0) {
                c[3]++;
            }
            if (f.dstMac() == BROADCAST) {
                c[4]++;
            }
            if (f.isArp()) {
                if (f.arpOp() == 1) {
                    c[5]++;
                }
                if (f.arpOp() == 2) {
                    c[6]++;
                }
                if (f.arpSpa() == f.arpTpa() && f.arpSpa() != 0) {
                    c[7]++;
                }
                if (f.arpOp() == 1 && f.arpSpa() == 0) {
                    c[8]++;
                }
            } else if (f.isIpv4()) {
                c[9]++;
                if (f.protocol() == 17) {
                    c[10]++;
                    if (f.dstIp() == LIMITED_BROADCAST) {
                        c[11]++;
                    }
                    if (f.dstIp() == directedBroadcast) {
                        c[12]++;
                    }
                    if ((f.dstIp() & 0xF000_0000) == 0xE000_0000) {
                        c[13]++;
                    }
                    if (f.dstPort() >= 33434 && f.dstPort() <= 33534) {
                        c[21]++;
                    }
                } else if (f.protocol() == 6) {
                    c[14]++;
                    if ((f.tcpFlags() & 0x12) == 0x02) {
                        c[15]++;
                    }
                } else if (f.protocol() == 1) {
                    c[16]++;
                    switch (f.icmpType()) {
                        case 8: c[17]++; break;
                        case 0: c[18]++; break;
                        case 11: c[19]++; break;
                        case 3: c[20]++; break;
                        default: break;
                    }
                }
            }
        }
        return c;
    }

    private static long[] asArray(GroundTruth t) {
        return new long[] {t.frames(), t.firstNanos(), t.lastNanos(), t.vlanTagged(), t.ethernetBroadcast(),
            t.arpRequests(), t.arpReplies(), t.gratuitousArps(), t.arpProbes(), t.ipv4Packets(), t.udpPackets(),
            t.udpToLimitedBroadcast(), t.udpToDirectedBroadcast(), t.udpToMulticast(), t.tcpPackets(), t.tcpSyns(),
            t.icmpPackets(), t.icmpEchoRequests(), t.icmpEchoReplies(), t.icmpTimeExceeded(), t.icmpUnreachable(),
            t.tracerouteProbes()};
    }

    /** Checksums, lengths and timestamps of every record; returns the records. */
    private static List<MiniPcap.Record> readAndCheck(Path file, LanScenario.Options o, GroundTruth truth)
            throws IOException {
        List<MiniPcap.Record> records = MiniPcap.read(file);
        long start = o.start().getEpochSecond() * 1_000_000_000L + o.start().getNano();
        long end = start + o.duration().toNanos();
        long last = Long.MIN_VALUE;
        int i = 0;
        for (MiniPcap.Record r : records) {
            String where = "record " + i++;
            assertTrue(r.tsNanos() > last, where + ": timestamps strictly increasing");
            assertTrue(r.tsNanos() >= start && r.tsNanos() <= end, where + ": inside the capture window");
            last = r.tsNanos();
            assertEquals(r.frame().length, r.wireLength(), where);
            assertTrue(r.frame().length >= 60, where + ": padded to the Ethernet minimum");
            MiniPcap.Frame f = new MiniPcap.Frame(r.frame());
            assertTrue(f.isArp() || f.isIpv4(), where + ": ethertype " + Integer.toHexString(f.etherType));
            if (f.isIpv4()) {
                assertTrue(f.l3 + f.ipTotalLength() <= r.frame().length, where + ": IP length within frame");
                assertTrue(f.ipChecksumOk(), where + ": IPv4 header checksum");
                assertTrue(f.l4ChecksumOk(), where + ": protocol " + f.protocol() + " checksum");
                if (f.protocol() == 1 && (f.icmpType() == 3 || f.icmpType() == 11)) {
                    assertEquals(0xFFFF, MiniPcap.sum(f.b, f.l4() + 8, 20, 0), where + ": quoted header checksum");
                }
                if (f.protocol() == 17) {
                    assertEquals(f.l4Length(), u16(f.b, f.l4() + 4), where + ": UDP length");
                }
            }
        }
        assertArrayEquals(asArray(truth), recount(records, o.broadcast()),
                "ground truth " + truth + " vs recount");
        return records;
    }

    @Test
    void defaultScenarioIsWellFormedAndMatchesItsGroundTruth() throws IOException {
        LanScenario.Options o = LanScenario.Options.defaults();
        Path file = dir.resolve("lan.pcap");
        GroundTruth t = LanScenario.write(file, 1, o);
        List<MiniPcap.Record> records = readAndCheck(file, o, t);

        assertEquals(records.size(), t.frames());
        assertTrue(t.frames() > 300, "a busy minute: " + t.frames());
        assertEquals(o.hosts(), t.gratuitousArps(), "one announcement per booting host");
        assertTrue(t.arpRequests() > t.gratuitousArps() + t.arpProbes(), "ordinary requests too");
        assertTrue(t.arpReplies() > 0);
        assertTrue(t.udpToLimitedBroadcast() >= 2L * o.hosts(), "DHCP DISCOVER and REQUEST per host");
        assertTrue(t.udpToDirectedBroadcast() >= 10L * o.hosts(), "NetBIOS registrations and announcements");
        assertTrue(t.udpToMulticast() > 0, "SSDP");
        assertTrue(t.tcpSyns() >= o.hosts(), "at least the SMB session of each host");
        assertEquals(4, t.icmpEchoRequests());
        assertEquals(4, t.icmpEchoReplies());
        assertEquals(3, t.icmpUnreachable(), "the traceroute's last TTL");
        assertEquals(t.tracerouteProbes(), t.icmpTimeExceeded() + t.icmpUnreachable(), "every probe answered");
        assertEquals(0, t.vlanTagged());
        assertTrue(t.lastNanos() - t.firstNanos() > Duration.ofSeconds(50).toNanos(), "spans the minute");
    }

    @Test
    void containsTheProtocolsItPromises() throws IOException {
        LanScenario.Options o = LanScenario.Options.defaults();
        Path file = dir.resolve("lan.pcap");
        LanScenario.write(file, 7, o);
        List<MiniPcap.Record> records = MiniPcap.read(file);
        int net = ip(192, 168, 1, 0);
        int bcast = ip(192, 168, 1, 255);
        int server = ip(192, 168, 1, 2);
        byte[] mailslot = "\\MAILSLOT\\BROWSE".getBytes(StandardCharsets.US_ASCII);

        Set<Integer> announcedArp = new HashSet<>();
        Set<Integer> announcedBrowser = new HashSet<>();
        int discovers = 0;
        int dnsQueries = 0;
        int ssdp = 0;
        Map<Long, Long> synSeqByFlow = new HashMap<>();
        int synAcksMatched = 0;
        List<MiniPcap.Frame> probes = new ArrayList<>();
        List<MiniPcap.Frame> icmpErrors = new ArrayList<>();

        for (MiniPcap.Record r : records) {
            MiniPcap.Frame f = new MiniPcap.Frame(r.frame());
            if (f.isArp()) {
                if (f.arpSpa() == f.arpTpa()) {
                    assertEquals(BROADCAST, f.dstMac());
                    assertEquals(f.srcMac(), f.arpSha());
                    announcedArp.add(f.arpSpa());
                }
                continue;
            }
            if (f.protocol() == 17) {
                assertNotEquals(770, f.srcPort(), "ordinary traffic never uses source port 770");
                byte[] payload = f.udpPayload();
                if (f.dstPort() == 67) {
                    assertEquals(0, f.srcIp());
                    assertEquals(68, f.srcPort());
                    assertEquals(LIMITED_BROADCAST, f.dstIp());
                    assertEquals(BROADCAST, f.dstMac());
                    assertEquals(1, payload[0], "BOOTREQUEST");
                    assertEquals(0x63825363, MiniPcap.i32(payload, 236), "DHCP magic cookie");
                    assertEquals(53, payload[240]);
                    if (payload[242] == 1) {
                        discovers++;
                    }
                } else if (f.dstPort() == 138) {
                    assertEquals(138, f.srcPort());
                    assertEquals(bcast, f.dstIp());
                    assertEquals(BROADCAST, f.dstMac());
                    assertEquals(0x11, payload[0], "NetBIOS DIRECT_GROUP datagram");
                    assertEquals(f.srcIp(), MiniPcap.i32(payload, 4), "datagram source IP");
                    assertEquals(payload.length - 14, u16(payload, 10), "datagram length");
                    assertTrue(indexOf(payload, mailslot) > 0, "mailslot name");
                    assertEquals(0xFF, payload[82] & 0xFF);
                    assertEquals('S', payload[83]);
                    announcedBrowser.add(f.srcIp());
                } else if (f.dstPort() == 137 && f.dstIp() == bcast) {
                    assertEquals(BROADCAST, f.dstMac());
                } else if (f.dstPort() == 53) {
                    assertEquals(server, f.dstIp());
                    assertNotEquals(BROADCAST, f.dstMac());
                    dnsQueries++;
                } else if (f.dstIp() == ip(239, 255, 255, 250)) {
                    assertEquals(1900, f.dstPort());
                    assertEquals(0x0100_5E7F_FFFAL, f.dstMac(), "IPv4 multicast MAC");
                    ssdp++;
                } else if (f.dstPort() >= 33434 && f.dstPort() <= 33534) {
                    probes.add(f);
                }
            } else if (f.protocol() == 6) {
                long flow = (long) f.srcPort() << 48 ^ (long) f.dstPort() << 32 ^ (f.srcIp() ^ f.dstIp());
                if (f.tcpFlags() == 0x02) {
                    synSeqByFlow.put(flow, f.tcpSeq());
                } else if (f.tcpFlags() == 0x12) {
                    long reverse = (long) f.dstPort() << 48 ^ (long) f.srcPort() << 32 ^ (f.srcIp() ^ f.dstIp());
                    Long seq = synSeqByFlow.get(reverse);
                    assertTrue(seq != null, "SYN-ACK answers a SYN");
                    assertEquals((seq + 1) & 0xFFFF_FFFFL, f.tcpAck());
                    synAcksMatched++;
                }
            } else if (f.protocol() == 1 && (f.icmpType() == 11 || f.icmpType() == 3)) {
                icmpErrors.add(f);
            }
        }

        Set<Integer> hostAddresses = new HashSet<>();
        for (int i = 0; i < o.hosts(); i++) {
            hostAddresses.add(net + 100 + i);
        }
        assertEquals(hostAddresses, announcedArp, "every host ARPs for its own address");
        assertTrue(announcedBrowser.containsAll(hostAddresses), "every host announces itself");
        assertEquals(o.hosts(), discovers);
        assertTrue(dnsQueries > o.hosts(), "DNS lookups: " + dnsQueries);
        assertTrue(ssdp > 0);
        assertEquals(synSeqByFlow.size(), synAcksMatched, "every SYN answered");

        // The traceroute: one source port, destination ports counting up from 33434, TTL 1,1,1,2,2,2,...
        assertTrue(probes.size() >= 12 && probes.size() % 3 == 0, "probes: " + probes.size());
        for (int i = 0; i < probes.size(); i++) {
            MiniPcap.Frame p = probes.get(i);
            assertEquals(33434 + i, p.dstPort());
            assertEquals(probes.get(0).srcPort(), p.srcPort());
            assertTrue(p.srcPort() >= 32768);
            assertEquals(1 + i / 3, p.ttl());
            assertEquals(32, p.l4Length() - 8, "Linux traceroute payload");
        }
        assertEquals(probes.size(), icmpErrors.size());
        for (int i = 0; i < icmpErrors.size(); i++) {
            MiniPcap.Frame e = icmpErrors.get(i);
            boolean last = i >= icmpErrors.size() - 3;
            assertEquals(last ? 3 : 11, e.icmpType());
            assertEquals(last ? 3 : 0, e.icmpCode());
            int q = e.l4() + 8;
            assertEquals(probes.get(i).dstIp(), MiniPcap.i32(e.b, q + 16), "quoted destination");
            assertEquals(33434 + i, u16(e.b, q + 22), "quoted destination port");
            assertEquals(1, e.b[q + 8], "quoted TTL as received by the answering hop");
            if (last) {
                assertEquals(probes.get(i).dstIp(), e.srcIp(), "the target answers port unreachable");
            }
        }
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
        LanScenario.Options o = LanScenario.Options.defaults().withDuration(Duration.ofSeconds(30));
        Path a = dir.resolve("a.pcap");
        Path b = dir.resolve("b.pcap");
        Path c = dir.resolve("c.pcap");
        GroundTruth ta = LanScenario.write(a, 12345, o);
        GroundTruth tb = LanScenario.write(b, 12345, o);
        GroundTruth tc = LanScenario.write(c, 12346, o);
        assertEquals(-1L, Files.mismatch(a, b), "same seed, same file");
        assertEquals(ta, tb);
        assertNotEquals(-1L, Files.mismatch(a, c), "another seed, another file");
        assertNotEquals(ta, tc);
    }

    @Test
    void vlanTagOnEveryFrame() throws IOException {
        LanScenario.Options o = LanScenario.Options.defaults().withVlan(77).withDuration(Duration.ofSeconds(40));
        Path file = dir.resolve("vlan.pcap");
        GroundTruth t = LanScenario.write(file, 3, o);
        List<MiniPcap.Record> records = readAndCheck(file, o, t);
        assertEquals(t.frames(), t.vlanTagged());
        for (MiniPcap.Record r : records) {
            MiniPcap.Frame f = new MiniPcap.Frame(r.frame());
            assertEquals(1, f.vlanTags);
            assertEquals(0x8100, u16(r.frame(), 12));
            assertEquals(77, f.vids[0]);
        }
        // The tag changes framing only: the same seed untagged has the same counts otherwise.
        GroundTruth plain = LanScenario.write(dir.resolve("plain.pcap"), 3, o.withVlan(-1));
        assertEquals(0, plain.vlanTagged());
        assertEquals(t.frames(), plain.frames());
        assertEquals(t.udpToDirectedBroadcast(), plain.udpToDirectedBroadcast());
        assertEquals(t.arpRequests(), plain.arpRequests());
    }

    @Test
    void qinqTagsOnEveryFrame() throws IOException {
        LanScenario.Options o = LanScenario.Options.defaults().withQinq(10, 20).withDuration(Duration.ofSeconds(20));
        Path file = dir.resolve("qinq.pcap");
        GroundTruth t = LanScenario.write(file, 4, o);
        for (MiniPcap.Record r : readAndCheck(file, o, t)) {
            MiniPcap.Frame f = new MiniPcap.Frame(r.frame());
            assertEquals(2, f.vlanTags);
            assertEquals(0x88A8, u16(r.frame(), 12));
            assertEquals(10, f.vids[0]);
            assertEquals(20, f.vids[1]);
        }
        assertEquals(t.frames(), t.vlanTagged());
    }

    @Test
    void otherSubnetsAndSizes() throws IOException {
        LanScenario.Options big = LanScenario.Options.defaults().withSubnet("10.20.0.0/16").withHosts(40)
                .withDuration(Duration.ofSeconds(90)).withStart(Instant.parse("2002-06-12T08:30:00.5Z"));
        assertEquals(ip(10, 20, 255, 255), big.broadcast());
        Path file = dir.resolve("big.pcap");
        GroundTruth t = LanScenario.write(file, 99, big);
        readAndCheck(file, big, t);
        assertEquals(40, t.gratuitousArps());
        assertTrue(t.udpToDirectedBroadcast() > 0);

        LanScenario.Options tiny = LanScenario.Options.defaults().withSubnet("172.16.5.16/28").withHosts(11);
        file = dir.resolve("tiny.pcap");
        t = LanScenario.write(file, 5, tiny);
        List<MiniPcap.Record> records = readAndCheck(file, tiny, t);
        assertEquals(ip(172, 16, 5, 31), tiny.broadcast());
        for (MiniPcap.Record r : records) {
            MiniPcap.Frame f = new MiniPcap.Frame(r.frame());
            if (f.isArp() && f.arpSpa() != 0) {
                assertEquals(ip(172, 16, 5, 16), f.arpSpa() & 0xFFFF_FFF0, "ARP stays inside the /28");
            }
        }
    }

    @Test
    void aShortCaptureCutsConversationsAndStillCountsExactly() throws IOException {
        LanScenario.Options o = LanScenario.Options.defaults().withDuration(Duration.ofMillis(2500));
        Path file = dir.resolve("short.pcap");
        GroundTruth t = LanScenario.write(file, 8, o);
        readAndCheck(file, o, t);
        assertTrue(t.frames() > 0);
    }

    @Test
    void optionsAreValidated() {
        LanScenario.Options d = LanScenario.Options.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withSubnet("10.0.0.0/30"));
        assertThrows(IllegalArgumentException.class, () -> d.withSubnet("10.0.0.0/7"));
        assertThrows(IllegalArgumentException.class, () -> d.withSubnet("10.0.0.0"));
        assertThrows(IllegalArgumentException.class, () -> d.withHosts(0));
        assertThrows(IllegalArgumentException.class, () -> d.withHosts(156), "a /24 holds .100-.254");
        assertEquals(155, d.withHosts(155).hosts());
        assertThrows(IllegalArgumentException.class, () -> d.withSubnet("10.0.0.0/29").withHosts(4));
        assertThrows(IllegalArgumentException.class, () -> d.withDuration(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withVlan(4095));
        assertEquals(ip(192, 168, 7, 0), d.withSubnet("192.168.7.77/24").network(), "host bits cleared");
    }

    /** Optional: tcpdump's own verdict, where tcpdump happens to be installed. */
    @Test
    void tcpdumpFindsNoBadChecksums() throws Exception {
        String tcpdump = onPath("tcpdump");
        assumeTrue(tcpdump != null, "tcpdump not installed");
        LanScenario.Options o = LanScenario.Options.defaults().withVlan(5);
        Path file = dir.resolve("td.pcap");
        GroundTruth t = LanScenario.write(file, 11, o);
        Process p = new ProcessBuilder(tcpdump, "-nn", "-vv", "-r", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("bad cksum"), out);
        assertFalse(out.contains("bad udp cksum"), out);
        assertFalse(out.toLowerCase(java.util.Locale.ROOT).contains("malformed"), out);
        assertTrue(out.contains("33434"), "the traceroute is there");
        assertTrue(t.frames() > 0);
    }

    private static String onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
