package dev.tattler.conn;

import static dev.tattler.conn.Flows.MS;
import static dev.tattler.conn.Flows.SECOND;
import static dev.tattler.conn.Flows.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tattler.decode.Weirds;
import dev.tattler.generate.FrameBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Connection tracking for UDP, ICMP and other protocols: roles and flips, sizes, checksums,
 * timeouts, the connection cap, IP fragment reassembly, and every weird it raises.
 */
class ConnTrackerTest {
    private static final String A = "10.0.0.1";
    private static final String B = "10.0.0.2";

    @Test
    void udpRequestAndReplyMakeOneConnectionWithPayloadSizes() {
        Flows f = new Flows();
        f.udp(A, 33_000, B, 53, 30);
        f.after(10 * MS).udp(B, 53, A, 33_000, 120);
        f.tracker.flush();
        Connection c = f.only();
        assertEquals("Dd SF 30 120 1 1", summary(c));
        assertEquals(A, c.origH());
        assertEquals(33_000, c.origPort());
        assertEquals(58 + 148, c.origIpBytes() + c.respIpBytes());
        assertEquals(10 * MS, c.durationNanos());
        assertTrue(c.localOrig() && c.localResp());
        assertEquals(List.of("new 33000>53", "udp_request", "udp_reply", "removed SF"), f.events);
    }

    @Test
    void aReplySeenFirstFlipsUnlessBothOrNeitherPortIsAServerPort() {
        assertEquals("^d SHR", flow(A, 53, B, 33_000));         // DNS answer first: the client originates
        assertEquals("^d SHR", flow(A, 123, B, 40_000));        // NTP
        assertEquals("D S0", flow(A, 33_000, B, 53));           // the query
        assertEquals("D S0", flow(A, 123, B, 123));             // both likely servers
        assertEquals("D S0", flow(A, 53, B, 137));              // ... NetBIOS name service is a DNS port in Zeek
        assertEquals("^d SHR", flow(A, 53, B, 138));            // ... but not the datagram service
        assertEquals("D S0", flow(A, 40_190, B, 7_437));        // neither
    }

    private static String flow(String src, int sport, String dst, int dport) {
        Flows f = new Flows();
        f.udp(src, sport, dst, dport, 10);
        f.tracker.flush();
        return f.only().history() + " " + f.only().connState();
    }

    @Test
    void udpToBroadcastOrMulticastNeverFlips() {
        // Zeek's core.udp-broadcast-no-flip: 40190 made a likely server port, sent to 255.255.255.255.
        ConnConfig config = ConnConfig.defaults().withServerPorts(ServerPorts.of(new int[0], new int[] {40_190, 67}));
        for (String dst : List.of("255.255.255.255", "10.0.0.255", "224.0.0.251")) {
            Flows f = new Flows(config);
            f.udp(A, 40_190, dst, 7_437, 10);
            f.tracker.flush();
            assertEquals("D", f.only().history(), dst);
            assertEquals(40_190, f.only().origPort(), dst);
        }
        // ... and a unicast one does flip
        Flows f = new Flows(config);
        f.udp(A, 40_190, B, 7_437, 10);
        f.tracker.flush();
        assertEquals("^d", f.only().history());
    }

    @Test
    void aBadUdpChecksumIsCAndNotCounted() {
        Flows f = new Flows();
        f.fb.udp(Flows.SERVER_MAC, Flows.CLIENT_MAC, 7, 64, FrameBuilder.ip(A), FrameBuilder.ip(B), 33_000, 53,
                new byte[12], 0, 12);
        f.fb.buffer()[14 + 20 + 6] ^= 0x01;
        f.send();
        f.after(MS).udp(B, 53, A, 33_000, 40);
        f.tracker.flush();
        assertEquals("Cd SHR 0 40 0 1", summary(f.only()));
        assertTrue(f.weirds.contains(Weirds.BAD_UDP_CHECKSUM));
        assertEquals(List.of("new 33000>53", "udp_reply", "removed SHR"), f.events);
    }

