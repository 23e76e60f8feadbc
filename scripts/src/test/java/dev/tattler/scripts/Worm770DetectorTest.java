package dev.tattler.scripts;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;
import dev.tattler.capture.PcapWriter;
import dev.tattler.event.NoticeInfo;
import dev.tattler.generate.FrameBuilder;
import dev.tattler.generate.LanScenario;
import dev.tattler.generate.Worm770Scenario;
import dev.tattler.generate.Worm770Truth;
import dev.tattler.testing.SharedCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled worm770 detector on captures it has never seen: generated incidents in many
 * variants (seeds, subnets, VLANs, several infected hosts, unicast targets, jitter, no
 * background, healthy look-alikes mixed in), incidents merged into real captures, and — for
 * silence — every capture of the shared corpus and generated healthy traffic.
 */
class Worm770DetectorTest {
    @TempDir
    Path dir;

    /** Seeds beyond the fixed ones: -Dworm770.seeds=N runs N more per variant. */
    private static final int EXTRA_SEEDS = Integer.getInteger("worm770.seeds", 0);

    private static Set<String> ips(List<Worm770Truth.InfectedHost> hosts) {
        return hosts.stream().map(Worm770Truth.InfectedHost::ipString).collect(Collectors.toCollection(TreeSet::new));
    }

    private void check(String name, long seed, Worm770Scenario.Options o) throws Exception {
        Path capture = dir.resolve(name + "-" + seed + ".pcap");
        Worm770Truth truth = Worm770Scenario.write(capture, seed, o);
        Path logs = Files.createDirectories(dir.resolve(name + "-" + seed));
        Worm770Run run = Worm770Run.over(capture, logs, Map.of());
        String where = name + " seed " + seed;
        assertEquals(List.of(), run.failures, where);
        assertTrue(!run.stderr.contains("error"), where + ": " + run.stderr);
        Set<String> infected = ips(truth.infected());
        assertEquals(infected, run.hosts("Worm770::Infected_Host"), where + ": infected hosts named");
        assertEquals(infected, run.hosts("Worm770::Self_ARP_Flood"), where + ": self-ARP then flood");
        assertEquals(infected, run.hosts("Worm770::Burst"), where + ": bursts (one notice per host, the rest suppressed)");
        Set<String> affected = truth.affected().stream().map(Worm770Truth.AffectedHost::ipString).collect(Collectors.toSet());
        for (String note : List.of("Worm770::Broadcast_Conversation", "Worm770::Host_Silent")) {
            for (String h : run.hosts(note)) {
                assertTrue(affected.contains(h), where + ": " + note + " names " + h + ", not an affected host " + affected);
            }
        }
        for (Worm770Truth.AffectedHost a : truth.affected()) {
            if (a.wentSilent() && a.lastSeenNanos() + 90_000_000_000L < truth.capture().lastNanos()) {
                assertTrue(run.hosts("Worm770::Host_Silent").contains(a.ipString()), where + ": silent " + a.ipString());
            }
        }
        for (NoticeInfo n : run.notices) {
            if (n.note.equals("Worm770::Infected_Host")) {
                Worm770Truth.InfectedHost h = truth.infected().stream().filter(i -> i.ipString().equals(n.src)).findFirst().orElseThrow();
                assertTrue(n.msg.contains(FrameBuilder.macString(h.mac())), where + ": MAC in " + n.msg);
                assertTrue(n.advice.contains("isolate " + n.src), where + ": advice " + n.advice);
                assertTrue(n.advice.contains("block UDP source port 770"), n.advice);
            }
        }
        for (Worm770Truth.InfectedHost h : truth.infected()) {
            assertTrue(run.report.contains("Infected host  " + h.ipString()), where + ": report names " + h.ipString());
            assertTrue(run.report.contains(FrameBuilder.macString(h.mac())), where + ": report gives the MAC");
            assertTrue(run.report.contains("self-ARP      " + utc(h.selfArpNanos()) + "  "),
                    where + ": report gives the self-ARP's time, " + utc(h.selfArpNanos()) + "\n" + run.report);
            assertTrue(run.report.contains("last seen     " + utc(h.lastSeenNanos()) + "\n"),
                    where + ": report gives when the host was last seen, " + utc(h.lastSeenNanos()));
        }
        assertTrue(run.report.contains("What to do now") && run.report.contains("How to verify the containment worked"), where);
        List<String> rows = Files.readAllLines(logs.resolve("worm770.log"));
        long bursts = rows.stream().filter(l -> l.contains("\tburst\t") && l.contains("\tT\t")).count();
        assertEquals(truth.bursts(), bursts, where + ": every burst in worm770.log, linked to its packet");
    }

