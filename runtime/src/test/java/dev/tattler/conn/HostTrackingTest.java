package dev.tattler.conn;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PacketRecord;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.event.LastPacket;
import dev.tattler.event.Times;
import dev.tattler.generate.FrameBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host tables answer as of any frame the keeping thread has passed, within how far it may
 * run ahead: lastSeen and lastPacket at every frame T, with the tables already ahead of T,
 * checked against an oracle that keeps only the frames up to T; the same with the tables kept
 * on another thread while the answers are asked; the sequence lock's two sides on their own
 * (the keeping thread holds the version odd while it writes, a query waits while it is odd),
 * which the threaded check can only catch by chance; and the tables growing past their first
 * size.
 */
class HostTrackingTest {
    private static final String[] PROTOS = {"udp", "tcp", "icmp"};
    private static final int HOSTS = 6;

    /** One generated frame: what the oracle needs. */
    private record Frame(long number, long nanos, int src, int dst, int proto, int sport, int dport) {
    }

    @Test
    void answersAsOfEveryFrameWhileTheTablesAreAhead() {
        List<Frame> frames = frames(3000, 7);
        for (int ahead : new int[] {1, 64, 2049}) {
            HostTracking tracking = HostTracking.ahead(ahead);
            Feeder feeder = new Feeder(frames, tracking);
            for (int t = 0; t <= frames.size(); t++) {
                feeder.feedUpTo(Math.min(frames.size(), t + ahead)); // as far ahead as it may run
                checkAt(tracking, frames, t, "ahead " + ahead);
            }
        }
    }

