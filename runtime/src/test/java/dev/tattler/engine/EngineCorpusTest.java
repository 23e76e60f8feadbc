package dev.tattler.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tattler.event.ConnInfo;
import dev.tattler.event.EventType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the engine over every capture of shared/corpus/MANIFEST.tsv with Java handlers counting
 * events, and compares the counts with the tshark counts in the MANIFEST's content column.
 *
 * <p>How the columns map to events ("missing" = the content column does not mention it; tshark
 * counted none there, as a re-count with tshark 4.0 confirms, so the expectation is 0):
 * <ul>
 *   <li>{@code ARP req/rep} = {@code arp_request}/{@code arp_reply}; tshark counts every ARP by
 *       opcode, we count well-formed ones, so a packet Zeek calls {@code bad_arp} counts as
 *       neither (the {@code bad} counter, expected 0 unless listed below).</li>
 *   <li>{@code grat} = requests and replies with {@code ArpInfo.gratuitous} (SPA = TPA).</li>
 *   <li>{@code UDP} = {@code udp_request} + {@code udp_reply}. tshark's {@code udp} filter also
 *       matches ICMP errors quoting a UDP header. Both tshark (its default) and connection tracking
 *       (as Zeek) reassemble IP fragments, so a fragmented datagram counts once, when its last
 *       fragment arrives. The engine runs with checksums ignored ({@code -C}), as tshark counts
 *       packets whatever their checksums.</li>
 *   <li>{@code to255.255.255.255} = UDP {@code broadcast_seen} of kind limited.</li>
 *   <li>{@code toX.X.X.255} = UDP {@code broadcast_seen} of kind directed to an x.x.x.255 address.
 *       tshark counts any destination ending in .255; we count a directed broadcast only to a
 *       local network's broadcast address, known from configuration or learned from a frame sent
 *       to ff:ff:ff:ff:ff:ff (DESIGN.md).</li>
 *   <li>{@code VLAN-tagged} = {@code raw_packet} with {@code p.vlan != null};
 *       {@code IPv6} = {@code raw_packet} with {@code p.ip_version == 6}.</li>
 * </ul>
 * Where our count differs from tshark's on purpose, {@link #DIFFERENCES} gives the value and why.
 */
class EngineCorpusTest {

    /** Counter names, as used in {@link #DIFFERENCES}. */
    private static final List<String> COUNTERS =
            List.of("req", "rep", "bad", "grat", "udp", "limited", "dot255", "vlan", "ipv6");

    /** Per capture: counter -> our expected value where it differs from the MANIFEST (tshark). */
    private static final Map<String, Map<String, Long>> DIFFERENCES = new LinkedHashMap<>();
    /** Per capture: the weirds the run must raise (every other capture raises none). */
    private static final Map<String, Map<String, Long>> WEIRDS = new LinkedHashMap<>();

    private static void differs(String capture, String counter, long expected) {
        DIFFERENCES.computeIfAbsent(capture, k -> new TreeMap<>()).put(counter, expected);
    }

    private static void weirds(String capture, String name, long count) {
        WEIRDS.computeIfAbsent(capture, k -> new TreeMap<>()).put(name, count);
    }

