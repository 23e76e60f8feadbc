package dev.tattler.engine;

import dev.tattler.decode.Addresses;
import dev.tattler.event.Times;
import dev.tattler.testing.DecodedFrames;
import dev.tattler.testing.SharedCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code EventEngine.lastSeen}: the time of each source address's last packet, IPv4 and IPv6,
 * during the run (each packet's destination, as of that packet) and at its end, with the tables
 * kept by the engine and by a read-ahead thread.
 */
class LastSeenTest {
    @TempDir
    Path dir;

    @Test
    void everySourceIsSeenAtItsLastPacket() throws Exception {
        for (String name : List.of("zeek/testing/btest/Traces/wikipedia-filtered-plus-udp.pcap",
                "zeek/testing/btest/Traces/communityid/ipv6.pcap")) {
            Path capture = SharedCorpus.file(name);
            Map<String, Double> expected = lastPacketBySource(capture);
            List<String> expectedDuring = destinationsLastSeen(capture);
            assertTrue(expected.size() > 1, name);
            for (boolean readAhead : new boolean[] {false, true}) {
                String what = name + TrackedRun.describe(readAhead);
                TrackedRun run = new TrackedRun(dir, readAhead);
                EventEngine engine = run.engine;
                assertNull(engine.lastSeen("10.0.0.1"), "nothing before tracking starts");
                run.track();
                List<String> during = new ArrayList<>();
                run.duringEachPacket(p -> {
                    if (p.src != null) {
                        assertEquals(p.ts, engine.lastSeen(p.src), what + ": the packet's own source, now");
                        during.add(p.number + " " + p.dst + " " + engine.lastSeen(p.dst));
                    }
                });
                run.run(capture);
                assertEquals(expectedDuring, during, what + ": each packet's destination, as a source until then");
                for (Map.Entry<String, Double> e : expected.entrySet()) {
                    assertEquals(e.getValue(), engine.lastSeen(e.getKey()), what + ": " + e.getKey());
                }
                assertNull(engine.lastSeen("192.0.2.77"), "a host that sent nothing");
                assertThrows(IllegalArgumentException.class, () -> engine.lastSeen("not-an-address"));
            }
        }
    }

    /** The oracle during the run: at each IP packet, when its destination last sent one (up to and including it). */
    private static List<String> destinationsLastSeen(Path capture) throws Exception {
        Map<String, Double> last = new HashMap<>();
        List<String> lines = new ArrayList<>();
        DecodedFrames.each(capture, (record, view) -> {
            if (view.ipVersion() != 0 && view.ipSrc() >= 0) {
                last.put(Addresses.ip(view.data(), view.ipSrc(), view.ipVersion()), Times.seconds(record.timestampNanos));
                String dst = Addresses.ip(view.data(), view.ipDst(), view.ipVersion());
                lines.add(record.number + " " + dst + " " + last.get(dst));
            }
        });
        return lines;
    }

    /** The oracle: every frame decoded on its own, the source's latest timestamp kept. */
    private static Map<String, Double> lastPacketBySource(Path capture) throws Exception {
        Map<String, Double> last = new HashMap<>();
        DecodedFrames.each(capture, (record, view) -> {
            if (view.ipVersion() != 0 && view.ipSrc() >= 0) {
                last.merge(Addresses.ip(view.data(), view.ipSrc(), view.ipVersion()),
                        Times.seconds(record.timestampNanos), Math::max);
            }
        });
        return last;
    }
}