    @Test
    void aZeroUdpChecksumIsNoChecksumOnIpv4() {
        Flows f = new Flows();
        f.fb.udp(Flows.SERVER_MAC, Flows.CLIENT_MAC, 7, 64, FrameBuilder.ip(A), FrameBuilder.ip(B), 33_000, 53,
                new byte[12], 0, 12);
        f.fb.buffer()[14 + 20 + 6] = 0;
        f.fb.buffer()[14 + 20 + 7] = 0;
        f.send();
        f.tracker.flush();
        assertEquals("D S0 12 0 1 0", summary(f.only()));
    }

    @Test
    void aBadIpHeaderChecksumDropsThePacket() {
        Flows f = new Flows();
        f.fb.udp(Flows.SERVER_MAC, Flows.CLIENT_MAC, 7, 64, FrameBuilder.ip(A), FrameBuilder.ip(B), 33_000, 53,
                new byte[12], 0, 12);
        f.fb.buffer()[14 + 10] ^= 0x10;
        f.send();
        f.tracker.flush();
        assertTrue(f.removed.isEmpty());
        assertEquals(List.of(Weirds.BAD_IP_CHECKSUM), f.weirds);
    }

    @Test
    void pingRequestAndReplyShareAConnectionKeyedByTypeAndCounterpart() {
        Flows f = new Flows();
        for (int i = 0; i < 3; i++) {
            f.fb.icmpEcho(Flows.SERVER_MAC, Flows.CLIENT_MAC, i, 64, FrameBuilder.ip(A), FrameBuilder.ip(B), false,
                    77, i, new byte[56], 0, 56);
            f.after(MS).send();
            f.fb.icmpEcho(Flows.CLIENT_MAC, Flows.SERVER_MAC, i, 64, FrameBuilder.ip(B), FrameBuilder.ip(A), true,
                    77, i, new byte[56], 0, 56);
            f.after(MS).send();
        }
        f.tracker.flush();
        Connection c = f.only();
        assertEquals("icmp", c.protoName());
        assertEquals(8, c.origPort());
        assertEquals(0, c.respPort());
        assertEquals(" OTH 168 168 3 3", summary(c));
        assertEquals(3 * 84, c.origIpBytes());
        assertEquals("icmp 8 orig", f.events.get(1));
        assertEquals("icmp 0 resp", f.events.get(2));
    }

    @Test
    void icmpErrorsAreOneWayAndKeyedByTypeAndCode() {
        Flows f = new Flows();
        f.fb.udp(Flows.SERVER_MAC, Flows.CLIENT_MAC, 7, 64, FrameBuilder.ip(A), FrameBuilder.ip(B), 33_000, 9_999,
                new byte[4], 0, 4);
        byte[] probe = java.util.Arrays.copyOf(f.fb.buffer(), f.fb.length());
        f.send();
        f.fb.icmpPortUnreachable(Flows.CLIENT_MAC, Flows.SERVER_MAC, 9, 64, FrameBuilder.ip(B), FrameBuilder.ip(A),
                probe, 14, -1);
        f.after(MS).send();
        f.fb.icmpPortUnreachable(Flows.CLIENT_MAC, Flows.SERVER_MAC, 10, 64, FrameBuilder.ip(B), FrameBuilder.ip(A),
                probe, 14, -1);
        f.after(MS).send();
        f.tracker.flush();
        assertEquals(2, f.removed.size());
        Connection icmp = f.removed.get(0).protoName().equals("icmp") ? f.removed.get(0) : f.removed.get(1);
        assertEquals(B, icmp.origH());
        assertEquals(3, icmp.origPort());
        assertEquals(3, icmp.respPort(), "port unreachable: code 3");
        assertEquals(2, icmp.origPkts());
    }

    @Test
    void aBadIcmpChecksumIsAWeirdAndNotCounted() {
        Flows f = new Flows();
        f.fb.icmpEcho(Flows.SERVER_MAC, Flows.CLIENT_MAC, 1, 64, FrameBuilder.ip(A), FrameBuilder.ip(B), false,
                77, 1, new byte[8], 0, 8);
        f.fb.buffer()[14 + 20 + 2] ^= 0x40;
        f.send();
        f.tracker.flush();
        assertEquals(" OTH 0 0 0 0", summary(f.only()));
        assertEquals(List.of(Weirds.BAD_ICMP_CHECKSUM), f.weirds);
    }

