package dev.tattler.generate;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PcapWriter;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a capture of the 2002 "UDP source port 770" incident on an office LAN, reproducible
 * from a seed: the test scenario and demo input for the worm770 detector.
 *
 * <p>The LAN and its background traffic are {@link LanScenario}'s (the same machines as
 * {@code LanScenario} with the same seed). On it, each infected host:
 * <ul>
 *   <li>appears (is plugged in) between a tenth and a quarter into the capture and first ARPs
 *       for its own address (a gratuitous request);</li>
 *   <li>then sends legitimate UDP — BROWSER host announcements (138 to the directed broadcast,
 *       Ethernet broadcast) and NetBIOS name queries (137, likewise), and with unicast targets
 *       also DNS to the LAN's server, name queries to it as a name server, SNTP to the gateway
 *       and DNS to a resolver beyond the gateway — which the LAN's machines answer;</li>
 *   <li>follows every one of those datagrams, within the jitter, with a burst of exactly five
 *       datagrams from source port 770 to five consecutive destination ports (a random start
 *       each time) with 28-byte payloads, to the same destination IP and MAC;</li>
 *   <li>does so in a surge of a few bursts a second for the first 20 to 60 s after plugging
 *       in, then intermittently (a few seconds apart) until the capture ends.</li>
 * </ul>
 * Some workstations are affected: some seconds after the first infected host appears they
 * start "conversing" with the broadcast address (BROWSER announcements and name queries for
 * the infected host, every few seconds), and a few minutes after it appeared they fall silent —
 * they send nothing more, not even ARP replies, as machines dropping off the network.
 *
 * <p>Bursts are never cut by the capture end, so every burst in the file is whole. Optionally
 * the capture also holds healthy look-alikes ({@link Worm770Lookalikes}); with no infected host
 * that makes the negative test capture. Everything random comes from generators seeded by
 * {@code seed}, so the same seed and options give a byte-identical file.
 *
 * <p>The report this models is summarised in {@code ../shared/corpus/README.md}; DESIGN.md
 * describes what the detector must find in it.
 */
public final class Worm770Scenario {

    /**
     * What to generate. Defaults: the LAN's defaults (192.168.1.0/24, 8 workstations, untagged)
     * for 5 minutes, one infected host, bursts to the directed broadcast only, jitter 5 ms,
     * background on, 2 affected workstations falling silent 2 to 3 minutes after the infection
     * appears, no look-alikes.
     *
     * @param lan            the LAN (subnet, workstations, duration, start, VLAN tags)
     * @param infected       infected hosts, 0 for none (look-alikes only, or an empty incident)
     * @param unicastTargets whether infected hosts also send (and burst) to unicast destinations
     * @param jitter         the longest delay from a legitimate datagram to the first packet of
     *                       the burst after it; each delay is drawn between a tenth of it and all
     *                       of it. 1 µs to 1 s
     * @param background     whether the LAN's own traffic is in the capture; without it the
     *                       LAN's machines still answer ARP and the infected hosts' questions
     * @param silentHosts    workstations that converse with the broadcast address and then fall
     *                       silent (only when there is an infected host)
     * @param silenceAfter   how long after the first infected host appears they fall silent, at
     *                       the earliest (each one between this and 1.5 times it)
     * @param lookalikes     whether healthy look-alike traffic is added
     */
    public record Options(LanScenario.Options lan, int infected, boolean unicastTargets, Duration jitter,
            boolean background, int silentHosts, Duration silenceAfter, boolean lookalikes) {

        public Options {
            int size = 1 << (32 - lan.prefixLength());
            int free = size - 2 - 3 - lan.hosts();
            if (infected < 0 || infected > free) {
                throw new IllegalArgumentException("a /" + lan.prefixLength() + " with " + lan.hosts()
                        + " workstation(s) has room for 0.." + free + " infected hosts, not " + infected);
            }
            if (jitter.compareTo(Duration.ofNanos(1000)) < 0 || jitter.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("jitter must be 1 µs to 1 s, not " + millis(jitter) + " ms");
            }
            if (silentHosts < 0 || silentHosts > lan.hosts()) {
                throw new IllegalArgumentException("silent hosts must be 0.." + lan.hosts()
                        + " (the workstations), not " + silentHosts);
            }
            if (silenceAfter.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("silence must come at least 1 s after the infection, not "
                        + millis(silenceAfter) + " ms");
            }
        }

        public static Options defaults() {
            return new Options(LanScenario.Options.defaults().withDuration(Duration.ofMinutes(5)), 1, false,
                    Duration.ofMillis(5), true, 2, Duration.ofMinutes(2), false);
        }

        /** A healthy capture for negative tests: the LAN plus look-alikes, no infected host. */
        public static Options healthyLookalikes() {
            return defaults().withInfected(0).withLookalikes(true);
        }

        /** Another LAN; the silent hosts are capped at its number of workstations. */
        public Options withLan(LanScenario.Options l) {
            return new Options(l, infected, unicastTargets, jitter, background, Math.min(silentHosts, l.hosts()),
                    silenceAfter, lookalikes);
        }

        /** The subnet as "a.b.c.d/len". */
        public Options withSubnet(String cidr) {
            return withLan(lan.withSubnet(cidr));
        }

        public Options withHosts(int n) {
            return withLan(lan.withHosts(n));
        }

        public Options withDuration(Duration d) {
            return withLan(lan.withDuration(d));
        }

        public Options withStart(Instant t) {
            return withLan(lan.withStart(t));
        }

        /** One 802.1Q tag with this id on every frame (-1: untagged). */
        public Options withVlan(int vid) {
            return withLan(lan.withVlan(vid));
        }

        /** Two tags on every frame: an 802.1ad outer tag and an 802.1Q inner tag. */
        public Options withQinq(int outerVid, int innerVid) {
            return withLan(lan.withQinq(outerVid, innerVid));
        }

        public Options withInfected(int n) {
            return new Options(lan, n, unicastTargets, jitter, background, silentHosts, silenceAfter, lookalikes);
        }

        public Options withUnicastTargets(boolean on) {
            return new Options(lan, infected, on, jitter, background, silentHosts, silenceAfter, lookalikes);
        }

        public Options withJitter(Duration d) {
            return new Options(lan, infected, unicastTargets, d, background, silentHosts, silenceAfter, lookalikes);
        }

        public Options withBackground(boolean on) {
            return new Options(lan, infected, unicastTargets, jitter, on, silentHosts, silenceAfter, lookalikes);
        }

        public Options withSilentHosts(int n) {
            return new Options(lan, infected, unicastTargets, jitter, background, n, silenceAfter, lookalikes);
        }

        public Options withSilenceAfter(Duration d) {
            return new Options(lan, infected, unicastTargets, jitter, background, silentHosts, d, lookalikes);
        }

        public Options withLookalikes(boolean on) {
            return new Options(lan, infected, unicastTargets, jitter, background, silentHosts, silenceAfter, on);
        }

        private static String millis(Duration d) {
            return BigDecimal.valueOf(d.toNanos(), 6).stripTrailingZeros().toPlainString();
        }
    }

