package dev.tattler.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The datagrams of the worm770 scenarios: the legitimate UDP messages a host on the LAN sends
 * (with the answers they get from the LAN's machines) and the five-packet bursts that follow
 * them. The infected hosts, the hosts that "converse" with the broadcast address and the
 * healthy look-alikes all send through this class, so they differ only in what they choose to
 * send, never in how a message is encoded.
 *
 * <p>Every frame goes onto the timeline with the caller's tag; the answers and any ARP
 * resolution a message causes are tagged {@link Timeline#TAG_OVERLAY} as well, so that the
 * background counts stay those of the LAN alone.
 */
final class Worm770Traffic {
    /** The worm's source port. */
    static final int WORM_PORT = 770;
    /** Packets in a burst. */
    static final int BURST_SIZE = 5;
    /** UDP payload of every burst packet. */
    static final int BURST_PAYLOAD = 28;
    /** Spacing of the packets inside a burst: back to back from one sender. */
    static final long BURST_GAP_MIN = 20_000L;
    static final long BURST_GAP_MAX = 250_000L;

    /** A legitimate message a host sends. */
    enum Kind {
        /** BROWSER host announcement, UDP 138 to the directed broadcast at the Ethernet broadcast. */
        BROWSER_ANNOUNCEMENT,
        /** NetBIOS name query, UDP 137 to the directed broadcast; the name's owner answers. */
        NBNS_BROADCAST_QUERY,
        /** DNS query to the LAN's DNS server (the file server), which answers. */
        DNS_TO_SERVER,
        /** NetBIOS name query sent unicast to the name server (the file server), WINS-style. */
        NBNS_TO_SERVER,
        /** SNTP request to the gateway, which answers. */
        NTP_TO_GATEWAY,
        /** DNS query to a resolver outside the LAN: IP beyond the subnet, MAC of the gateway. */
        DNS_TO_REMOTE
    }

    /** When and where a legitimate message went: a burst that follows it copies the destination. */
    record Sent(long time, long dstMac, int dstIp) {
    }

    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final String[] NAMES = {"wpad.office.lan", "proxy.example.com", "update.example.net",
        "www.example.org", "time.example.com", "ftp.example.net"};

    private final LanScenario lan;
    private final Timeline timeline;
    private final SplittableRandom rnd;
    private final FrameBuilder fb = new FrameBuilder();
    private final int broadcast;
    private final byte[] p = new byte[2048];

    Worm770Traffic(LanScenario lan, Timeline timeline, LanScenario.Options o, SplittableRandom rnd) {
        this.lan = lan;
        this.timeline = timeline;
        this.rnd = rnd;
        this.broadcast = o.broadcast();
        o.applyTags(fb);
    }

    /**
     * Sends one legitimate message of {@code kind} from {@code h} at {@code t} (later if it
     * first has to ARP for a unicast next hop) and queues its answer.
     */
    Sent legit(Station h, Kind kind, long t, int tag) {
        return switch (kind) {
            case BROWSER_ANNOUNCEMENT -> announcement(h, t, tag);
            case NBNS_BROADCAST_QUERY -> {
                Station owner = someOwner(h);
                yield nbnsBroadcastQuery(h, owner.name, owner, t, tag);
            }
            case DNS_TO_SERVER -> dns(h, lan.server(), lan.server().ip, 128, between(200 * US, 3 * MS), t, tag);
            case DNS_TO_REMOTE -> dns(h, lan.gateway(), lan.remote(53), 52, between(8 * MS, 60 * MS), t, tag);
            case NBNS_TO_SERVER -> nbnsServerQuery(h, t, tag);
            case NTP_TO_GATEWAY -> ntp(h, t, tag);
        };
    }

    /** A BROWSER host announcement from {@code h}, announcing itself to the workgroup. */
    Sent announcement(Station h, long t, int tag) {
        int len = Payloads.browserHostAnnouncement(p, 0, rnd.nextInt(65536), h.ip, h.name, LanScenario.WORKGROUP,
                "", 720_000);
        return udp(h, t, FrameBuilder.BROADCAST_MAC, broadcast, 138, 138, len, tag);
    }

    /**
     * A broadcast query for the server name {@code name<20>}; {@code owner} answers unicast
     * unless it is null or has gone silent.
     */
    Sent nbnsBroadcastQuery(Station h, String name, Station owner, long t, int tag) {
        int id = rnd.nextInt(65536);
        int len = Payloads.nbnsQuery(p, 0, id, name, Payloads.NETBIOS_SERVER);
        Sent sent = udp(h, t, FrameBuilder.BROADCAST_MAC, broadcast, 137, 137, len, tag);
        long answer = t + between(200 * US, 2 * MS);
        if (owner != null && !timeline.silenced(owner.mac, answer)) {
            answer = lan.resolve(owner, h, answer, Timeline.TAG_OVERLAY);
            len = Payloads.nbnsQueryResponse(p, 0, id, name, Payloads.NETBIOS_SERVER, owner.ip);
            udp(owner, answer, h.mac, h.ip, 137, 137, len, Timeline.TAG_OVERLAY);
        }
        return sent;
    }

    /**
     * Five datagrams from {@code srcPort} to {@code to}'s destination (IP and MAC), one to each
     * of {@code ports}, each with {@code payloadLength} random bytes, the first at {@code t} and
     * the others back to back. Returns the time of the last one.
     */
    long burst(Station h, long t, Sent to, int srcPort, int[] ports, int payloadLength, int tag) {
        for (int i = 0; i < ports.length; i++) {
            if (i > 0) {
                t += between(BURST_GAP_MIN, BURST_GAP_MAX);
            }
            Draws.fill(rnd, p, payloadLength);
            fb.udp(to.dstMac(), h.mac, h.nextId(), h.ttl, h.ip, to.dstIp(), srcPort, ports[i], p, 0, payloadLength);
            timeline.frame(t, fb, tag);
        }
        return t;
    }

    /**
     * One datagram with {@code payloadLength} random bytes from {@code from} to {@code to} on the
     * LAN, after ARP if {@code from} does not know {@code to} yet.
     */
    Sent datagram(Station from, long t, Station to, int srcPort, int dstPort, int payloadLength, int tag) {
        long ready = lan.resolve(from, to, t, Timeline.TAG_OVERLAY);
        Draws.fill(rnd, p, payloadLength);
        return udp(from, ready, to.mac, to.ip, srcPort, dstPort, payloadLength, tag);
    }

    /** The longest a burst lasts from its first packet to its last. */
    static long burstSpan() {
        return (BURST_SIZE - 1) * BURST_GAP_MAX;
    }

    /** {@link #BURST_SIZE} consecutive ports from a random start, as the worm picks them. */
    int[] consecutivePorts() {
        int first = 1024 + rnd.nextInt(65536 - 1024 - BURST_SIZE + 1);
        int[] ports = new int[BURST_SIZE];
        for (int i = 0; i < BURST_SIZE; i++) {
            ports[i] = first + i;
        }
        return ports;
    }

    long between(long lo, long hi) {
        return Draws.between(rnd, lo, hi);
    }

    long exponential(long mean) {
        return Draws.exponential(rnd, mean);
    }

    // ---------------------------------------------------------------- the unicast messages

    /**
     * A DNS query for a random name via {@code nextHop} to {@code resolverIp} (the next hop
     * itself, or a resolver beyond the gateway), and its answer.
     */
    private Sent dns(Station h, Station nextHop, int resolverIp, int answerTtl, long answerDelay, long t, int tag) {
        long ready = lan.resolve(h, nextHop, t, Timeline.TAG_OVERLAY);
        String name = NAMES[rnd.nextInt(NAMES.length)];
        int id = rnd.nextInt(65536);
        int port = h.nextPort();
        int len = Payloads.dnsQuery(p, 0, id, name, 1);
        Sent sent = udp(h, ready, nextHop.mac, resolverIp, port, 53, len, tag);
        len = Payloads.dnsAnswerA(p, 0, id, name, lan.remote(1 + rnd.nextInt(254)), 300);
        int answerId = resolverIp == nextHop.ip ? nextHop.nextId() : rnd.nextInt(65536);
        fb.udp(h.mac, nextHop.mac, answerId, answerTtl, resolverIp, h.ip, 53, port, p, 0, len);
        timeline.frame(ready + answerDelay, fb, Timeline.TAG_OVERLAY);
        return sent;
    }

    /** A unicast name query to the file server for another machine's name, and its answer. */
    private Sent nbnsServerQuery(Station h, long t, int tag) {
        Station server = lan.server();
        Station owner = someOwner(h);
        long ready = lan.resolve(h, server, t, Timeline.TAG_OVERLAY);
        int id = rnd.nextInt(65536);
        int len = Payloads.nbnsQuery(p, 0, id, owner.name, Payloads.NETBIOS_SERVER, false);
        Sent sent = udp(h, ready, server.mac, server.ip, 137, 137, len, tag);
        len = Payloads.nbnsQueryResponse(p, 0, id, owner.name, Payloads.NETBIOS_SERVER, owner.ip);
        udp(server, ready + between(200 * US, 2 * MS), h.mac, h.ip, 137, 137, len, Timeline.TAG_OVERLAY);
        return sent;
    }

    /** An SNTP exchange with the gateway. */
    private Sent ntp(Station h, long t, int tag) {
        Station gateway = lan.gateway();
        long ready = lan.resolve(h, gateway, t, Timeline.TAG_OVERLAY);
        int len = Payloads.ntpRequest(p, 0, ready);
        Sent sent = udp(h, ready, gateway.mac, gateway.ip, 123, 123, len, tag);
        long received = ready + between(100 * US, 400 * US);
        long answered = received + between(20 * US, 200 * US);
        len = Payloads.ntpResponse(p, 0, lan.remote(123), ready, received, answered);
        udp(gateway, answered, h.mac, h.ip, 123, 123, len, Timeline.TAG_OVERLAY);
        return sent;
    }

    /** A machine other than {@code h} whose name {@code h} might look up: the server or a workstation. */
    private Station someOwner(Station h) {
        List<Station> workstations = lan.workstations();
        int i = rnd.nextInt(workstations.size() + 1);
        Station owner = i == workstations.size() ? lan.server() : workstations.get(i);
        return owner == h ? lan.server() : owner;
    }

    private Sent udp(Station from, long t, long dstMac, int dstIp, int srcPort, int dstPort, int len, int tag) {
        fb.udp(dstMac, from.mac, from.nextId(), from.ttl, from.ip, dstIp, srcPort, dstPort, p, 0, len);
        timeline.frame(t, fb, tag);
        return new Sent(t, dstMac, dstIp);
    }
}