    @Test
    void otherIpProtocolsAreUnknownTransportWithPortsZero() {
        Flows f = new Flows();
        f.fb.ipv4(Flows.SERVER_MAC, Flows.CLIENT_MAC, 1, 64, 47, FrameBuilder.ip(A), FrameBuilder.ip(B),
                new byte[24], 0, 24);
        f.send();
        f.fb.ipv4(Flows.CLIENT_MAC, Flows.SERVER_MAC, 2, 64, 47, FrameBuilder.ip(B), FrameBuilder.ip(A),
                new byte[24], 0, 24);
        f.after(MS).send();
        f.tracker.flush();
        Connection c = f.only();
        assertEquals("unknown_transport", c.protoName());
        assertEquals(47, c.ipProto());
        assertEquals(0, c.origPort());
        assertEquals(0, c.respPort());
        assertEquals(" OTH -1 -1 1 1", summary(c));
    }

    @Test
    void udpTimesOutAfterAMinuteOfSilenceAndTheNextPacketStartsAnew() {
        Flows f = new Flows();
        f.udp(A, 33_000, B, 53, 10);
        f.after(59 * SECOND).udp(A, 33_000, B, 53, 10);
        f.after(60 * SECOND - MS).tick();
        assertTrue(f.removed.isEmpty(), "the second packet restarted the minute");
        f.after(MS).tick();
        assertEquals("D S0 20 0 2 0", summary(f.only()));
        f.after(SECOND).udp(A, 33_000, B, 53, 10);
        f.tracker.flush();
        assertEquals(2, f.removed.size());
    }

    @Test
    void timeoutsAreConfigurable() {
        Flows f = new Flows(ConnConfig.defaults().withInactivityTimeouts(Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(10)));
        f.udp(A, 33_000, B, 53, 10);
        f.after(10 * SECOND).tick();
        assertEquals(1, f.removed.size());
    }

    @Test
    void atTheCapTheLeastRecentlyActiveConnectionIsEvicted() {
        Flows f = new Flows(ConnConfig.defaults().withMaxConnections(3));
        f.udp(A, 1001, B, 7000, 1);
        f.after(MS).udp(A, 1002, B, 7000, 1);
        f.after(MS).udp(A, 1003, B, 7000, 1);
        f.after(MS).udp(A, 1001, B, 7000, 1); // 1001 is active again: 1002 is now the oldest
        f.after(MS).udp(A, 1004, B, 7000, 1);
        assertEquals(1, f.removed.size());
        assertEquals(1002, f.removed.get(0).origPort());
        assertEquals(List.of(Weirds.CONNECTION_TABLE_FULL), f.weirds);
        assertEquals(3, f.tracker.size());
        f.after(MS).udp(A, 1005, B, 7000, 1);
        assertEquals(1003, f.removed.get(1).origPort());
        assertEquals(2, f.tracker.evictions());
        f.tracker.flush();
        assertEquals(5, f.removed.size(), "every connection is written once: evicted or flushed");
    }