    /**
     * Tag bits the ground truth follows, on top of {@link Timeline#TAG_OVERLAY} which every frame
     * of the incident carries.
     */
    private static final int TAG_SELF_ARP = 4;
    private static final int TAG_BURST = 8;

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    /** Room left before the capture end for ARP resolution ahead of a legitimate datagram. */
    private static final long ARP_ALLOWANCE = 10 * MS;
    /** Infected hosts get Compaq MACs, a common server make in 2002 (the LAN uses other makers). */
    private static final int INFECTED_OUI = 0x00508B;

    private static final Worm770Traffic.Kind[] BROADCAST_KINDS = {
        Worm770Traffic.Kind.BROWSER_ANNOUNCEMENT, Worm770Traffic.Kind.NBNS_BROADCAST_QUERY};
    /** With unicast targets: broadcast about half the time, the server most among the rest. */
    private static final Worm770Traffic.Kind[] ALL_KINDS = {
        Worm770Traffic.Kind.BROWSER_ANNOUNCEMENT, Worm770Traffic.Kind.BROWSER_ANNOUNCEMENT,
        Worm770Traffic.Kind.NBNS_BROADCAST_QUERY, Worm770Traffic.Kind.NBNS_BROADCAST_QUERY,
        Worm770Traffic.Kind.DNS_TO_SERVER, Worm770Traffic.Kind.DNS_TO_SERVER,
        Worm770Traffic.Kind.NBNS_TO_SERVER, Worm770Traffic.Kind.NTP_TO_GATEWAY,
        Worm770Traffic.Kind.DNS_TO_REMOTE};

    /** An infected host: its plan and what the written frames show of it. */
    private static final class Infected {
        final Station station;
        final long appears;
        final long surgeEnd;
        long selfArp;
        long first;
        long last;
        long burstPackets;
        long broadcastBurstPackets;

        Infected(Station station, long appears, long surgeEnd) {
            this.station = station;
            this.appears = appears;
            this.surgeEnd = surgeEnd;
        }
    }

    /** An affected workstation: when it converses, when it falls silent, when it was last seen. */
    private static final class Affected {
        final Station station;
        final long conversesFrom;
        final long silentFrom;
        long last;

        Affected(Station station, long conversesFrom, long silentFrom) {
            this.station = station;
            this.conversesFrom = conversesFrom;
            this.silentFrom = silentFrom;
        }
    }

