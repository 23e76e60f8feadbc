package dev.tattler.engine;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketSource;
import dev.tattler.decode.Addresses;
import dev.tattler.event.EventBus;
import dev.tattler.event.Times;
import dev.tattler.log.Reporter;
import dev.tattler.testing.DecodedFrames;
import dev.tattler.testing.SharedCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code EventEngine.lastSeen}: the time of each source address's last packet, IPv4 and IPv6. */
class LastSeenTest {
    @TempDir
    Path dir;

    @Test
    void everySourceIsSeenAtItsLastPacket() throws Exception {
        for (String name : List.of("zeek/testing/btest/Traces/wikipedia-filtered-plus-udp.pcap",
                "zeek/testing/btest/Traces/communityid/ipv6.pcap")) {
            Path capture = SharedCorpus.file(name);
            Map<String, Double> expected = lastPacketBySource(capture);
            assertTrue(expected.size() > 1, name);
            EventEngine engine = new EventEngine(EngineConfig.defaults(dir), new EventBus((e, h, x) -> { }),
                    new Reporter(new PrintStream(new ByteArrayOutputStream())));
            assertNull(engine.lastSeen("10.0.0.1"), "nothing before tracking starts");
            engine.trackHostActivity();
            try (PacketSource source = CaptureFiles.open(capture)) {
                engine.run(source);
            }
            engine.finish();
            for (Map.Entry<String, Double> e : expected.entrySet()) {
                assertEquals(e.getValue(), engine.lastSeen(e.getKey()), name + ": " + e.getKey());
            }
            assertNull(engine.lastSeen("192.0.2.77"), "a host that sent nothing");
            assertThrows(IllegalArgumentException.class, () -> engine.lastSeen("not-an-address"));
        }
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
