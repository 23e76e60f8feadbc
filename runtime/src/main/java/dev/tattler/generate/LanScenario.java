package dev.tattler.generate;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PcapWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Writes a small, realistic office LAN capture, reproducible from a seed: the "ordinary
 * traffic" a detector must stay silent on, and the background the worm770 scenario is mixed
 * into.
 *
 * <p>On one subnet sit a gateway (first address; also the DHCP server), a Windows file server
 * (second address; DNS server and NetBIOS name owner), a network printer (third address,
 * SSDP device) and {@code hosts} workstations that boot during the capture. Each workstation:
 * gets its address by DHCP (DISCOVER/OFFER/REQUEST/ACK between 0.0.0.0:68 and
 * 255.255.255.255:67, the server answering broadcast or unicast depending on the client's
 * broadcast flag), sometimes probes the address (ARP with sender 0.0.0.0), announces it with a
 * gratuitous ARP (a request for its own address), registers its NetBIOS names (UDP 137 to the
 * directed broadcast), sends BROWSER host announcements (UDP 138 to the directed broadcast,
 * Ethernet broadcast) on the Windows schedule, searches SSDP (239.255.255.250:1900), asks the
 * NetBIOS name of the file server and opens an SMB session to it, and then looks names up by
 * DNS at random intervals, some followed by an HTTPS session through the gateway. Stations ARP
 * for each other the first time they talk and again when their cache entries expire. One host
 * pings the gateway and one runs a UDP traceroute (consecutive destination ports from 33434,
 * TTL 1, 2, ... with ICMP time-exceeded and a final port-unreachable quoting each probe).
 *
 * <p>Everything random comes from one {@link SplittableRandom} drawn in a fixed order, and
 * the arithmetic avoids platform-dependent results ({@link StrictMath}), so the same seed and
 * options give a byte-identical file on any JVM. Remote addresses come from the documentation
 * ranges (RFC 5737).
 *
 * <p>Other scenarios build on the LAN inside this package: they create it on their own
 * {@link Timeline}, call {@link #schedule()} for the background (or not, for an empty LAN whose
 * machines still answer ARP), and add hosts of their own that use the LAN's machines as
 * peers ({@link #server()}, {@link #gateway()}, {@link #resolve}). A workstation silenced on
 * the timeline stops starting anything from then on.
 */
public final class LanScenario {

    /**
     * What to generate. Defaults: 192.168.1.0/24, 8 workstations, 60 s starting Monday
     * 2024-05-06 09:00 UTC, untagged.
     *
     * @param network      network address (host bits zero)
     * @param prefixLength 8..29
     * @param hosts        workstations (besides gateway, server and printer)
     * @param duration     length of the capture; conversations still running at the end are cut
     * @param start        time of the capture start
     * @param vlan         802.1Q VLAN id on every frame, or -1 for untagged frames
     * @param outerVlan    with {@code vlan}, an outer 802.1ad tag (QinQ), or -1 for a single tag
     */
    public record Options(int network, int prefixLength, int hosts, Duration duration, Instant start,
            int vlan, int outerVlan) {

        public Options {
            if (prefixLength < 8 || prefixLength > 29) {
                throw new IllegalArgumentException("prefix length must be 8..29, not " + prefixLength);
            }
            network &= mask(prefixLength);
            // The fields are not assigned yet in a compact constructor: use the parameter.
            if (hosts < 1 || hosts > roomFor(prefixLength)) {
                throw new IllegalArgumentException("a /" + prefixLength + " has room for 1.."
                        + roomFor(prefixLength) + " workstations, not " + hosts);
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration must be positive: " + duration);
            }
            if (vlan < -1 || vlan > 4094 || outerVlan < -1 || outerVlan > 4094 || (outerVlan >= 0 && vlan < 0)) {
                throw new IllegalArgumentException("VLAN ids must be 0..4094 (outer only with an inner tag)");
            }
        }

        public static Options defaults() {
            return new Options(FrameBuilder.ip("192.168.1.0"), 24, 8, Duration.ofSeconds(60),
                    Instant.parse("2024-05-06T09:00:00Z"), -1, -1);
        }

        /** The subnet as "a.b.c.d/len". */
        public Options withSubnet(String cidr) {
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("not a subnet (a.b.c.d/len): " + cidr);
            }
            return new Options(FrameBuilder.ip(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)),
                    hosts, duration, start, vlan, outerVlan);
        }

        public Options withHosts(int n) {
            return new Options(network, prefixLength, n, duration, start, vlan, outerVlan);
        }

        public Options withDuration(Duration d) {
            return new Options(network, prefixLength, hosts, d, start, vlan, outerVlan);
        }

        public Options withStart(Instant t) {
            return new Options(network, prefixLength, hosts, duration, t, vlan, outerVlan);
        }

        /** One 802.1Q tag with this id on every frame. */
        public Options withVlan(int vid) {
            return new Options(network, prefixLength, hosts, duration, start, vid, -1);
        }

        /** Two tags on every frame: an 802.1ad outer tag and an 802.1Q inner tag. */
        public Options withQinq(int outerVid, int innerVid) {
            return new Options(network, prefixLength, hosts, duration, start, innerVid, outerVid);
        }

        /** Capture start in ns since the epoch. */
        public long startNanos() {
            return start.getEpochSecond() * SECOND + start.getNano();
        }

        /** Capture end in ns since the epoch. */
        public long endNanos() {
            return startNanos() + duration.toNanos();
        }

        /** Gives {@code fb} the VLAN tags every frame of this scenario carries. */
        void applyTags(FrameBuilder fb) {
            if (vlan < 0) {
                fb.untagged();
            } else if (outerVlan >= 0) {
                fb.qinq(outerVlan, vlan);
            } else {
                fb.vlan(vlan);
            }
        }

        /** The subnet's directed broadcast address. */
        public int broadcast() {
            return network | ~mask(prefixLength);
        }

        public int netmask() {
            return mask(prefixLength);
        }

        private static int mask(int prefixLength) {
            return (int) (0xFFFF_FFFF_0000_0000L >>> prefixLength);
        }

        /** The most workstations this subnet has room for. */
        public int maxHosts() {
            return roomFor(prefixLength);
        }

        private static int roomFor(int prefixLength) {
            int size = 1 << (32 - prefixLength);
            return size - 1 - hostBase(size);
        }

        /** Workstations start at .100 on a /24 or larger, lower on small subnets. */
        static int hostBase(int size) {
            return size >= 256 ? 100 : size >= 64 ? 20 : 4;
        }
    }

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long SSDP_MAC = 0x0100_5E7F_FFFAL;
    private static final int SSDP_IP = FrameBuilder.ip("239.255.255.250");
    static final String WORKGROUP = "OFFICE";
    private static final String DOMAIN = "office.lan";
    private static final String PRINTER_UUID = "4e4f5254-4850-5249-4e54-0017a4e8c2d1";
    private static final int[] OUIS = {0x001422, 0x3CD92B, 0x54EE75, 0xF8BC12, 0x001B21, 0xD4BED9};
    private static final String[] NAMES = {"www.example.com", "login.example.net", "cdn.example.org",
        "update.example.com", "api.example.net", "news.example.org", "mail.example.com", "files.example.net"};
    /** Browser announcements: after 1, 2, 4, 8, then every 12 minutes (MS-BRWS 3.2.6). */
    private static final long[] ANNOUNCE_INTERVALS = {60 * SECOND, 120 * SECOND, 240 * SECOND, 480 * SECOND,
        720 * SECOND};
    private static final byte[] PING_DATA = "abcdefghijklmnopqrstuvwabcdefghi".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII);

    private final Options o;
    private final SplittableRandom rnd;
    private final FrameBuilder fb = new FrameBuilder();
    private final Timeline timeline;
    private final byte[] p = new byte[65536];
    private final long t0;
    private final long end;
    private final int[] remoteBlocks;
    private final int[] nameAddresses = new int[NAMES.length];
    private final List<Long> usedMacs = new ArrayList<>();
    private final Station gateway;
    private final Station server;
    private final Station printer;
    private final List<Station> hosts = new ArrayList<>();

    /**
     * The LAN's machines, placed on {@code timeline} (made for {@code o}'s end and broadcast)
     * but not yet doing anything: {@link #schedule()} starts the background traffic. A scenario
     * that adds an incident to the LAN builds it this way and schedules its own hosts beside it.
     */
    LanScenario(Timeline timeline, long seed, Options o) {
        this.o = o;
        this.rnd = new SplittableRandom(seed);
        this.t0 = o.startNanos();
        this.end = o.endNanos();
        this.timeline = timeline;
        o.applyTags(fb);
        remoteBlocks = remoteBlocks(o);
        for (int i = 0; i < NAMES.length; i++) {
            nameAddresses[i] = remote(1 + rnd.nextInt(254));
        }
        gateway = new Station("gateway", newMac(0x001B54), o.network() + 1, 64, rnd.nextInt(65536), 32768,
                60 * SECOND, 240 * SECOND);
        server = new Station("FILESRV", newMac(0x005056), o.network() + 2, 128, rnd.nextInt(65536), 49152,
                60 * SECOND, 240 * SECOND);
        printer = new Station("PRINTER", newMac(0x001E0B), o.network() + 3, 64, rnd.nextInt(65536), 1024,
                60 * SECOND, 300 * SECOND);
        int base = Options.hostBase(1 << (32 - o.prefixLength()));
        for (int i = 0; i < o.hosts(); i++) {
            hosts.add(new Station(String.format(java.util.Locale.ROOT, "PC%02d", i + 1), newMac(OUIS[rnd.nextInt(OUIS.length)]),
                    o.network() + base + i, 128, rnd.nextInt(65536), 49152 + rnd.nextInt(2000),
                    15 * SECOND, 45 * SECOND));
        }
    }

    /** Writes the scenario to a new pcap file (nanosecond, Ethernet) and returns what it holds. */
    public static GroundTruth write(Path out, long seed, Options o) throws IOException {
        try (PcapWriter w = PcapWriter.create(out, LinkTypes.ETHERNET, PcapWriter.DEFAULT_SNAPLEN)) {
            return write(w, seed, o);
        }
    }

    /** Writes the scenario to an open Ethernet pcap writer (not closed here). */
    public static GroundTruth write(PcapWriter out, long seed, Options o) throws IOException {
        Timeline timeline = new Timeline(out, o.endNanos(), o.broadcast());
        new LanScenario(timeline, seed, o).schedule();
        timeline.run();
        return timeline.truth();
    }

    // ---------------------------------------------------------------- what other scenarios see

    Station gateway() {
        return gateway;
    }

    /** The Windows server: DNS server, NetBIOS name server, SMB file server. */
    Station server() {
        return server;
    }

    /** The workstations, in address order. */
    List<Station> workstations() {
        return Collections.unmodifiableList(hosts);
    }

    /** Whether a LAN machine already has this address. */
    boolean addressInUse(int ip) {
        return stations().anyMatch(s -> s.ip == ip);
    }

    /** Whether a LAN machine already has this MAC. */
    boolean macInUse(long mac) {
        return usedMacs.contains(mac);
    }

    private Stream<Station> stations() {
        return Stream.concat(Stream.of(gateway, server, printer), hosts.stream());
    }

    // ---------------------------------------------------------------- the plan

    /** Schedules the background traffic: boots, chatter, sessions, the ping and the traceroute. */
    void schedule() {
        long bootWindow = Math.max(MS, Math.min(20 * SECOND, o.duration().toNanos() / 3));
        for (Station h : hosts) {
            hostAt(h, t0 + rnd.nextLong(bootWindow), now -> boot(h, now));
        }
        timeline.at(t0 + rnd.nextLong(Math.min(15 * SECOND, bootWindow)), now -> announce(server, now, 4));
        timeline.at(t0 + rnd.nextLong(Math.min(10 * SECOND, bootWindow)), this::printerNotify);
        long span = o.duration().toNanos();
        Station pinger = hosts.get(rnd.nextInt(hosts.size()));
        hostAt(pinger, t0 + bootWindow + 2 * SECOND + rnd.nextLong(Math.max(1, span / 4)), now -> ping(pinger, now));
        Station tracer = hosts.get(rnd.nextInt(hosts.size()));
        hostAt(tracer, t0 + bootWindow + 3 * SECOND + rnd.nextLong(Math.max(1, span / 4)),
                now -> traceroute(tracer, now));
    }

    /** DHCP, optional probe, gratuitous ARP; then the host's start-up chatter. */
    private void boot(Station h, long t) {
        int xid = rnd.nextInt();
        boolean broadcastFlag = rnd.nextBoolean();
        long replyMac = broadcastFlag ? FrameBuilder.BROADCAST_MAC : h.mac;
        int replyIp = broadcastFlag ? FrameBuilder.BROADCAST_IP : h.ip;
        int mask = o.netmask();

        int len = Payloads.dhcpClient(p, 0, Payloads.DHCP_DISCOVER, xid, broadcastFlag, h.mac, h.name, 0, 0);
        fb.udp(FrameBuilder.BROADCAST_MAC, h.mac, h.nextId(), h.ttl, 0, FrameBuilder.BROADCAST_IP, 68, 67, p, 0, len);
        timeline.frame(t, fb);
        t += between(1 * MS, 30 * MS);
        len = Payloads.dhcpServer(p, 0, Payloads.DHCP_OFFER, xid, broadcastFlag, h.mac, h.ip, gateway.ip, mask,
                gateway.ip, server.ip, 86400, DOMAIN);
        fb.udp(replyMac, gateway.mac, gateway.nextId(), gateway.ttl, gateway.ip, replyIp, 67, 68, p, 0, len);
        timeline.frame(t, fb);
        t += between(1 * MS, 20 * MS);
        len = Payloads.dhcpClient(p, 0, Payloads.DHCP_REQUEST, xid, broadcastFlag, h.mac, h.name, h.ip, gateway.ip);
        fb.udp(FrameBuilder.BROADCAST_MAC, h.mac, h.nextId(), h.ttl, 0, FrameBuilder.BROADCAST_IP, 68, 67, p, 0, len);
        timeline.frame(t, fb);
        t += between(1 * MS, 30 * MS);
        len = Payloads.dhcpServer(p, 0, Payloads.DHCP_ACK, xid, broadcastFlag, h.mac, h.ip, gateway.ip, mask,
                gateway.ip, server.ip, 86400, DOMAIN);
        fb.udp(replyMac, gateway.mac, gateway.nextId(), gateway.ttl, gateway.ip, replyIp, 67, 68, p, 0, len);
        timeline.frame(t, fb);

        t += between(5 * MS, 50 * MS);
        if (rnd.nextInt(10) < 4) {
            fb.arpProbe(h.mac, h.ip);
            timeline.frame(t, fb);
            t += between(200 * MS, 1000 * MS);
        }
        // The host "ARPs for its own address": the announcement every start-up begins with.
        fb.arpAnnouncement(h.mac, h.ip);
        timeline.frame(t, fb);
        long up = t + between(100 * MS, 600 * MS);
        hostAt(h, up, now -> registerNames(h, now));
        hostAt(h, up + between(800 * MS, 3 * SECOND), now -> announce(h, now, 0));
        hostAt(h, up + between(1 * SECOND, 4 * SECOND), now -> ssdpSearch(h, now));
        hostAt(h, up + between(2 * SECOND, 6 * SECOND), now -> openShare(h, now));
        hostAt(h, up + between(1 * SECOND, 10 * SECOND), now -> dnsLookup(h, now));
    }

    /** Three B-node registrations per name, 750 ms apart, as Windows sends them. */
    private void registerNames(Station h, long t) {
        String[] names = {h.name, h.name, WORKGROUP};
        int[] suffixes = {Payloads.NETBIOS_WORKSTATION, Payloads.NETBIOS_SERVER, Payloads.NETBIOS_WORKSTATION};
        for (int n = 0; n < names.length; n++) {
            int id = rnd.nextInt(65536);
            long s = t + n * between(2 * MS, 10 * MS);
            for (int attempt = 0; attempt < 3; attempt++) {
                int len = Payloads.nbnsRegistration(p, 0, id, names[n], suffixes[n], n == 2, h.ip);
                fb.udp(FrameBuilder.BROADCAST_MAC, h.mac, h.nextId(), h.ttl, h.ip, o.broadcast(), 137, 137, p, 0, len);
                timeline.frame(s + attempt * 750 * MS, fb);
            }
        }
    }

    /** A BROWSER host announcement to the subnet broadcast; schedules the next one. */
    private void announce(Station s, long t, int round) {
        int len = Payloads.browserHostAnnouncement(p, 0, rnd.nextInt(65536), s.ip, s.name, WORKGROUP, "",
                (int) (ANNOUNCE_INTERVALS[round] / MS));
        fb.udp(FrameBuilder.BROADCAST_MAC, s.mac, s.nextId(), s.ttl, s.ip, o.broadcast(), 138, 138, p, 0, len);
        timeline.frame(t, fb);
        int next = Math.min(round + 1, ANNOUNCE_INTERVALS.length - 1);
        hostAt(s, t + ANNOUNCE_INTERVALS[round] + between(0, 2 * SECOND), now -> announce(s, now, next));
    }

    /** Two M-SEARCHes to the SSDP group; the printer answers each, unicast. */
    private void ssdpSearch(Station h, long t) {
        int port = h.nextPort();
        long answer = 0;
        for (int i = 0; i < 2; i++) {
            long sent = t + i * between(100 * MS, 200 * MS);
            int len = Payloads.ssdpSearch(p, 0, "ssdp:all");
            fb.udp(SSDP_MAC, h.mac, h.nextId(), 2, h.ip, SSDP_IP, port, 1900, p, 0, len);
            timeline.frame(sent, fb);
            // The device waits a random part of MX (1 s) before answering each search.
            answer = Math.max(sent + between(5 * MS, 900 * MS), answer + between(100 * 1000L, 2 * MS));
            answer = resolve(printer, h, answer);
            len = Payloads.ssdpResponse(p, 0, printer.ip, PRINTER_UUID, "upnp:rootdevice");
            fb.udp(h.mac, printer.mac, printer.nextId(), printer.ttl, printer.ip, h.ip, 1900, port, p, 0, len);
            timeline.frame(answer, fb);
        }
    }

    /** The printer's ssdp:alive for its three notification types, every 30 to 60 s. */
    private void printerNotify(long t) {
        String[] types = {"upnp:rootdevice", "uuid:" + PRINTER_UUID, "urn:schemas-upnp-org:device:Printer:1"};
        for (String type : types) {
            int len = Payloads.ssdpNotify(p, 0, printer.ip, PRINTER_UUID, type);
            fb.udp(SSDP_MAC, printer.mac, printer.nextId(), 2, printer.ip, SSDP_IP, 1900, 1900, p, 0, len);
            timeline.frame(t, fb);
            t += between(100 * 1000L, 2 * MS);
        }
        timeline.at(t + between(30 * SECOND, 60 * SECOND), this::printerNotify);
    }

    /** NetBIOS query for the file server's name, its unicast answer, then an SMB session. */
    private void openShare(Station h, long t) {
        int id = rnd.nextInt(65536);
        int len = Payloads.nbnsQuery(p, 0, id, server.name, Payloads.NETBIOS_SERVER);
        fb.udp(FrameBuilder.BROADCAST_MAC, h.mac, h.nextId(), h.ttl, h.ip, o.broadcast(), 137, 137, p, 0, len);
        timeline.frame(t, fb);
        long answer = resolve(server, h, t + between(200 * 1000L, 2 * MS));
        len = Payloads.nbnsQueryResponse(p, 0, id, server.name, Payloads.NETBIOS_SERVER, server.ip);
        fb.udp(h.mac, server.mac, server.nextId(), server.ttl, server.ip, h.ip, 137, 137, p, 0, len);
        timeline.frame(answer, fb);
        long start = answer + between(1 * MS, 20 * MS);
        hostAt(h, start, now -> tcpSession(h, now, server.ip, 445, server, 0, 3));
    }

    /** A DNS lookup at the server; sometimes an HTTPS session follows. Schedules the next lookup. */
    private void dnsLookup(Station h, long t) {
        int n = rnd.nextInt(NAMES.length);
        int id = rnd.nextInt(65536);
        int port = 49152 + rnd.nextInt(16384);
        long sent = resolve(h, server, t);
        int len = Payloads.dnsQuery(p, 0, id, NAMES[n], 1);
        fb.udp(server.mac, h.mac, h.nextId(), h.ttl, h.ip, server.ip, port, 53, p, 0, len);
        timeline.frame(sent, fb);
        // Cached names come back at once, others after a round trip upstream.
        long answer = sent + (rnd.nextInt(3) == 0 ? between(10 * MS, 60 * MS) : between(200 * 1000L, 3 * MS));
        len = Payloads.dnsAnswerA(p, 0, id, NAMES[n], nameAddresses[n], 300);
        fb.udp(h.mac, server.mac, server.nextId(), server.ttl, server.ip, h.ip, 53, port, p, 0, len);
        timeline.frame(answer, fb);
        if (rnd.nextInt(100) < 35) {
            int hops = 6 + rnd.nextInt(10);
            int rounds = 1 + rnd.nextInt(3);
            long start = answer + between(1 * MS, 5 * MS);
            hostAt(h, start, now -> tcpSession(h, now, nameAddresses[n], 443, null, hops, rounds));
        }
        hostAt(h, t + exponential(12 * SECOND), now -> dnsLookup(h, now));
    }

    /**
     * A whole TCP connection: handshake, {@code rounds} request/response exchanges with the
     * response cut into full-size segments and acknowledged every second segment, and a close
     * initiated by the client. {@code local} is the server station when it is on the LAN,
     * else the packets go through the gateway and the server is {@code hops} away.
     */
    private void tcpSession(Station c, long t, int serverIp, int serverPort, Station local, int hops, int rounds) {
        Station nextHop = local != null ? local : gateway;
        long rttMin = local != null ? 150 * 1000L : 8 * MS;
        long rttMax = local != null ? 800 * 1000L : 60 * MS;
        int serverTtl = local != null ? local.ttl : 64 - hops;
        int[] serverId = {local != null ? 0 : rnd.nextInt(65536)};
        int cport = c.nextPort();
        long cseq = rnd.nextLong(1L << 32);
        long sseq = rnd.nextLong(1L << 32);
        int cwin = 64240;
        int swin = 65535;

        t = resolve(c, nextHop, t);
        tcpFrom(c, t, nextHop.mac, serverIp, cport, serverPort, cseq, 0, FrameBuilder.TCP_SYN, cwin, 0);
        cseq++;
        t = resolve(nextHop, c, t + between(rttMin, rttMax));
        tcpTo(c, t, local, serverTtl, serverId, serverIp, serverPort, cport, sseq, cseq,
                FrameBuilder.TCP_SYN | FrameBuilder.TCP_ACK, swin, 0);
        sseq++;
        t += between(50 * 1000L, 300 * 1000L);
        tcpFrom(c, t, nextHop.mac, serverIp, cport, serverPort, cseq, sseq, FrameBuilder.TCP_ACK, cwin, 0);

        for (int r = 0; r < rounds; r++) {
            t += r == 0 ? between(200 * 1000L, 5 * MS) : between(20 * MS, 2 * SECOND);
            int request = 80 + rnd.nextInt(620);
            tcpFrom(c, t, nextHop.mac, serverIp, cport, serverPort, cseq, sseq,
                    FrameBuilder.TCP_PSH | FrameBuilder.TCP_ACK, cwin, request);
            cseq += request;
            t += between(rttMin, rttMax) + between(1 * MS, 30 * MS);
            int response = 200 + rnd.nextInt(local != null ? 6000 : 14000);
            int segment = 0;
            while (response > 0) {
                int size = Math.min(1460, response);
                response -= size;
                int flags = FrameBuilder.TCP_ACK | (response == 0 ? FrameBuilder.TCP_PSH : 0);
                tcpTo(c, t, local, serverTtl, serverId, serverIp, serverPort, cport, sseq, cseq, flags, swin, size);
                sseq += size;
                segment++;
                if (segment % 2 == 0 || response == 0) {
                    // Delayed ACK: every second full segment at once, a lone last one after a while.
                    long delay = segment % 2 == 0 ? between(20 * 1000L, 100 * 1000L) : between(1 * MS, 40 * MS);
                    tcpFrom(c, t + delay, nextHop.mac, serverIp, cport, serverPort, cseq, sseq, FrameBuilder.TCP_ACK,
                            cwin, 0);
                    t += delay;
                }
                t += between(30 * 1000L, 300 * 1000L);
            }
        }

        t += between(1 * MS, 300 * MS);
        tcpFrom(c, t, nextHop.mac, serverIp, cport, serverPort, cseq, sseq, FrameBuilder.TCP_FIN | FrameBuilder.TCP_ACK,
                cwin, 0);
        cseq++;
        t += between(rttMin, rttMax);
        tcpTo(c, t, local, serverTtl, serverId, serverIp, serverPort, cport, sseq, cseq,
                FrameBuilder.TCP_FIN | FrameBuilder.TCP_ACK, swin, 0);
        sseq++;
        t += between(50 * 1000L, 300 * 1000L);
        tcpFrom(c, t, nextHop.mac, serverIp, cport, serverPort, cseq, sseq, FrameBuilder.TCP_ACK, cwin, 0);
    }

    private void tcpFrom(Station c, long t, long dstMac, int dstIp, int sport, int dport, long seq, long ack,
            int flags, int window, int payload) {
        fillRandom(payload);
        fb.tcp(dstMac, c.mac, c.nextId(), c.ttl, c.ip, dstIp, sport, dport, seq, ack, flags, window, p, 0, payload);
        fb.setDontFragment();
        timeline.frame(t, fb);
    }

    private void tcpTo(Station c, long t, Station local, int ttl, int[] remoteId, int srcIp, int sport, int dport,
            long seq, long ack, int flags, int window, int payload) {
        fillRandom(payload);
        Station from = local != null ? local : gateway;
        int id = local != null ? local.nextId() : remoteId[0]++ & 0xFFFF;
        fb.tcp(c.mac, from.mac, id, ttl, srcIp, c.ip, sport, dport, seq, ack, flags, window, p, 0, payload);
        fb.setDontFragment();
        timeline.frame(t, fb);
    }

    /** Four echo requests to the gateway, one a second, each answered. */
    private void ping(Station h, long t) {
        int ident = 1;
        int base = rnd.nextInt(1000);
        t = resolve(h, gateway, t);
        for (int i = 0; i < 4; i++) {
            long sent = t + i * (SECOND + between(0, 5 * MS));
            fb.icmpEcho(gateway.mac, h.mac, h.nextId(), h.ttl, h.ip, gateway.ip, false, ident, base + i,
                    PING_DATA, 0, PING_DATA.length);
            timeline.frame(sent, fb);
            fb.icmpEcho(h.mac, gateway.mac, gateway.nextId(), gateway.ttl, gateway.ip, h.ip, true, ident, base + i,
                    PING_DATA, 0, PING_DATA.length);
            timeline.frame(sent + between(200 * 1000L, 1500 * 1000L), fb);
        }
    }

    /**
     * A Linux-style UDP traceroute: three probes per TTL from one ephemeral source port to
     * destination ports counting up from 33434, each answered by the router at that hop with
     * time-exceeded, and by the target with port-unreachable once the TTL reaches it. The
     * worm's bursts look like this (consecutive ports), which is why it is in the scenario.
     */
    private void traceroute(Station h, long t) {
        int hops = 4 + rnd.nextInt(6);
        int target = remote(1 + rnd.nextInt(254));
        int[] routers = new int[hops];
        routers[0] = gateway.ip;
        for (int i = 1; i < hops - 1; i++) {
            routers[i] = remote2(1 + rnd.nextInt(254));
        }
        routers[hops - 1] = target;
        int sport = 32768 + rnd.nextInt(28232);
        int dport = 33434;
        byte[] data = new byte[32];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (0x40 + i);                      // what Linux traceroute sends
        }
        t = resolve(h, gateway, t);
        for (int ttl = 1; ttl <= hops; ttl++) {
            int hop = ttl - 1;
            for (int probe = 0; probe < 3; probe++) {
                fb.udp(gateway.mac, h.mac, h.nextId(), ttl, h.ip, target, sport, dport++, data, 0, data.length);
                timeline.frame(t, fb, Timeline.TAG_TRACEROUTE_PROBE);
                long answer = t + (ttl == 1 ? between(300 * 1000L, 2 * MS) : ttl * between(2 * MS, 6 * MS));
                int l3 = fb.l3Offset();
                if (ttl < hops) {
                    int ttlBack = ttl == 1 ? gateway.ttl : 255 - hop;
                    fb.icmpTimeExceeded(h.mac, gateway.mac, rnd.nextInt(65536), ttlBack, routers[hop], h.ip,
                            fb.buffer(), l3, 1);
                } else {
                    fb.icmpPortUnreachable(h.mac, gateway.mac, rnd.nextInt(65536), 64 - hop, target, h.ip,
                            fb.buffer(), l3, 1);
                }
                timeline.frame(answer, fb);
                t = answer + between(50 * 1000L, 500 * 1000L);
            }
        }
    }

    // ---------------------------------------------------------------- ARP and helpers

    /**
     * Schedules something {@code h} starts, unless {@code h} has been silenced by then (see
     * {@link Timeline#silence}): a machine that dropped off the network starts nothing, so no
     * answer appears to a question it never asked.
     */
    private void hostAt(Station h, long t, Timeline.Activity activity) {
        timeline.at(t, now -> {
            if (!timeline.silenced(h.mac, now)) {
                activity.run(now);
            }
        });
    }

    /**
     * Makes sure {@code from} knows {@code to}'s MAC at time {@code t}: if its cache entry is
     * missing or expired, queues a broadcast request and the unicast reply. Returns the time from
     * which {@code from} can send. The target learns the asker from the request, as stacks do.
     */
    long resolve(Station from, Station to, long t) {
        return resolve(from, to, t, 0);
    }

    /** {@link #resolve(Station, Station, long)} with a {@link Timeline} tag on the ARP frames. */
    long resolve(Station from, Station to, long t, int tag) {
        long[] entry = from.arp.get(to.ip);
        if (entry != null && entry[1] > t) {
            // Still being resolved for an earlier packet: this one leaves shortly after that.
            return t >= entry[0] ? t : entry[0] + between(5 * 1000L, 50 * 1000L);
        }
        fb.arpRequest(from.mac, from.ip, to.ip);
        timeline.frame(t, fb, tag);
        long replied = t + between(80 * 1000L, 900 * 1000L);
        fb.arpReply(to.mac, to.ip, from.mac, from.ip);
        timeline.frame(replied, fb, tag);
        long ready = replied + between(10 * 1000L, 60 * 1000L);
        from.arp.put(to.ip, new long[] {ready, ready + between(from.arpLifetimeMin, from.arpLifetimeMax)});
        to.arp.put(from.ip, new long[] {replied, replied + between(to.arpLifetimeMin, to.arpLifetimeMax)});
        return ready;
    }

    private long between(long lo, long hi) {
        return Draws.between(rnd, lo, hi);
    }

    private long exponential(long mean) {
        return Draws.exponential(rnd, mean);
    }

    private void fillRandom(int len) {
        Draws.fill(rnd, p, len);
    }

    private long newMac(int oui) {
        while (true) {
            long mac = (long) oui << 24 | rnd.nextInt(1 << 24);
            if (!usedMacs.contains(mac)) {
                usedMacs.add(mac);
                return mac;
            }
        }
    }

    /** An address in the first documentation block outside the LAN. */
    int remote(int host) {
        return remoteBlocks[0] | host;
    }

    /** An address in the second documentation block outside the LAN (for routers on the path). */
    private int remote2(int host) {
        return remoteBlocks[1] | host;
    }

    private static int[] remoteBlocks(Options o) {
        int[] candidates = {FrameBuilder.ip("203.0.113.0"), FrameBuilder.ip("198.51.100.0"), FrameBuilder.ip("192.0.2.0")};
        int[] chosen = new int[2];
        int n = 0;
        for (int c : candidates) {
            boolean inside = (c & o.netmask()) == o.network() || (o.network() & 0xFFFF_FF00) == c;
            if (!inside && n < 2) {
                chosen[n++] = c;
            }
        }
        return chosen;
    }
}