    @Test
    void answersWhileAnotherThreadKeepsTheTables() throws Exception {
        List<Frame> frames = frames(40_000, 11);
        int ahead = 512;
        HostTracking tracking = HostTracking.ahead(ahead);
        AtomicLong handled = new AtomicLong(); // the engine's frame: the keeper stays within `ahead` of it
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong recorded = new AtomicLong();
        Thread keeper = new Thread(() -> {
            try {
                Feeder feeder = new Feeder(frames, tracking);
                for (int n = 1; n <= frames.size(); n++) {
                    while (n > handled.get() + ahead) {
                        Thread.onSpinWait();
                    }
                    feeder.feedUpTo(n);
                    recorded.set(n);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        keeper.start();
        Random random = new Random(5);
        int checked = 0;
        for (int t = 1; t <= frames.size(); t++) {
            while (recorded.get() < t && failure.get() == null) {
                Thread.onSpinWait();
            }
            if (random.nextInt(8) == 0) { // a query now and then, as scripts ask
                checkAt(tracking, frames, t, "threads");
                checked++;
            }
            handled.set(t);
        }
        keeper.join();
        assertNull(failure.get());
        assertTrue(checked > 1000, "queries asked: " + checked);
    }

    @Test
    void theKeepingThreadHoldsTheVersionOddWhileItWrites() {
        List<Frame> frames = frames(200, 3);
        HostTracking shared = HostTracking.ahead(256);
        HostTracking inline = HostTracking.inline();
        Feeder toShared = new Feeder(frames, shared);
        Feeder toInline = new Feeder(frames, inline);
        for (int n = 1; n <= frames.size(); n++) {
            long before = shared.version();
            toShared.feedUpTo(n);
            assertEquals(before + 2, shared.version(), "frame " + n + ": odd while written, even after");
            toInline.feedUpTo(n);
            assertEquals(0, inline.version(), "frame " + n + ": no version moves, and no fences, on the engine's own thread");
        }
    }

    @Test
    void aQueryWaitsUntilTheTablesHoldAWholeFrame() throws Exception {
        List<Frame> frames = frames(300, 9);
        HostTracking tracking = HostTracking.ahead(512);
        new Feeder(frames, tracking).feedUpTo(frames.size());
        long through = frames.size();
        long latest = frames.get(frames.size() - 1).nanos();
        long seen = tracking.lastSeen(host(1), through);
        String last = describe(tracking.lastPacket(host(1), host(2), null, through, latest));
        assertTrue(seen > 0 && !last.equals("none"), "the hosts talked: " + seen + ", " + last);
        tracking.beginChange(); // as the keeping thread does before it writes
        AtomicLong seenMeanwhile = new AtomicLong(-2);
        AtomicReference<String> lastMeanwhile = new AtomicReference<>();
        Thread query = new Thread(() -> {
            seenMeanwhile.set(tracking.lastSeen(host(1), through));
            lastMeanwhile.set(describe(tracking.lastPacket(host(1), host(2), null, through, latest)));
        });
        query.setDaemon(true); // a query that never returns must not keep the test JVM alive
        query.start();
        query.join(200);
        assertTrue(query.isAlive(), "a query answered while the tables were being changed");
        assertEquals(-2, seenMeanwhile.get());
        tracking.endChange();
        query.join(10_000);
        assertEquals(seen, seenMeanwhile.get(), "lastSeen once the change is over");
        assertEquals(last, lastMeanwhile.get(), "lastPacket once the change is over");
    }

    @Test
    void aKeeperFurtherAheadThanAllowedIsCaught() {
        List<Frame> frames = new ArrayList<>();
        for (int n = 1; n <= 40; n++) {
            frames.add(new Frame(n, n * 1_000_000L, 0, 1, 0, 1000, 53));
        }
        HostTracking tracking = HostTracking.ahead(4);
        new Feeder(frames, tracking).feedUpTo(40);
        assertThrows(IllegalStateException.class, () -> tracking.lastPacket(host(0), host(1), "udp", 2, 2_000_000L));
        assertThrows(IllegalStateException.class, () -> tracking.lastSeen(host(0), 2));
    }

    @Test
    void keepsTheLatestTimeOfThousandsOfSources() {
        HostTracking tracking = HostTracking.inline();
        FrameBuilder fb = new FrameBuilder();
        PacketDecoder decoder = new PacketDecoder((n, a, v) -> { });
        PacketView view = new PacketView();
        PacketRecord record = new PacketRecord();
        byte[] payload = new byte[8];
        int n = 5000;
        long number = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                int len = fb.udp(1, 2, i, 64, FrameBuilder.ip("10.1.0.0") + i, FrameBuilder.ip("10.2.0.1"), 1000, 53,
                        payload, 0, payload.length);
                record.set(fb.buffer(), 0, len, len, 1_000_000L * (round * n + i), LinkTypes.ETHERNET, 0);
                record.number = ++number;
                decoder.decode(record, view);
                tracking.record(view);
            }
        }
        for (int i = 0; i < n; i += 97) {
            int a = FrameBuilder.ip("10.1.0.0") + i;
            String text = (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
            assertEquals(1_000_000L * (n + i), tracking.lastSeen(text, number), text);
            LastPacket p = tracking.lastPacket(text, "10.2.0.1", "udp", number, 1_000_000L * (2 * n));
            assertEquals(n + i + 1, p.number, text);
        }
        assertEquals(-1, tracking.lastSeen("10.2.0.1", number), "a destination only");
    }

    /** Compares every host's and every pair's answer as of frame {@code t} with the frames up to it. */
    private static void checkAt(HostTracking tracking, List<Frame> frames, int t, String what) {
        long latest = Long.MIN_VALUE;
        long[] seen = new long[HOSTS];
        java.util.Arrays.fill(seen, -1);
        Frame[][][] last = new Frame[HOSTS][HOSTS][PROTOS.length];
        for (int i = 0; i < t; i++) {
            Frame f = frames.get(i);
            latest = Math.max(latest, f.nanos);
            seen[f.src] = f.nanos;
            last[f.src][f.dst][f.proto] = f;
        }
        for (int s = 0; s < HOSTS; s++) {
            assertEquals(seen[s], tracking.lastSeen(host(s), t), what + ": lastSeen " + s + " at " + t);
            for (int d = 0; d < HOSTS; d++) {
                Frame any = null;
                for (int k = 0; k < PROTOS.length; k++) {
                    Frame f = fresh(last[s][d][k], latest);
                    assertEquals(describe(f), describe(tracking.lastPacket(host(s), host(d), PROTOS[k], t, latest)),
                            what + ": " + s + ">" + d + " " + PROTOS[k] + " at " + t);
                    if (f != null && (any == null || f.number > any.number)) {
                        any = f;
                    }
                }
                assertEquals(describe(any), describe(tracking.lastPacket(host(s), host(d), null, t, latest)),
                        what + ": " + s + ">" + d + " at " + t);
            }
        }
    }

    private static Frame fresh(Frame f, long latest) {
        return f != null && latest - f.nanos <= HostTracking.horizonNanos() ? f : null;
    }

    private static String describe(Frame f) {
        return f == null ? "none" : f.number + " " + Times.seconds(f.nanos) + " " + PROTOS[f.proto]
                + " " + (f.proto == 2 ? null : f.sport) + " " + (f.proto == 2 ? null : f.dport);
    }

    private static String describe(LastPacket p) {
        return p == null ? "none" : p.number + " " + p.ts + " " + p.proto + " " + p.sport + " " + p.dport;
    }

    private static String host(int i) {
        return "10.0.0." + (i + 1);
    }

    /**
     * Frames among a few hosts and three protocols, mostly milliseconds apart with gaps of
     * minutes now and then, so that pairs go stale (five minutes) and come back.
     */
    private static List<Frame> frames(int count, long seed) {
        Random r = new Random(seed);
        List<Frame> frames = new ArrayList<>();
        long nanos = 1_700_000_000_000_000_000L;
        for (int n = 1; n <= count; n++) {
            nanos += r.nextInt(50) == 0 ? r.nextInt(400) * 1_000_000_000L : r.nextInt(3_000_000);
            int src = r.nextInt(HOSTS);
            int dst = (src + 1 + r.nextInt(HOSTS - 1)) % HOSTS;
            frames.add(new Frame(n, nanos, src, dst, r.nextInt(PROTOS.length), 1024 + r.nextInt(4), 53 + r.nextInt(3)));
        }
        return frames;
    }

    /** Builds, decodes and records the frames in order, as the reading thread does. */
    private static final class Feeder {
        private final List<Frame> frames;
        private final HostTracking tracking;
        private final FrameBuilder fb = new FrameBuilder();
        private final PacketDecoder decoder = new PacketDecoder((n, a, v) -> { });
        private final PacketView view = new PacketView();
        private final PacketRecord record = new PacketRecord();
        private final byte[] payload = new byte[16];
        private int next;

        Feeder(List<Frame> frames, HostTracking tracking) {
            this.frames = frames;
            this.tracking = tracking;
        }

        void feedUpTo(int count) {
            for (; next < count; next++) {
                Frame f = frames.get(next);
                int src = FrameBuilder.ip(host(f.src));
                int dst = FrameBuilder.ip(host(f.dst));
                int len = switch (f.proto) {
                    case 0 -> fb.udp(1, 2, next, 64, src, dst, f.sport, f.dport, payload, 0, payload.length);
                    case 1 -> fb.tcp(1, 2, next, 64, src, dst, f.sport, f.dport, 1, 0, 0x02, 1024, payload, 0, 0);
                    default -> fb.icmpEcho(1, 2, next, 64, src, dst, false, 7, next, payload, 0, payload.length);
                };
                record.set(fb.buffer(), 0, len, len, f.nanos, LinkTypes.ETHERNET, 0);
                record.number = f.number;
                decoder.decode(record, view);
                tracking.record(view);
            }
        }
    }
}
