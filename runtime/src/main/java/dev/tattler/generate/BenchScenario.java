package dev.tattler.generate;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PcapWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The benchmark workload: a long, deterministic mix of the traffic a busy LAN sensor sees,
 * written as fast as the disk takes it (packets are produced in time order, no sorting).
 *
 * <pre>
 *   share of packets
 *   ~73%  TCP   sessions to four servers (SMB, HTTPS, HTTP, SSH), 48 at a time: handshake,
 *               requests, full-size data segments with ACKs every second segment, FIN/ACK;
 *               8..180 packets each, so ~70 on average
 *   ~23%  UDP   DNS query/answer pairs (a connection each), NetBIOS to the directed broadcast,
 *               DHCP to 255.255.255.255, long-lived streams (syslog, RTP-like media); and every
 *               50,000 packets a worm770 burst: a BROWSER announcement, then 5 x 28 bytes from
 *               port 770 to consecutive ports at the directed broadcast
 *    ~3%  ARP   requests and replies
 *    ~2%  ICMP  echo requests and replies
 *   hosts 10.40.0.10-259 (a tenth behind 802.1Q tags), 1-41 µs between packets
 * </pre>
 *
 * About 25 packets per connection, as enterprise traces show; a workload made of DNS only
 * would make a connection every two packets. Used by bench/run-benchmarks.sh and the JMH
 * benchmarks; {@code tattler generate bench}.
 */
public final class BenchScenario {
    private static final int HOSTS = 250;
    private static final int NET = FrameBuilder.ip("10.40.0.0");
    private static final int BROADCAST = NET | 0xFF;
    private static final int ROUTER = NET | 1;
    private static final int[] SERVERS = {NET | 2, NET | 3, NET | 4, NET | 5};
    private static final int[] SERVER_PORTS = {445, 443, 80, 22};
    private static final int DNS = NET | 2;
    private static final int INFECTED = NET | 9;
    private static final long ROUTER_MAC = 0x00_1b_54_00_00_01L;
    private static final long INFECTED_MAC = 0x00_50_8b_00_00_09L;
    private static final long START_NANOS = 1_714_986_000_000_000_000L;
    /** A worm burst (6 frames) after every this many packets. */
    public static final long BURST_EVERY = 50_000;
    private static final int SLOTS = 48;
    private static final int MSS = 1460;

    private final SplittableRandom rnd;
    private final PcapWriter out;
    private final FrameBuilder fb = new FrameBuilder();
    private final byte[] payload = new byte[MSS];
    private final Session[] sessions = new Session[SLOTS];
    private final long limit;
    private long now = START_NANOS;
    private long written;
    private long nextBurst = BURST_EVERY - 10;
    private int ipId = 1;

    /** One TCP session in progress: its endpoints, sequence numbers and where it stands. */
    private static final class Session {
        int client;
        int server;
        int clientPort;
        int serverPort;
        long clientSeq;
        long serverSeq;
        int step;
        int length;
        boolean vlan;
    }

    private BenchScenario(PcapWriter out, long packets, long seed) {
        this.out = out;
        this.limit = packets;
        this.rnd = new SplittableRandom(seed);
        rnd.nextBytes(payload);
        for (int i = 0; i < SLOTS; i++) {
            sessions[i] = new Session();
            newSession(sessions[i], i);
        }
    }

    /** Writes {@code packets} frames to {@code out}; returns the number of worm770 bursts written. */
    public static long write(Path out, long packets, long seed) throws IOException {
        try (PcapWriter w = PcapWriter.create(out, LinkTypes.ETHERNET, PcapWriter.DEFAULT_SNAPLEN)) {
            return write(w, packets, seed);
        }
    }

    public static long write(PcapWriter w, long packets, long seed) throws IOException {
        return new BenchScenario(w, packets, seed).run();
    }

