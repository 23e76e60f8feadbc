package dev.tattler.conn;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PacketRecord;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.generate.FrameBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The threshold passes exactly the packets a plain sliding window per host says cross it, once
 * per host, by source or destination, past its first table size; reset lets a host cross again;
 * at its bound it forgets quiet hosts and counts what it could not track.
 */
class HostThresholdTest {
    private final FrameBuilder fb = new FrameBuilder();
    private final PacketDecoder decoder = new PacketDecoder((n, a, v) -> { });
    private final PacketView view = new PacketView();
    private final PacketRecord record = new PacketRecord();
    private final byte[] payload = new byte[8];

    private PacketView udp(int src, int dst, long nanos) {
        int len = fb.udp(1, 2, 0, 64, src, dst, 1000, 138, payload, 0, payload.length);
        record.set(fb.buffer(), 0, len, len, nanos, LinkTypes.ETHERNET, 0);
        decoder.decode(record, view);
        return view;
    }

    private static String text(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
    }

    @Test
    void passesWhatASlidingWindowPerHostSaysCrossesOncePerHost() {
        for (boolean bySource : new boolean[] {true, false}) {
            int count = 7;
            long within = 2_000_000_000L;
            HostThreshold t = new HostThreshold(count, within, bySource);
            Map<Integer, ArrayDeque<Long>> windows = new HashMap<>();
            Map<Integer, Long> crossed = new HashMap<>();
            Random random = new Random(42);
            int base = FrameBuilder.ip("10.9.0.0");
            long now = 1_700_000_000_000_000_000L;
            List<Integer> passed = new ArrayList<>();
            List<Integer> expected = new ArrayList<>();
            int nearest = 0;
            for (int i = 0; i < 200_000; i++) {
                now += random.nextInt(2_000_000); // up to 2 ms apart
                // 30% from 40 busy hosts, which cross; the rest from 3,000 (past the first table
                // size, 1,024 slots), which come close at times but do not
                int host = base + (random.nextInt(10) < 3 ? random.nextInt(40) : 40 + random.nextInt(3000));
                int other = base + 60_000 + random.nextInt(50);
                int src = bySource ? host : other;
                int dst = bySource ? other : host;
                if (t.pass(udp(src, dst, now))) {
                    passed.add(host);
                }
                if (!crossed.containsKey(host)) {
                    ArrayDeque<Long> w = windows.computeIfAbsent(host, k -> new ArrayDeque<>());
                    w.addLast(now);
                    while (now - w.peekFirst() > within) {
                        w.removeFirst();
                    }
                    if (w.size() >= count) {
                        crossed.put(host, w.peekFirst());
                        expected.add(host);
                    } else if (host >= base + 40) {
                        nearest = Math.max(nearest, w.size());
                    }
                }
            }
            assertFalse(expected.isEmpty(), "the draw makes some hosts cross");
            assertTrue(expected.size() < 3000, "and leaves others below");
            assertTrue(nearest >= count - 2, "some came close: " + nearest);
            assertEquals(expected, passed, "by " + (bySource ? "source" : "destination"));
            for (Map.Entry<Integer, Long> e : crossed.entrySet()) {
                assertEquals(e.getValue(), t.crossedAt(text(e.getKey())), "first packet of the count");
            }
            assertEquals(-1, t.crossedAt(text(base + 60_000)), bySource ? "a destination only" : "a source only");
        }
    }

    @Test
    void resetLetsAHostCrossAgain() {
        HostThreshold t = new HostThreshold(3, 1_000_000_000L, true);
        int a = FrameBuilder.ip("192.0.2.7");
        int b = FrameBuilder.ip("192.0.2.255");
        long s = 1_000_000_000L;
        assertFalse(t.pass(udp(a, b, s)));
        assertFalse(t.pass(udp(a, b, s + 1)));
        assertTrue(t.pass(udp(a, b, s + 2)));
        assertFalse(t.pass(udp(a, b, s + 3)), "once per host");
        assertEquals(s, t.crossedAt("192.0.2.7"));
        assertTrue(t.reset("192.0.2.7"));
        assertEquals(-1, t.crossedAt("192.0.2.7"));
        assertFalse(t.pass(udp(a, b, s + 4)));
        assertFalse(t.pass(udp(a, b, s + 5)));
        assertTrue(t.pass(udp(a, b, s + 6)), "counted afresh after the reset");
        assertEquals(s + 4, t.crossedAt("192.0.2.7"));
        assertFalse(t.reset("192.0.2.8"), "never counted");
        assertThrows(IllegalArgumentException.class, () -> t.crossedAt("not an address"));
    }

    @Test
    void packetsSpreadWiderThanTheWindowNeverCross() {
        HostThreshold t = new HostThreshold(3, 1_000_000_000L, true);
        int a = FrameBuilder.ip("192.0.2.7");
        int b = FrameBuilder.ip("192.0.2.1");
        for (int i = 0; i < 100; i++) {
            assertFalse(t.pass(udp(a, b, i * 600_000_000L)), "3 packets span 1.2 s > 1 s");
        }
    }

    @Test
    void atItsBoundItForgetsQuietHostsAndCountsTheUntracked() {
        HostThreshold t = new HostThreshold(HostThreshold.MAX_COUNT, 1_000_000_000L, true);
        int max = t.maxHosts();
        int base = FrameBuilder.ip("10.0.0.0");
        int dst = FrameBuilder.ip("192.0.2.1");
        for (int i = 0; i < max; i++) {
            t.pass(udp(base + i, dst, 1_000_000L * i));
        }
        assertEquals(max, t.size());
        long late = 1_000_000L * max + 900_000_000L; // within a second of the newest hosts only
        t.pass(udp(base + max, dst, late));
        assertEquals(max - 156 + 1, t.size(), "hosts quiet for a second forgotten (the first 156), the new one counted");
        assertEquals(0, t.untracked(), "the quiet hosts made room");
        for (int i = 0; i < max * 2; i++) {
            t.pass(udp(base + max + 1 + i, dst, late + i)); // all active: after one sweep, no more room
        }
        assertTrue(t.untracked() > 0, "new hosts left uncounted are counted as such");
        assertTrue(t.size() <= max);
    }
}