    private final Options o;
    private final Timeline timeline;
    private final LanScenario lan;
    private final SplittableRandom rnd;
    private final Worm770Traffic traffic;
    private final FrameBuilder fb = new FrameBuilder();
    private final long end;
    /** Bounds of the delay from a legitimate datagram to the first packet of its burst. */
    private final long minDelay;
    private final long maxDelay;
    private final List<Infected> infected = new ArrayList<>();
    private final List<Affected> affected = new ArrayList<>();
    private final Map<Long, Infected> infectedByMac = new HashMap<>();
    private final Map<Long, Affected> affectedByMac = new HashMap<>();

    private Worm770Scenario(Timeline timeline, LanScenario lan, SplittableRandom rnd, Options o) {
        this.o = o;
        this.timeline = timeline;
        this.lan = lan;
        this.rnd = rnd;
        this.traffic = new Worm770Traffic(lan, timeline, o.lan(), rnd);
        this.end = o.lan().endNanos();
        this.maxDelay = o.jitter().toNanos();
        this.minDelay = Math.max(1, maxDelay / 10);
        o.lan().applyTags(fb);
        long t0 = o.lan().startNanos();
        long span = o.lan().duration().toNanos();
        for (int k = 0; k < o.infected(); k++) {
            long appears = t0 + between(span / 10, span / 4);
            Station s = new Station(String.format(Locale.ROOT, "PROXY%02d", k + 1), newMac(), freeAddress(),
                    128, rnd.nextInt(65536), 1025 + rnd.nextInt(2000), 120 * SECOND, 600 * SECOND);
            Infected h = new Infected(s, appears, appears + between(20 * SECOND, 60 * SECOND));
            infected.add(h);
            infectedByMac.put(s.mac, h);
        }
        if (!infected.isEmpty()) {
            chooseAffected(infected.stream().mapToLong(h -> h.appears).min().getAsLong());
        }
    }

    /** Writes the scenario to a new pcap file (nanosecond, Ethernet) and returns what it holds. */
    public static Worm770Truth write(Path out, long seed, Options o) throws IOException {
        try (PcapWriter w = PcapWriter.create(out, LinkTypes.ETHERNET, PcapWriter.DEFAULT_SNAPLEN)) {
            return write(w, seed, o);
        }
    }

    /** Writes the scenario to an open Ethernet pcap writer (not closed here). */
    public static Worm770Truth write(PcapWriter out, long seed, Options o) throws IOException {
        Timeline timeline = new Timeline(out, o.lan().endNanos(), o.lan().broadcast());
        // The LAN draws from the seed itself, so its machines are LanScenario's for that seed;
        // the incident and the look-alikes draw from streams split off a generator of their own.
        LanScenario lan = new LanScenario(timeline, seed, o.lan());
        SplittableRandom incidentRoot = new SplittableRandom(seed).split();
        Worm770Scenario s = new Worm770Scenario(timeline, lan, incidentRoot.split(), o);
        Worm770Lookalikes lookalikes = new Worm770Lookalikes(lan, timeline, o.lan(), incidentRoot.split());
        if (o.background()) {
            lan.schedule();
        }
        s.schedule();
        if (o.lookalikes()) {
            lookalikes.schedule();
        }
        timeline.observe(s::written);
        timeline.run();
        return s.truth(lookalikes.counts());
    }

    // ---------------------------------------------------------------- the plan

    private void schedule() {
        for (Infected h : infected) {
            timeline.at(h.appears, now -> plugIn(h, now));
        }
        for (Affected a : affected) {
            timeline.silence(a.station.mac, a.silentFrom);
            timeline.at(a.conversesFrom, now -> converse(a, now, 0));
        }
    }

    /** The host comes up: it ARPs for its own address, and the barrage starts right after. */
    private void plugIn(Infected h, long t) {
        fb.arpAnnouncement(h.station.mac, h.station.ip);
        timeline.frame(t, fb, Timeline.TAG_OVERLAY | TAG_SELF_ARP);
        timeline.at(t + between(20 * MS, 300 * MS), now -> attack(h, now));
    }

    /** One legitimate datagram and the burst after it; schedules the next round. */
    private void attack(Infected h, long t) {
        if (t + ARP_ALLOWANCE + maxDelay + Worm770Traffic.burstSpan() > end) {
            return;     // a burst must never be cut by the end of the capture
        }
        Worm770Traffic.Kind[] kinds = o.unicastTargets() ? ALL_KINDS : BROADCAST_KINDS;
        Worm770Traffic.Sent legit = traffic.legit(h.station, kinds[rnd.nextInt(kinds.length)], t,
                Timeline.TAG_OVERLAY);
        long first = legit.time() + between(minDelay, maxDelay);
        long last = traffic.burst(h.station, first, legit, Worm770Traffic.WORM_PORT, traffic.consecutivePorts(),
                Worm770Traffic.BURST_PAYLOAD, Timeline.TAG_OVERLAY | TAG_BURST);
        // Intermittent after the surge: exponential gaps, capped so that the host never seems to
        // stop while it is still plugged in.
        long gap = last < h.surgeEnd ? between(100 * MS, 800 * MS)
                : Math.min(12 * SECOND, Math.max(50 * MS, traffic.exponential(3 * SECOND)));
        timeline.at(last + gap, now -> attack(h, now));
    }