    private long run() throws IOException {
        long bursts = 0;
        while (written < limit) {
            now += 1_000 + rnd.nextInt(40_000);
            if (written >= nextBurst && limit - written > 6) {
                nextBurst += BURST_EVERY;
                burst();
                bursts++;
                continue;
            }
            int kind = rnd.nextInt(1000);
            if (kind < 730) {
                tcp(sessions[rnd.nextInt(SLOTS)]);
            } else if (kind < 760) {
                dns();
            } else if (kind < 800) {
                netbios();
            } else if (kind < 805) {
                dhcp();
            } else if (kind < 950) {
                stream();
            } else if (kind < 980) {
                arp();
            } else {
                ping();
            }
        }
        return bursts;
    }

    private static int host(int h) {
        return NET | h;
    }

    private static long mac(int h) {
        return 0x00_50_56_00_00_00L | h;
    }

    private int randomHost() {
        return 10 + rnd.nextInt(HOSTS);
    }

    private void tag(int h) {
        if (h % 10 == 0) {
            fb.vlan(100 + h % 4);
        } else {
            fb.untagged();
        }
    }

    private void emit(int len) throws IOException {
        out.write(now, fb.buffer(), 0, len, len);
        written++;
        ipId = (ipId + 1) & 0xFFFF;
    }

    /** The worm's signature: a legitimate BROWSER announcement, then 5 x 28 bytes from port 770. */
    private void burst() throws IOException {
        fb.untagged();
        emit(fb.udp(FrameBuilder.BROADCAST_MAC, INFECTED_MAC, ipId, 128, INFECTED, BROADCAST, 138, 138, payload, 0,
                201));
        int port = 1024 + rnd.nextInt(60_000);
        for (int i = 0; i < 5; i++) {
            now += 200_000;
            emit(fb.udp(FrameBuilder.BROADCAST_MAC, INFECTED_MAC, ipId, 128, INFECTED, BROADCAST, 770, port + i,
                    payload, 0, 28));
        }
    }

    private void newSession(Session s, int slot) {
        int server = rnd.nextInt(SERVERS.length);
        s.client = randomHost();
        s.server = server;
        s.serverPort = SERVER_PORTS[server];
        s.clientPort = 32_768 + (int) ((slot * 613L + written) % 28_000);
        s.clientSeq = rnd.nextInt() & 0xFFFF_FFFFL;
        s.serverSeq = rnd.nextInt() & 0xFFFF_FFFFL;
        s.step = 0;
        s.length = 8 + rnd.nextInt(173);
        s.vlan = s.client % 10 == 0;
    }

    /**
     * The next packet of a session: SYN, SYN-ACK, ACK, a request, then the server's data with an
     * ACK from the client every second segment (and now and then another request), and the
     * client's FIN, the server's FIN-ACK and the last ACK.
     */
    private void tcp(Session s) throws IOException {
        int c = host(s.client);
        int srv = SERVERS[s.server];
        long cmac = mac(s.client);
        tag(s.client);
        int step = s.step++;
        int left = s.length - step;
        int len;
        if (step == 0) {
            len = fromClient(s, c, srv, cmac, FrameBuilder.TCP_SYN, 0);
            s.clientSeq++;
        } else if (step == 1) {
            len = fromServer(s, c, srv, cmac, FrameBuilder.TCP_SYN | FrameBuilder.TCP_ACK, 0);
            s.serverSeq++;
        } else if (step == 2) {
            len = fromClient(s, c, srv, cmac, FrameBuilder.TCP_ACK, 0);
        } else if (left == 3) {
            len = fromClient(s, c, srv, cmac, FrameBuilder.TCP_FIN | FrameBuilder.TCP_ACK, 0);
            s.clientSeq++;
        } else if (left == 2) {
            len = fromServer(s, c, srv, cmac, FrameBuilder.TCP_FIN | FrameBuilder.TCP_ACK, 0);
            s.serverSeq++;
        } else if (left == 1) {
            len = fromClient(s, c, srv, cmac, FrameBuilder.TCP_ACK, 0);
        } else if (step == 3 || step % 23 == 0) {
            len = fromClient(s, c, srv, cmac, FrameBuilder.TCP_ACK | FrameBuilder.TCP_PSH, 64 + rnd.nextInt(540));
        } else if (step % 3 == 0) {
            len = fromClient(s, c, srv, cmac, FrameBuilder.TCP_ACK, 0);
        } else {
            int n = left <= 5 ? 100 + rnd.nextInt(MSS - 100) : MSS;
            len = fromServer(s, c, srv, cmac, FrameBuilder.TCP_ACK | (n < MSS ? FrameBuilder.TCP_PSH : 0), n);
        }
        emit(len);
        if (s.step >= s.length) {
            newSession(s, (int) (written % SLOTS));
        }
    }