    /** A capture time as the report writes it, to the millisecond (truncated, as JavaScript's Date keeps it). */
    private static String utc(long nanos) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.ofEpochSecond(0, nanos));
    }

    @Test
    void namesExactlyTheInfectedHostsInEveryVariant() throws Exception {
        Worm770Scenario.Options base = Worm770Scenario.Options.defaults();
        Map<String, Worm770Scenario.Options> variants = new java.util.LinkedHashMap<>();
        variants.put("default", base);
        variants.put("slash16", base.withSubnet("10.20.0.0/16").withHosts(30));
        variants.put("vlan", base.withSubnet("172.16.5.0/24").withVlan(42));
        variants.put("qinq", base.withQinq(100, 200));
        variants.put("three-infected", base.withInfected(3).withHosts(12));
        variants.put("unicast", base.withUnicastTargets(true));
        variants.put("jitter", base.withJitter(Duration.ofMillis(150)));
        variants.put("no-background", base.withBackground(false));
        variants.put("with-lookalikes", base.withLookalikes(true));
        long seed = 11;
        for (Map.Entry<String, Worm770Scenario.Options> v : variants.entrySet()) {
            check(v.getKey(), seed++, v.getValue());
            for (int i = 0; i < EXTRA_SEEDS; i++) {
                check(v.getKey(), 1000 + 31L * i + seed, v.getValue());
            }
        }
    }

    @Test
    void silentOnHealthyTrafficAndLookalikes() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            Path lan = dir.resolve("lan" + seed + ".pcap");
            LanScenario.write(lan, seed, LanScenario.Options.defaults().withDuration(Duration.ofMinutes(5)));
            Worm770Run run = Worm770Run.over(lan, Files.createDirectories(dir.resolve("l" + seed)), Map.of());
            assertEquals(0, run.count("Worm770::"), "healthy LAN seed " + seed + ": " + run.notices);
            assertEquals("", run.report);
        }
        Path looks = dir.resolve("lookalikes.pcap");
        Worm770Truth t = Worm770Scenario.write(looks, 5, Worm770Scenario.Options.healthyLookalikes());
        assertTrue(t.lookalikes().single770() + t.lookalikes().otherPayloadBursts() > 0);
        Worm770Run run = Worm770Run.over(looks, Files.createDirectories(dir.resolve("looks")), Map.of());
        assertEquals(0, run.count("Worm770::"), "look-alikes: " + run.notices);
    }

    @Test
    void silentOnEveryCorpusCapture() throws Exception {
        Path corpus = SharedCorpus.root();
        List<String> noisy = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.resolve("MANIFEST.tsv")).subList(1, 65)) {
            String rel = line.split("\t")[0];
            Worm770Run run = Worm770Run.over(corpus.resolve(rel), null, Map.of());
            if (run.count("Worm770::") != 0 || !run.failures.isEmpty()) {
                noisy.add(rel + " " + run.notices + run.failures);
            }
        }
        assertEquals(List.of(), noisy);
    }

    /** An incident written into real traffic: the generated frames merged by timestamp into a corpus capture. */
    @Test
    void findsTheIncidentMixedIntoRealCaptures() throws Exception {
        for (String rel : List.of("suricata-verify/tests/sip-method/sip.pcap",
                "zeek/testing/btest/Traces/smb/smb3_multichannel.pcap", "tcpdump/tests/eapon1.pcap")) {
            Path real = SharedCorpus.file(rel);
            long first;
            try (PacketSource s = CaptureFiles.open(real)) {
                PacketRecord r = new PacketRecord();
                s.next(r);
                first = r.timestampNanos;
            }
            Path incident = dir.resolve("incident.pcap");
            Worm770Truth truth = Worm770Scenario.write(incident, 77, Worm770Scenario.Options.defaults()
                    .withSubnet("10.99.7.0/24").withBackground(false)
                    .withStart(Instant.ofEpochSecond(0, first).minusSeconds(20)));
            Path merged = dir.resolve("merged.pcap");
            merge(real, incident, merged);
            Worm770Run run = Worm770Run.over(merged, Files.createDirectories(dir.resolve("m" + rel.hashCode())), Map.of());
            assertEquals(ips(truth.infected()), run.hosts("Worm770::Infected_Host"), rel);
            for (NoticeInfo n : run.notices) {
                assertTrue(n.src.startsWith("10.99.7."), rel + ": a notice about a host of the real capture: " + n.msg);
            }
        }
    }

    /** Merges two Ethernet captures by timestamp (both sorted), as mergecap does. */
    private static void merge(Path a, Path b, Path out) throws Exception {
        try (PacketSource sa = CaptureFiles.open(a); PacketSource sb = CaptureFiles.open(b);
             PcapWriter w = PcapWriter.create(out, 1, PcapWriter.DEFAULT_SNAPLEN)) {
            PacketRecord ra = new PacketRecord();
            PacketRecord rb = new PacketRecord();
            boolean ha = sa.next(ra);
            boolean hb = sb.next(rb);
            while (ha || hb) {
                if (hb && (!ha || rb.timestampNanos < ra.timestampNanos)) {
                    w.write(rb);
                    hb = sb.next(rb);
                } else {
                    w.write(ra);
                    ha = sa.next(ra);
                }
            }
        }
    }
}