    static {
        // --- ARP -----------------------------------------------------------------------------
        // Zeek's arp-leak.pcap: all 6 have hln or pln 255. tshark counts them by opcode (3 + 3);
        // Zeek's arp.bad baseline shows 6 bad_arp (corrupt-arp-header), and so do we.
        differs("zeek/testing/btest/Traces/arp-leak.pcap", "req", 0);
        differs("zeek/testing/btest/Traces/arp-leak.pcap", "rep", 0);
        differs("zeek/testing/btest/Traces/arp-leak.pcap", "bad", 6);
        // One 802.1ad-tagged ARP with hardware type 0x3030 and hln 14: tshark calls it a
        // gratuitous request (SPA = TPA = 48.48.48.48); Zeek's rules make it
        // bad_arp "unknown-arp-hw-address (hrd=12336)", so it is neither request nor gratuitous.
        differs("tcpdump/tests/arp-too-long-tha.pcap", "req", 0);
        differs("tcpdump/tests/arp-too-long-tha.pcap", "grat", 0);
        differs("tcpdump/tests/arp-too-long-tha.pcap", "bad", 1);
        // scapy-written: frames from 00:01:02:03:04:05 whose ARP sender MAC is 18:60:24:8d:97:ba.
        // Zeek raises bad_arp "weird-arp-sha" for each of the 3; tshark counts 3 requests.
        differs("suricata-verify/tests/arp/detect-arp-03-vlan/input.pcap", "req", 0);
        differs("suricata-verify/tests/arp/detect-arp-03-vlan/input.pcap", "bad", 3);

        // --- UDP -----------------------------------------------------------------------------
        // tshark's 452 = 427 UDP datagrams + 25 ICMP unreachables quoting a UDP header
        // (tshark -Y 'udp && !icmp' gives 427). Fragmented datagrams count once, reassembled.
        differs("tcpdump/tests/afs.pcap", "udp", 427);
        // Zero-length and 4-byte UDP payloads of IPv4/IPv6 (scapy): no complete 8-byte UDP
        // header anywhere, so each is a truncated_header weird (as in Zeek), not a UDP packet.
        // tshark marks them malformed; its udp filter matched 3 when the MANIFEST was made
        // (tshark 4.0.17 matches 2: frames 3 and 7).
        differs("suricata-verify/tests/decode-too-small/test.pcap", "udp", 0);
        // IPv4 total length 85 on an 84-byte packet: truncated_IP (Zeek: truncated_IP_len) and
        // dropped, as Zeek does; tshark flags the length and still dissects the DNS query.
        differs("tcpdump/tests/ipv4_invalid_total_length.pcap", "udp", 0);
        // Snap length 38 leaves 4 bytes of the UDP header: internally_truncated_header (as Zeek);
        // tshark shows the ports it has and calls the packet short.
        differs("tcpdump/tests/udp-length-heapoverflow.pcap", "udp", 0);

        // --- broadcast -----------------------------------------------------------------------
        // Frames 449 (128.2.5.19 -> 128.2.7.255) and 490 (128.2.8.19 -> 128.2.4.255) go to
        // unicast MACs (00:0c:29:40:0e:ef, 90:b1:1c:99:49:29): host addresses of the flood's
        // 128.2.0.0/16, not broadcasts, unless those /24s are configured local networks
        // (see dhcpFloodWithLocalNets).
        differs("zeek/testing/btest/Traces/dhcp/dhcp_flood.pcap", "dot255", 0);

        // --- weirds --------------------------------------------------------------------------
        weirds("tcpdump/tests/ipv6_frag6_negative_len.pcap", "truncated_IPv6_extension_header", 1);
        weirds("zeek/testing/btest/Traces/trunc/ip4-trunc.pcap", "truncated_IP", 1);
        weirds("zeek/testing/btest/Traces/trunc/trunc-hdr.pcap", "truncated_ethernet_frame", 1);
        weirds("tcpdump/tests/ipv4_invalid_hdr_length.pcap", "IPv4_min_header_size", 1);
        weirds("tcpdump/tests/ipv4_invalid_total_length.pcap", "truncated_IP_len", 1);
        weirds("tcpdump/tests/udp-length-heapoverflow.pcap", "internally_truncated_header", 1);
        weirds("suricata-verify/tests/decode-too-small/test.pcap", "truncated_header", 6);
        // frame 1: a SYN whose 40-byte TCP header is cut to 34 by the 68-byte snap length
        weirds("zeek/testing/btest/Traces/tcp/truncated-header.pcap", "truncated_header", 1);
        // Three fragments of ID 0xf2: frames 1 and 3 are both first fragments (offset 0, MF) with
        // different bytes, frame 2 is at offset 48. Reassembled once (UDP counted once, as
        // tshark does), with the weirds of Zeek's core.reassembly baseline for this trace.
        weirds("zeek/testing/btest/Traces/ipv4/fragmented-1.pcap", "excessively_small_fragment", 1);
        weirds("zeek/testing/btest/Traces/ipv4/fragmented-1.pcap", "fragment_size_inconsistency", 1);
        weirds("zeek/testing/btest/Traces/ipv4/fragmented-1.pcap", "fragment_inconsistency", 2);
        // AFS over UDP: 51 datagrams in 200 fragments, every fragment with Don't Fragment set
        // (Zeek: fragment_with_DF for each).
        weirds("tcpdump/tests/afs.pcap", "fragment_with_DF", 200);
    }

