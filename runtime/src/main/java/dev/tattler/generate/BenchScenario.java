package dev.tattler.generate;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PcapWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The benchmark workload: a long, deterministic mix of the traffic a LAN sensor sees, written
 * as fast as the disk takes it (no timeline sorting: packets are produced in time order).
 *
 * <pre>
 *   ~55% UDP   DNS to a server and back, NetBIOS to the directed broadcast, DHCP to
 *              255.255.255.255, and every ~50,000 packets a worm770 burst (a BROWSER
 *              announcement, then 5 x 28 bytes from port 770 to consecutive ports)
 *   ~35% TCP   sessions: handshake, data segments of realistic sizes (64..1460), FIN
 *    ~8% ARP   requests and replies
 *   ~10%       of hosts behind an 802.1Q tag
 * </pre>
 *
 * Used by bench/run-benchmarks.sh and the JMH benchmarks; {@code tattler generate bench}.
 */
public final class BenchScenario {
    private static final int HOSTS = 250;
    private static final int NET = FrameBuilder.ip("10.40.0.0");
    private static final int BROADCAST = NET | 0xFF;
    private static final int SERVER = NET | 2;
    private static final long ROUTER_MAC = 0x00_1b_54_00_00_01L;
    private static final long START_NANOS = 1_714_986_000_000_000_000L;

    private BenchScenario() {
    }

    /** Writes {@code packets} frames to {@code out}; returns the number of worm770 bursts written. */
    public static long write(Path out, long packets, long seed) throws IOException {
        try (PcapWriter w = PcapWriter.create(out, LinkTypes.ETHERNET, PcapWriter.DEFAULT_SNAPLEN)) {
            return write(w, packets, seed);
        }
    }

    public static long write(PcapWriter w, long packets, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        FrameBuilder fb = new FrameBuilder();
        byte[] payload = new byte[1460];
        rnd.nextBytes(payload);
        long now = START_NANOS;
        long written = 0;
        long bursts = 0;
        int id = 1;
        // One TCP session in progress at a time per slot, for realistic handshakes and FINs.
        int[] tcpClient = new int[32];
        int[] tcpStep = new int[32];
        long[] seq = new long[32];
        while (written < packets) {
            now += 1_000 + rnd.nextInt(40_000); // 1..41 µs apart: a busy LAN
            int h = 10 + rnd.nextInt(HOSTS);
            int ip = NET | h;
            long mac = 0x00_50_56_00_00_00L | h;
            if (h % 10 == 0) {
                fb.vlan(100 + h % 4);
            } else {
                fb.untagged();
            }
            int kind = rnd.nextInt(100);
            int len;
            if (written % 50_000 == 49_990 && packets - written > 6) {
                // a worm burst behind a BROWSER announcement (the detector's workload)
                int infected = NET | 9;
                long infectedMac = 0x00_50_8b_00_00_09L;
                fb.untagged();
                len = fb.udp(FrameBuilder.BROADCAST_MAC, infectedMac, id++, 128, infected, BROADCAST, 138, 138, payload, 0, 201);
                w.write(now, fb.buffer(), 0, len, len);
                int port = 1024 + rnd.nextInt(60_000);
                for (int i = 0; i < 5; i++) {
                    now += 200_000;
                    len = fb.udp(FrameBuilder.BROADCAST_MAC, infectedMac, id++, 128, infected, BROADCAST, 770, port + i,
                            payload, 0, 28);
                    w.write(now, fb.buffer(), 0, len, len);
                }
                written += 6;
                bursts++;
                continue;
            }
            if (kind < 40) { // DNS query and answer
                int sport = 1024 + rnd.nextInt(60_000);
                len = fb.udp(ROUTER_MAC, mac, id++, 64, ip, SERVER, sport, 53, payload, 0, 30 + rnd.nextInt(40));
                w.write(now, fb.buffer(), 0, len, len);
                written++;
                if (written < packets) {
                    now += 300_000;
                    len = fb.udp(mac, ROUTER_MAC, id++, 64, SERVER, ip, 53, sport, payload, 0, 60 + rnd.nextInt(200));
                    w.write(now, fb.buffer(), 0, len, len);
                    written++;
                }
            } else if (kind < 50) { // NetBIOS name service / BROWSER to the directed broadcast
                int port = rnd.nextBoolean() ? 137 : 138;
                len = fb.udp(FrameBuilder.BROADCAST_MAC, mac, id++, 128, ip, BROADCAST, port, port, payload, 0,
                        port == 137 ? 50 : 201);
                w.write(now, fb.buffer(), 0, len, len);
                written++;
            } else if (kind < 52) { // DHCP
                len = fb.udp(FrameBuilder.BROADCAST_MAC, mac, id++, 64, 0, FrameBuilder.BROADCAST_IP, 68, 67,
                        payload, 0, 300);
                w.write(now, fb.buffer(), 0, len, len);
                written++;
            } else if (kind < 60) { // ARP
                len = rnd.nextBoolean() ? fb.arpRequest(mac, ip, NET | (10 + rnd.nextInt(HOSTS)))
                        : fb.arpReply(mac, ip, ROUTER_MAC, NET | 1);
                w.write(now, fb.buffer(), 0, len, len);
                written++;
            } else { // TCP sessions
                int slot = rnd.nextInt(tcpClient.length);
                if (tcpClient[slot] == 0 || tcpStep[slot] > 12) {
                    tcpClient[slot] = h;
                    tcpStep[slot] = 0;
                    seq[slot] = rnd.nextInt() & 0xFFFF_FFFFL;
                }
                int c = NET | tcpClient[slot];
                long cmac = 0x00_50_56_00_00_00L | tcpClient[slot];
                int cport = 40_000 + slot;
                int step = tcpStep[slot]++;
                long s = seq[slot];
                if (step == 0) {
                    len = fb.tcp(ROUTER_MAC, cmac, id++, 64, c, SERVER, cport, 445, s, 0, FrameBuilder.TCP_SYN, 64240, payload, 0, 0);
                } else if (step == 1) {
                    len = fb.tcp(cmac, ROUTER_MAC, id++, 64, SERVER, c, 445, cport, 7_000_000, s + 1,
                            FrameBuilder.TCP_SYN | FrameBuilder.TCP_ACK, 65535, payload, 0, 0);
                } else if (step < 12) {
                    int n = step % 3 == 0 ? 64 + rnd.nextInt(1397) : 0;
                    len = fb.tcp(ROUTER_MAC, cmac, id++, 64, c, SERVER, cport, 445, s + 1, 7_000_001,
                            FrameBuilder.TCP_ACK | (n > 0 ? FrameBuilder.TCP_PSH : 0), 64240, payload, 0, n);
                    seq[slot] = s + n;
                } else {
                    len = fb.tcp(ROUTER_MAC, cmac, id++, 64, c, SERVER, cport, 445, s + 1, 7_000_001,
                            FrameBuilder.TCP_FIN | FrameBuilder.TCP_ACK, 64240, payload, 0, 0);
                }
                w.write(now, fb.buffer(), 0, len, len);
                written++;
            }
            id &= 0xFFFF;
        }
        return bursts;
    }
}