    /**
     * Evictions at the cap, the connection listing and the final flush follow the order of
     * last activity exactly, against a model (an access-ordered LinkedHashMap) over random
     * traffic: new ports, repeats of recent and of old ones, idle timeouts between.
     */
    @Test
    void evictionsListingAndFlushFollowLastActivityExactly() {
        for (long seed = 1; seed <= 5; seed++) {
            java.util.Random random = new java.util.Random(seed);
            int cap = 8 + random.nextInt(40);
            Flows f = new Flows(ConnConfig.defaults().withMaxConnections(cap));
            java.util.LinkedHashMap<Integer, Boolean> model = new java.util.LinkedHashMap<>(16, 0.75f, true);
            List<Integer> expectedEvicted = new ArrayList<>();
            int nextPort = 40_000; // ephemeral ports: none a service port that would flip the roles
            for (int packet = 0; packet < 5_000; packet++) {
                int port;
                int pick = random.nextInt(10);
                if (pick < 3 || model.isEmpty()) {
                    port = nextPort++;
                } else {
                    List<Integer> open = new ArrayList<>(model.keySet());
                    port = pick < 7 ? open.get(open.size() - 1 - random.nextInt(Math.min(4, open.size())))
                            : open.get(random.nextInt(open.size()));
                }
                if (!model.containsKey(port) && model.size() >= cap) {
                    Integer lru = model.keySet().iterator().next();
                    model.remove(lru);
                    expectedEvicted.add(lru);
                }
                model.put(port, Boolean.TRUE);
                f.after(MS).udp(A, port, B, 7000, 1);
                if (packet % 1_000 == 999) {
                    List<Integer> listed = new ArrayList<>();
                    f.tracker.forEach(c -> listed.add(c.origPort()));
                    assertEquals(new ArrayList<>(model.keySet()), listed, "listing, seed " + seed);
                }
            }
            List<Integer> evicted = f.removed.stream().map(Connection::origPort).toList();
            assertEquals(expectedEvicted, evicted, "evictions, seed " + seed);
            f.tracker.flush();
            List<Integer> flushed = f.removed.stream().skip(evicted.size()).map(Connection::origPort).toList();
            assertEquals(new ArrayList<>(model.keySet()), flushed, "flush order, seed " + seed);
        }
    }

    @Test
    void theFinalFlushRemovesTheLeastRecentlyActiveFirstAndLeavesATableThatStillWorks() {
        Flows f = new Flows();
        f.udp(A, 1001, B, 7000, 1);
        f.after(MS).udp(A, 1002, B, 7000, 1);
        f.after(MS).udp(A, 1003, B, 7000, 1);
        f.after(MS).udp(A, 1001, B, 7000, 1); // 1001 is active again: 1002 is now the oldest
        f.tracker.flush();
        assertEquals(List.of(1002, 1003, 1001), f.removed.stream().map(Connection::origPort).toList());
        assertEquals(List.of(2, 1, 0), f.stillOpen, "each removal is reported with the others still open");
        for (Connection c : f.removed) {
            assertTrue(c.removed, c.toString());
            assertEquals(Connection.NEVER, c.nextTimer, "no timer left: " + c);
        }
        assertEquals(0, f.tracker.size());
        f.tracker.forEach(c -> { throw new AssertionError("still listed after the flush: " + c); });
        f.after(MS).udp(A, 1001, B, 7000, 1); // a new connection, not one of the flushed
        assertEquals(1, f.tracker.size());
        f.after(61 * SECOND).tick();
        assertEquals(4, f.removed.size(), "and it times out as usual");
        assertEquals(1001, f.removed.get(3).origPort());
    }

    // --- fragments -------------------------------------------------------------------------------

    /** A UDP datagram A:5000 -> B:6000 with {@code len} payload bytes, as a whole frame. */
    private static byte[] datagram(Flows f, int id, int len) {
        byte[] payload = new byte[len];
        for (int i = 0; i < len; i++) {
            payload[i] = (byte) i;
        }
        f.fb.udp(Flows.SERVER_MAC, Flows.CLIENT_MAC, id, 64, FrameBuilder.ip(A), FrameBuilder.ip(B), 5000, 6000,
                payload, 0, len);
        return java.util.Arrays.copyOf(f.fb.buffer(), f.fb.length());
    }

    /** The IP payload bytes [from, to) of {@code whole} as a fragment frame. */
    private static byte[] fragment(byte[] whole, int from, int to, boolean more, boolean df) {
        byte[] frame = new byte[14 + 20 + (to - from)];
        System.arraycopy(whole, 0, frame, 0, 34);
        System.arraycopy(whole, 34 + from, frame, 34, to - from);
        int total = 20 + to - from;
        frame[16] = (byte) (total >>> 8);
        frame[17] = (byte) total;
        int flags = (from / 8) | (more ? 0x2000 : 0) | (df ? 0x4000 : 0);
        frame[20] = (byte) (flags >>> 8);
        frame[21] = (byte) flags;
        frame[24] = 0;
        frame[25] = 0;
        int sum = FrameBuilder.internetChecksum(frame, 14, 20);
        frame[24] = (byte) (sum >>> 8);
        frame[25] = (byte) sum;
        return frame;
    }