    /** Parses the tshark counts out of a MANIFEST content column; absent counters are 0. */
    static Map<String, Long> manifestCounts(String content) {
        Map<String, Long> m = new TreeMap<>();
        for (String c : COUNTERS) {
            m.put(c, 0L);
        }
        Matcher arp = Pattern.compile("ARP req=(\\d+) rep=(\\d+)(?: grat=(\\d+))?").matcher(content);
        if (arp.find()) {
            m.put("req", Long.parseLong(arp.group(1)));
            m.put("rep", Long.parseLong(arp.group(2)));
            if (arp.group(3) != null) {
                m.put("grat", Long.parseLong(arp.group(3)));
            }
        }
        Matcher udp = Pattern.compile("UDP=(\\d+)(?: to255\\.255\\.255\\.255=(\\d+))?(?: toX\\.X\\.X\\.255=(\\d+))?")
                .matcher(content);
        if (udp.find()) {
            m.put("udp", Long.parseLong(udp.group(1)));
            if (udp.group(2) != null) {
                m.put("limited", Long.parseLong(udp.group(2)));
            }
            if (udp.group(3) != null) {
                m.put("dot255", Long.parseLong(udp.group(3)));
            }
        }
        Matcher vlan = Pattern.compile("VLAN-tagged=(\\d+)").matcher(content);
        if (vlan.find()) {
            m.put("vlan", Long.parseLong(vlan.group(1)));
        }
        Matcher ipv6 = Pattern.compile("IPv6=(\\d+)").matcher(content);
        if (ipv6.find()) {
            m.put("ipv6", Long.parseLong(ipv6.group(1)));
        }
        return m;
    }

    static Map<String, Long> ours(EventCounts c) {
        Map<String, Long> m = new TreeMap<>();
        m.put("req", c.arpRequests);
        m.put("rep", c.arpReplies);
        m.put("bad", c.badArps);
        m.put("grat", c.gratuitous);
        m.put("udp", c.udp());
        m.put("limited", c.limitedUdp);
        m.put("dot255", c.directedUdpToDot255());
        m.put("vlan", c.vlanTagged);
        m.put("ipv6", c.ipv6);
        return m;
    }

    @Test
    void manifestContentParses() {
        assertEquals(Map.of("req", 4L, "rep", 1L, "grat", 3L, "udp", 66L, "limited", 9L, "dot255", 53L, "vlan", 0L,
                "ipv6", 0L, "bad", 0L), manifestCounts("[netbios] x. ARP req=4 rep=1 grat=3; UDP=66 to255.255.255.255=9"
                + " toX.X.X.255=53; BROWSER=17"));
        assertEquals(8L, manifestCounts("UDP=5; IPv6=8").get("ipv6"));
        assertEquals(3L, manifestCounts("ARP req=3 rep=0; VLAN-tagged=3").get("vlan"));
        assertEquals(0L, manifestCounts("TCP=11").get("udp"));
    }