    /**
     * An affected workstation talks to the broadcast address: BROWSER announcements and, in
     * between, name queries for the infected host, which nobody answers.
     */
    private void converse(Affected a, long t, int round) {
        if (timeline.silenced(a.station.mac, t)) {
            return;
        }
        if (round % 2 == 0) {
            traffic.announcement(a.station, t, Timeline.TAG_OVERLAY);
        } else {
            Station target = infected.get(rnd.nextInt(infected.size())).station;
            traffic.nbnsBroadcastQuery(a.station, target.name, null, t, Timeline.TAG_OVERLAY);
        }
        timeline.at(t + between(1 * SECOND, 4 * SECOND), now -> converse(a, now, round + 1));
    }

    private void chooseAffected(long firstAppearance) {
        List<Station> candidates = new ArrayList<>(lan.workstations());
        long after = o.silenceAfter().toNanos();
        for (int i = 0; i < o.silentHosts(); i++) {
            Station s = candidates.remove(rnd.nextInt(candidates.size()));
            long converses = firstAppearance + between(after / 20, after / 4);
            long silent = firstAppearance + between(after, after + after / 2);
            Affected a = new Affected(s, converses, silent);
            affected.add(a);
            affectedByMac.put(s.mac, a);
        }
    }

    // ---------------------------------------------------------------- ground truth

    /** Follows the written frames: what the truth reports is what the file holds. */
    private void written(long ts, byte[] frame, int tag) {
        long mac = Timeline.sourceMac(frame);
        Infected h = infectedByMac.get(mac);
        if (h != null) {
            if (h.first == 0) {
                h.first = ts;
            }
            h.last = ts;
            if ((tag & TAG_SELF_ARP) != 0) {
                h.selfArp = ts;
            }
            if ((tag & TAG_BURST) != 0) {
                h.burstPackets++;
                if (isEthernetBroadcast(frame)) {
                    h.broadcastBurstPackets++;
                }
            }
            return;
        }
        Affected a = affectedByMac.get(mac);
        if (a != null) {
            a.last = ts;
        }
    }

    private Worm770Truth truth(Worm770Truth.Lookalikes lookalikes) {
        List<Worm770Truth.InfectedHost> hosts = new ArrayList<>();
        long bursts = 0;
        for (Infected h : infected) {
            long n = h.burstPackets / Worm770Traffic.BURST_SIZE;
            bursts += n;
            hosts.add(new Worm770Truth.InfectedHost(h.station.name, h.station.ip, h.station.mac, o.lan().vlan(),
                    h.selfArp, h.first, h.last, n, h.broadcastBurstPackets / Worm770Traffic.BURST_SIZE));
        }
        List<Worm770Truth.AffectedHost> hit = new ArrayList<>();
        for (Affected a : affected) {
            hit.add(new Worm770Truth.AffectedHost(a.station.name, a.station.ip, a.station.mac, a.conversesFrom,
                    a.silentFrom, a.silentFrom <= end, a.last));
        }
        return new Worm770Truth(hosts, hit, bursts, o.lookalikes() ? lookalikes : Worm770Truth.Lookalikes.NONE,
                timeline.truth(), timeline.backgroundTruth());
    }

    // ---------------------------------------------------------------- helpers

    /** An address inside the subnet that no LAN machine and no other infected host has. */
    private int freeAddress() {
        int size = 1 << (32 - o.lan().prefixLength());
        while (true) {
            int ip = o.lan().network() + 1 + rnd.nextInt(size - 2);
            if (!lan.addressInUse(ip) && infected.stream().noneMatch(h -> h.station.ip == ip)) {
                return ip;
            }
        }
    }

    private long newMac() {
        while (true) {
            long mac = (long) INFECTED_OUI << 24 | rnd.nextInt(1 << 24);
            if (!lan.macInUse(mac) && !infectedByMac.containsKey(mac)) {
                return mac;
            }
        }
    }

    private long between(long lo, long hi) {
        return Draws.between(rnd, lo, hi);
    }

    private static boolean isEthernetBroadcast(byte[] frame) {
        for (int i = 0; i < 6; i++) {
            if (frame[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }
}