    @Test
    void fragmentsAreReassembledIntoOneDatagram() {
        Flows f = new Flows();
        byte[] whole = datagram(f, 0x1234, 3000); // 3008 bytes of IP payload
        f.send(fragment(whole, 1480, 2960, true, false), 14 + 20 + 1480);
        f.after(MS).send(fragment(whole, 0, 1480, true, false), 14 + 20 + 1480);
        assertTrue(f.events.isEmpty(), "nothing until the datagram is whole");
        f.after(MS).send(fragment(whole, 2960, 3008, false, false), 14 + 20 + 48);
        f.tracker.flush();
        assertEquals("D S0 3000 0 1 0", summary(f.only()));
        assertEquals(3028, f.only().origIpBytes(), "the reassembled datagram's IP length");
        assertEquals(List.of(), f.weirds);
        assertEquals(0, f.tracker.pendingFragments());
    }

    @Test
    void overlapsAndOddFragmentsAreWeirds() {
        Flows f = new Flows();
        byte[] whole = datagram(f, 0x99, 200);
        f.send(fragment(whole, 0, 104, true, false), 14 + 20 + 104);
        f.send(fragment(whole, 0, 104, true, false), 14 + 20 + 104);            // same bytes again
        byte[] changed = fragment(whole, 96, 208, false, true);
        changed[34] ^= 1;                                                       // byte 96 differs
        f.send(changed, changed.length);
        assertEquals(List.of(Weirds.FRAGMENT_OVERLAP, Weirds.FRAGMENT_WITH_DF, Weirds.FRAGMENT_INCONSISTENCY), f.weirds);
        assertEquals(1, f.events.stream().filter(e -> e.startsWith("udp")).count(), "reassembled, first bytes win");
    }

    @Test
    void incompleteDatagramsTimeOutAndTheCapsHold() {
        Flows f = new Flows(ConnConfig.defaults().withFragmentLimits(Duration.ofSeconds(30), 65_535, 2));
        byte[] one = datagram(f, 1, 200);
        f.send(fragment(one, 0, 104, true, false), 14 + 20 + 104);
        f.after(30 * SECOND).tick();
        assertEquals(List.of(Weirds.FRAGMENT_REASSEMBLY_TIMEOUT), f.weirds);
        assertEquals(0, f.tracker.pendingFragments());
        f.weirds.clear();
        for (int id = 10; id < 13; id++) {
            byte[] d = datagram(f, id, 200);
            f.send(fragment(d, 0, 104, true, false), 14 + 20 + 104);
        }
        assertEquals(List.of(Weirds.FRAGMENT_REASSEMBLY_OVERFLOW), f.weirds, "two may wait; the oldest goes");
        assertEquals(2, f.tracker.pendingFragments());
    }

    /** An IPv4 fragment of datagram {@code id} (A -> B) carrying {@code len} zero bytes at {@code offset}. */
    private static byte[] rawFragment(Flows f, int id, int proto, int offset, int len, boolean more) {
        f.fb.ipv4(Flows.SERVER_MAC, Flows.CLIENT_MAC, id, 64, proto, FrameBuilder.ip(A), FrameBuilder.ip(B),
                new byte[len], 0, len);
        byte[] frame = java.util.Arrays.copyOf(f.fb.buffer(), f.fb.length());
        int flags = (offset / 8) | (more ? 0x2000 : 0);
        frame[20] = (byte) (flags >>> 8);
        frame[21] = (byte) flags;
        frame[24] = 0;
        frame[25] = 0;
        int sum = FrameBuilder.internetChecksum(frame, 14, 20);
        frame[24] = (byte) (sum >>> 8);
        frame[25] = (byte) sum;
        return frame;
    }