    private int fromClient(Session s, int c, int srv, long cmac, int flags, int n) {
        int len = fb.tcp(ROUTER_MAC, cmac, ipId, 64, c, srv, s.clientPort, s.serverPort, s.clientSeq, s.serverSeq,
                flags, 64_240, payload, 0, n);
        s.clientSeq += n;
        return len;
    }

    private int fromServer(Session s, int c, int srv, long cmac, int flags, int n) {
        int len = fb.tcp(cmac, ROUTER_MAC, ipId, 64, srv, c, s.serverPort, s.clientPort, s.serverSeq, s.clientSeq,
                flags, 65_535, payload, 0, n);
        s.serverSeq += n;
        return len;
    }

    private void dns() throws IOException {
        int h = randomHost();
        int sport = 1024 + rnd.nextInt(60_000);
        tag(h);
        emit(fb.udp(ROUTER_MAC, mac(h), ipId, 64, host(h), DNS, sport, 53, payload, 0, 30 + rnd.nextInt(40)));
        if (written < limit) {
            now += 300_000;
            emit(fb.udp(mac(h), ROUTER_MAC, ipId, 64, DNS, host(h), 53, sport, payload, 0, 60 + rnd.nextInt(200)));
        }
    }

    private void netbios() throws IOException {
        int h = randomHost();
        int port = rnd.nextBoolean() ? 137 : 138;
        tag(h);
        emit(fb.udp(FrameBuilder.BROADCAST_MAC, mac(h), ipId, 128, host(h), BROADCAST, port, port, payload, 0,
                port == 137 ? 50 : 201));
    }

    private void dhcp() throws IOException {
        int h = randomHost();
        tag(h);
        emit(fb.udp(FrameBuilder.BROADCAST_MAC, mac(h), ipId, 64, 0, FrameBuilder.BROADCAST_IP, 68, 67, payload, 0,
                300));
    }

    /** Long-lived UDP: a host's syslog to the log server, or its media stream (RTP-like, 172 bytes). */
    private void stream() throws IOException {
        int h = randomHost();
        tag(h);
        boolean media = (h & 1) == 0;
        emit(fb.udp(ROUTER_MAC, mac(h), ipId, 64, host(h), SERVERS[3], media ? 16_384 + h * 2 : 40_000 + h,
                media ? 5004 : 514, payload, 0, media ? 172 : 80 + rnd.nextInt(300)));
    }

    private void arp() throws IOException {
        int h = randomHost();
        tag(h);
        emit(rnd.nextBoolean() ? fb.arpRequest(mac(h), host(h), host(randomHost()))
                : fb.arpReply(mac(h), host(h), ROUTER_MAC, ROUTER));
    }

    private void ping() throws IOException {
        int h = randomHost();
        tag(h);
        int seq = (int) (written & 0xFFFF);
        emit(fb.icmpEcho(ROUTER_MAC, mac(h), ipId, 64, host(h), ROUTER, false, h, seq, payload, 0, 56));
        if (written < limit) {
            now += 400_000;
            emit(fb.icmpEcho(mac(h), ROUTER_MAC, ipId, 64, ROUTER, host(h), true, h, seq, payload, 0, 56));
        }
    }
}