    @TestFactory
    Stream<DynamicTest> everyCaptureMatchesTsharkCountsOrAnExplainedDifference() throws IOException {
        List<Corpus.Row> rows = Corpus.manifest();
        assertEquals(64, rows.size(), "MANIFEST rows");
        List<String> paths = new ArrayList<>();
        rows.forEach(r -> paths.add(r.path));
        assertTrue(paths.containsAll(DIFFERENCES.keySet()), "a difference for a capture not in the MANIFEST");
        assertTrue(paths.containsAll(WEIRDS.keySet()), "weirds for a capture not in the MANIFEST");
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.path, () -> {
            EventCounts counts = new EventCounts();
            // tshark does not validate checksums; -C, so that bad ones neither drop packets nor add weirds
            Corpus.Run run = Corpus.run(Corpus.corpus().resolve(row.path),
                    EngineConfig.defaults(null).withIgnoreChecksums(true), Corpus.bus(counts.failures), counts::subscribe);
            assertEquals(List.of(), counts.failures, "handler failures");
            assertEquals(row.packets, run.summary.packets(), "packets read");
            assertNull(run.summary.truncation());
            assertEquals("", run.reporterOutput, "reporter output");

            Map<String, Long> tshark = manifestCounts(row.content);
            Map<String, Long> expected = new TreeMap<>(tshark);
            Map<String, Long> explained = DIFFERENCES.getOrDefault(row.path, Map.of());
            for (Map.Entry<String, Long> e : explained.entrySet()) {
                // a difference that no longer differs is stale: remove it
                assertNotEquals(tshark.get(e.getKey()), e.getValue(), "stale difference " + e.getKey());
                expected.put(e.getKey(), e.getValue());
            }
            assertEquals(expected, ours(counts), "tshark " + tshark + ", ours " + counts);

            Map<String, Long> weirds = WEIRDS.getOrDefault(row.path, Map.of());
            assertEquals(weirds, new TreeMap<>(run.summary.weirds()), "weirds in the summary");
            // Zeek's sampling: the first 25 of a name are reported, then one in 1000 (afs: 200 → 25)
            Map<String, Long> reported = new TreeMap<>();
            weirds.forEach((name, n) -> reported.put(name, n <= 25 ? n : 25 + (n - 25) / 1000));
            assertEquals(reported, counts.weirds, "weird events");
            // raw_packet fires for every packet with a link header: all but trunc-hdr's 8-byte frame
            long noLink = row.path.endsWith("trunc/trunc-hdr.pcap") ? 1 : 0;
            assertEquals(row.packets - noLink, counts.rawPackets, "raw_packet events");
        }));
    }

    @Test
    void dhcpFloodWithLocalNets() throws IOException {
        // With 128.2.4.0/24 and 128.2.7.0/24 configured as local, the two x.x.x.255 datagrams
        // tshark counts are directed broadcasts after all.
        EventCounts counts = new EventCounts();
        Corpus.run(Corpus.file("zeek/testing/btest/Traces/dhcp/dhcp_flood.pcap"),
                new EngineConfig(List.of("128.2.4.0/24", "128.2.7.0/24"), null, 1), Corpus.bus(counts.failures),
                counts::subscribe);
        assertEquals(2, counts.directedUdpToDot255());
        List<String> seen = new ArrayList<>();
        counts.broadcasts.forEach(b -> seen.add(b.src + " > " + b.dst + " " + b.kind + " " + b.subnet + " " + b.dport));
        assertEquals(List.of("128.2.5.19 > 128.2.7.255 directed 128.2.7.0/24 67",
                "128.2.8.19 > 128.2.4.255 directed 128.2.4.0/24 68"), seen);
    }

    @Test
    void directedBroadcastsAreLearnedFromTheEthernetBroadcastMac() throws IOException {
        // eapon1: a Windows host boots; NetBIOS datagrams first from its link-local address to
        // 169.254.255.255, then from its DHCP lease to 192.168.1.255, all to ff:ff:ff:ff:ff:ff, so
        // both networks are learned; DHCP to 255.255.255.255; 4 ARP requests to the broadcast MAC.
        EventCounts counts = new EventCounts();
        Corpus.run(Corpus.file("tcpdump/tests/eapon1.pcap"), EngineConfig.defaults(null), Corpus.bus(counts.failures),
                counts::subscribe);
        Map<String, Long> kinds = new TreeMap<>();
        counts.broadcasts.forEach(b -> kinds.merge(b.kind + " " + b.dst + " " + b.subnet, 1L, Long::sum));
        assertEquals(Map.of("directed 169.254.255.255 169.254.0.0/16", 43L, "directed 192.168.1.255 192.168.1.0/24", 10L,
                "limited 255.255.255.255 null", 9L, "ethernet null null", 4L), kinds);
    }

    @Test
    void broadcastUdpIsNeverTheResponder() throws IOException {
        // Zeek's core.udp-broadcast-no-flip baseline: 192.168.1.1:40190 -> 255.255.255.255:7437, not flipped.
        List<String> baseline = Files.readAllLines(Corpus.file(
                "zeek/testing/btest/Baseline/core.udp-broadcast-no-flip/conn.log.cut"), StandardCharsets.UTF_8);
        String[] row = baseline.get(baseline.size() - 1).split("\t");
        List<String> requests = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Corpus.run(Corpus.file("zeek/testing/btest/Traces/udp-broadcast.pcap"), EngineConfig.defaults(null),
                Corpus.bus(failures), bus -> {
                    bus.subscribe(EventType.UDP_REQUEST, Corpus.handler("t", (c, p) -> {
                        ConnInfo conn = (ConnInfo) c;
                        requests.add(conn.id.orig_h + " " + conn.id.orig_p + " " + conn.id.resp_h + " " + conn.id.resp_p);
                    }), 0);
                    bus.subscribe(EventType.UDP_REPLY, Corpus.handler("t", (c, p) -> failures.add("reply")), 0);
                });
        assertEquals(List.of(row[2] + " " + row[3] + " " + row[4] + " " + row[5]), requests);
        assertEquals(List.of("192.168.1.1 40190 255.255.255.255 7437"), requests);
        assertEquals(List.of(), failures);
    }
}