    @Test
    void everyConnectionWeirdIsRaisedHere() {
        Set<String> raised = new TreeSet<>();
        raised.addAll(weirdsOf(this::aBadIpHeaderChecksumDropsThePacket));
        raised.addAll(weirdsOf(this::aBadUdpChecksumIsCAndNotCounted));
        raised.addAll(weirdsOf(this::aBadIcmpChecksumIsAWeirdAndNotCounted));
        raised.addAll(weirdsOf(this::atTheCapTheLeastRecentlyActiveConnectionIsEvicted));
        raised.addAll(weirdsOf(this::overlapsAndOddFragmentsAreWeirds));
        raised.addAll(weirdsOf(this::incompleteDatagramsTimeOutAndTheCapsHold));

        Flows f = new Flows();
        f.fb.tcp(Flows.SERVER_MAC, Flows.CLIENT_MAC, 1, 64, FrameBuilder.ip(A), FrameBuilder.ip(B), 40_000, 80,
                1000, 0, FrameBuilder.TCP_SYN, 1024, new byte[0], 0, 0);
        f.fb.buffer()[14 + 20 + 17] ^= 0x01;
        f.send();
        byte[] a = datagram(f, 5, 200);
        f.send(fragment(a, 0, 16, true, false), 14 + 20 + 16);                  // excessively small
        f.send(fragment(a, 16, 208, false, false), 14 + 20 + 192);
        byte[] b = datagram(f, 6, 200);
        f.send(fragment(b, 104, 208, false, false), 14 + 20 + 104);
        f.send(fragment(b, 104, 200, false, false), 14 + 20 + 96);             // a second, shorter end
        byte[] udpPart = rawFragment(f, 7, 17, 104, 104, false);
        f.send(udpPart, udpPart.length);
        byte[] tcpPart = rawFragment(f, 7, 6, 0, 104, true);                   // same id, other protocol
        f.send(tcpPart, tcpPart.length);
        byte[] big = rawFragment(f, 8, 17, 64_000, 8, true);                   // reaches past 64000
        f.send(big, big.length);
        raised.addAll(f.weirds);

        Set<String> expected = new TreeSet<>(Weirds.connectionWeirds());
        raised.retainAll(expected); // decoders may add their own about the odd datagrams
        assertEquals(expected, raised);
    }

    private static List<String> weirdsOf(Runnable test) {
        List<String> all = new ArrayList<>();
        RECORD.set(all);
        try {
            test.run();
        } finally {
            RECORD.remove();
        }
        return all;
    }

    /** While {@link #weirdsOf} runs a test, every Flows it creates reports its weirds here. */
    static final ThreadLocal<List<String>> RECORD = new ThreadLocal<>();

    @Test
    void aPacketOfAKnownFlowAllocatesNothing() {
        Flows f = new Flows();
        byte[] udp = datagram(f, 1, 10);
        f.tcp(A, 40_000, "192.0.2.1", 80, 1000, 0, FrameBuilder.TCP_SYN, 0);
        f.tcp("192.0.2.1", 80, A, 40_000, 5000, 1001, FrameBuilder.TCP_SYN | FrameBuilder.TCP_ACK, 0);
        f.tcp(A, 40_000, "192.0.2.1", 80, 1001, 5001, FrameBuilder.TCP_ACK, 0);
        byte[] ack = java.util.Arrays.copyOf(f.fb.buffer(), f.fb.length());
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        long thread = Thread.currentThread().getId();
        f.quiet = true;
        for (int i = 0; i < 20_000; i++) { // warm up, so the JIT's escape analysis has run
            f.after(MS / 10).send(udp, udp.length);
            f.send(ack, ack.length);
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 10_000; i++) {
            f.after(MS / 10).send(udp, udp.length);
            f.send(ack, ack.length);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(allocated < 20_000, "allocated " + allocated + " bytes for 20000 packets of known flows");
        assertEquals(2, f.tracker.size());
    }
}
