package dev.tattler.engine;

import dev.tattler.decode.Addresses;
import dev.tattler.event.EventBus;
import dev.tattler.event.LastPacket;
import dev.tattler.event.PacketInfo;
import dev.tattler.generate.BenchScenario;
import dev.tattler.generate.LanScenario;
import dev.tattler.log.Reporter;
import dev.tattler.testing.DecodedFrames;
import dev.tattler.testing.SharedCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code EventEngine.lastPacket}: during each packet's handlers, what its source last sent its
 * destination before it (of any protocol, and of the packet's own protocol), checked for every packet against an oracle that decodes the capture
 * frame by frame and keeps a map of pairs; IPv4 and IPv6, pairs forgotten after five idle
 * minutes, and a table that grows and sweeps.
 */
class LastPacketTest {
    private static final long HORIZON = 300_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void corpusCaptures() throws Exception {
        for (String name : List.of("zeek/testing/btest/Traces/wikipedia-filtered-plus-udp.pcap",
                "zeek/testing/btest/Traces/communityid/ipv6.pcap", "packets/ip_frag_source.pcapng")) {
            check(SharedCorpus.file(name));
        }
    }

    @Test
    void pairsIdleForFiveMinutesAreForgotten() throws Exception {
        Path capture = dir.resolve("lan.pcap");
        LanScenario.write(capture, 5, LanScenario.Options.defaults().withDuration(Duration.ofMinutes(20)));
        Counts c = check(capture);
        assertTrue(c.expired > 0, "the capture has pairs idle for more than five minutes: " + c.expired);
    }

    @Test
    void manyPairsGrowTheTable() throws Exception {
        Path capture = dir.resolve("bench.pcap");
        BenchScenario.write(capture, 60_000, 3);
        Counts c = check(capture);
        assertTrue(c.pairs > 1024, "more pairs than two growths of the table make room for: " + c.pairs);
    }

    @Test
    void malformedAddressesAreRefused() throws Exception {
        EventEngine engine = engine();
        assertNull(engine.lastPacket("10.0.0.1", "10.0.0.2", null), "nothing before tracking starts");
        engine.trackHostActivity();
        assertNull(engine.lastPacket("10.0.0.1", "10.0.0.2", "udp"));
        assertThrows(IllegalArgumentException.class, () -> engine.lastPacket("10.0.0.1", "not-an-address", null));
        assertThrows(IllegalArgumentException.class, () -> engine.lastPacket("10.0.0", "10.0.0.2", null));
        assertThrows(IllegalArgumentException.class, () -> engine.lastPacket("10.0.0.1", "10.0.0.2", "sctp"));
    }

    private static final class Counts {
        int pairs;
        int expired;
        int answered;
    }

    /** The oracle's previous packet per frame, null where none (or too old); compared frame by frame. */
    private Counts check(Path capture) throws Exception {
        List<String> expected = new ArrayList<>(); // per IP frame: "number: previous number proto sport dport"
        Counts counts = new Counts();
        Map<String, Object[]> last = new HashMap<>(); // "src>dst" -> {nanos, "number proto sport dport"}
        DecodedFrames.each(capture, (record, view) -> {
            if (view.ipVersion() == 0 || view.ipSrc() < 0) {
                return;
            }
            String pair = Addresses.ip(view.data(), view.ipSrc(), view.ipVersion()) + ">"
                    + Addresses.ip(view.data(), view.ipDst(), view.ipVersion());
            PacketInfo p = new PacketInfo(view);
            String proto = p.proto.equals("udp") || p.proto.equals("tcp") || p.proto.startsWith("icmp") ? p.proto : "ip";
            StringBuilder line = new StringBuilder().append(record.number);
            for (String key : new String[] {pair, pair + " " + proto}) {
                Object[] before = last.get(key);
                String previous = "none";
                if (before != null && record.timestampNanos - (long) before[0] <= HORIZON) {
                    previous = (String) before[1];
                } else if (before != null && key == pair) {
                    counts.expired++;
                }
                line.append(": ").append(previous);
                last.put(key, new Object[] {record.timestampNanos, p.number + " " + proto + " " + p.sport + " " + p.dport});
            }
            expected.add(line.toString());
        });
        counts.pairs = (int) last.keySet().stream().filter(k -> !k.contains(" ")).count();

        for (boolean readAhead : new boolean[] {false, true}) {
            String what = capture + TrackedRun.describe(readAhead);
            List<String> actual = answers(capture, readAhead, counts);
            assertEquals(expected.size(), actual.size(), what + ": IP frames");
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), actual.get(i), what + ": the packet before");
            }
        }
        assertTrue(counts.answered > 0, capture + ": some packets had one before them");
        return counts;
    }

    /**
     * What lastPacket answers during each IP packet's handlers, with the tables kept by the
     * engine, or by a read-ahead thread running ahead of it (as {@code tattler run} does with
     * scripts on two cores).
     */
    private List<String> answers(Path capture, boolean readAhead, Counts counts) throws Exception {
        TrackedRun run = new TrackedRun(dir, readAhead);
        EventEngine engine = run.engine;
        run.track();
        List<String> actual = new ArrayList<>();
        run.duringEachPacket(p -> {
            if (p.src == null) {
                return;
            }
            LastPacket any = engine.lastPacket(p.src, p.dst, null);
            LastPacket same = engine.lastPacket(p.src, p.dst,
                    p.proto.equals("udp") || p.proto.equals("tcp") || p.proto.startsWith("icmp") ? p.proto : "ip");
            actual.add(p.number + ": " + describe(any) + ": " + describe(same));
            if (any != null) {
                counts.answered++;
                assertTrue(any.ts <= p.ts, "the previous packet is not later: " + p);
            }
        });
        run.run(capture);
        return actual;
    }

    private static String describe(LastPacket p) {
        return p == null ? "none" : p.number + " " + p.proto + " " + p.sport + " " + p.dport;
    }

    private EventEngine engine() throws java.io.IOException {
        return new EventEngine(EngineConfig.defaults(dir), new EventBus((e, h, x) -> { }), quietReporter());
    }

    private static Reporter quietReporter() {
        return new Reporter(new PrintStream(new ByteArrayOutputStream()));
    }
}
