package dev.tattler.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Healthy traffic that looks partly like the worm770 bursts, for testing that a detector stays
 * silent on it. Every few seconds a workstation that is still on the network does one of
 * these, in turn so that a short capture still holds each kind:
 *
 * <ol>
 *   <li>asks a service on the file server's UDP port 770, which answers once from port 770
 *       with 28 bytes;</li>
 *   <li>sends a BROWSER announcement to the directed broadcast and, right after it, one lone
 *       28-byte datagram from port 770 to the same destination;</li>
 *   <li>the same announcement followed by five 28-byte datagrams from port 770 to unrelated
 *       destination ports;</li>
 *   <li>a DNS query followed by five datagrams from port 770 to consecutive ports whose
 *       payload is not 28 bytes;</li>
 *   <li>an announcement followed by five 28-byte datagrams to consecutive ports from a source
 *       port other than 770.</li>
 * </ol>
 *
 * Each look-alike is complete in the file (none is cut by the capture end), so the counts are
 * exact.
 */
final class Worm770Lookalikes {
    /** Look-alikes are laid over the background: they are not in its counts. */
    private static final int TAG = Timeline.TAG_OVERLAY;
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    /** Time one look-alike takes at most, ARP and answers included. */
    private static final long SPAN = 50 * MS;
    private static final int[] OTHER_PAYLOADS = {12, 20, 27, 29, 32, 48, 64};
    private static final int[] OTHER_SOURCE_PORTS = {769, 771, 1770, 7700};

    private final LanScenario lan;
    private final Timeline timeline;
    private final Worm770Traffic traffic;
    private final SplittableRandom rnd;
    private final long start;
    private int turn;
    private long single770;
    private long nonConsecutive;
    private long otherPayload;
    private long otherSourcePort;

    Worm770Lookalikes(LanScenario lan, Timeline timeline, LanScenario.Options o, SplittableRandom rnd) {
        this.lan = lan;
        this.timeline = timeline;
        this.rnd = rnd;
        this.traffic = new Worm770Traffic(lan, timeline, o, rnd);
        this.start = o.startNanos();
    }

    void schedule() {
        timeline.at(start + traffic.between(1 * SECOND, 5 * SECOND), this::next);
    }

    Worm770Truth.Lookalikes counts() {
        return new Worm770Truth.Lookalikes(single770, nonConsecutive, otherPayload, otherSourcePort);
    }

    private void next(long t) {
        if (t + SPAN > timeline.end()) {
            return;
        }
        Station h = someLiveWorkstation(t + SPAN);
        if (h == null) {
            return;     // every workstation has dropped off the network
        }
        switch (turn++ % 5) {
            case 0 -> serviceOn770(h, t);
            case 1 -> {
                Worm770Traffic.Sent s = traffic.announcement(h, t, TAG);
                traffic.burst(h, afterLegit(s), s, Worm770Traffic.WORM_PORT, new int[] {randomPort()},
                        Worm770Traffic.BURST_PAYLOAD, TAG);
                single770++;
            }
            case 2 -> {
                Worm770Traffic.Sent s = traffic.announcement(h, t, TAG);
                traffic.burst(h, afterLegit(s), s, Worm770Traffic.WORM_PORT, unrelatedPorts(),
                        Worm770Traffic.BURST_PAYLOAD, TAG);
                nonConsecutive++;
            }
            case 3 -> {
                Worm770Traffic.Sent s = traffic.legit(h, Worm770Traffic.Kind.DNS_TO_SERVER, t, TAG);
                traffic.burst(h, afterLegit(s), s, Worm770Traffic.WORM_PORT, traffic.consecutivePorts(),
                        OTHER_PAYLOADS[rnd.nextInt(OTHER_PAYLOADS.length)], TAG);
                otherPayload++;
            }
            default -> {
                Worm770Traffic.Sent s = traffic.announcement(h, t, TAG);
                traffic.burst(h, afterLegit(s), s, OTHER_SOURCE_PORTS[rnd.nextInt(OTHER_SOURCE_PORTS.length)],
                        traffic.consecutivePorts(), Worm770Traffic.BURST_PAYLOAD, TAG);
                otherSourcePort++;
            }
        }
        timeline.at(t + traffic.between(4 * SECOND, 15 * SECOND), this::next);
    }

    /** A client's request to UDP 770 on the file server and the server's single answer from 770. */
    private void serviceOn770(Station h, long t) {
        Station server = lan.server();
        int clientPort = h.nextPort();
        Worm770Traffic.Sent request = traffic.datagram(h, t, server, clientPort, Worm770Traffic.WORM_PORT,
                40 + rnd.nextInt(80), TAG);
        traffic.datagram(server, request.time() + traffic.between(200 * US, 2 * MS), h, Worm770Traffic.WORM_PORT,
                clientPort, Worm770Traffic.BURST_PAYLOAD, TAG);
        single770++;
    }

    /** A random workstation that is still on the network at {@code t}, or null if none is. */
    private Station someLiveWorkstation(long t) {
        List<Station> live = lan.workstations().stream().filter(s -> !timeline.silenced(s.mac, t)).toList();
        return live.isEmpty() ? null : live.get(rnd.nextInt(live.size()));
    }

    /** As quickly after a legitimate datagram as the worm's bursts follow theirs. */
    private long afterLegit(Worm770Traffic.Sent s) {
        return s.time() + traffic.between(100 * US, 5 * MS);
    }

    private int randomPort() {
        return 1024 + rnd.nextInt(65536 - 1024);
    }

    /** Five ports of which no two in a row are adjacent. */
    private int[] unrelatedPorts() {
        int[] ports = new int[Worm770Traffic.BURST_SIZE];
        for (int i = 0; i < ports.length; i++) {
            do {
                ports[i] = randomPort();
            } while (i > 0 && Math.abs(ports[i] - ports[i - 1]) <= 1);
        }
        return ports;
    }
}
