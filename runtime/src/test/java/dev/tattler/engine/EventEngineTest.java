package dev.tattler.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tattler.event.BroadcastInfo;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventType;
import dev.tattler.event.PacketInfo;
import dev.tattler.event.WeirdInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's contract with handlers: events are published (and their objects built) only when
 * subscribed, one packet snapshot serves every event of that packet, a failing handler does not
 * stop the loop, and a capture cut inside a record becomes a weird.
 */
class EventEngineTest {
    /** 114 packets: ARP, DHCP, NetBIOS to directed and limited broadcasts. */
    private static final String EAPON1 = "tcpdump/tests/eapon1.pcap";

    @TempDir
    Path dir;

    private static Map<EventType, Long> dispatched(EventBus bus) {
        Map<EventType, Long> m = new EnumMap<>(EventType.class);
        for (EventType t : EventType.values()) {
            m.put(t, bus.dispatched(t));
        }
        return m;
    }

    private static Map<EventType, Long> only(Object... typeAndCount) {
        Map<EventType, Long> m = new EnumMap<>(EventType.class);
        for (EventType t : EventType.values()) {
            m.put(t, 0L);
        }
        for (int i = 0; i < typeAndCount.length; i += 2) {
            m.put((EventType) typeAndCount[i], ((Number) typeAndCount[i + 1]).longValue());
        }
        return m;
    }

    @Test
    void withNothingSubscribedNoPacketEventIsPublished() throws IOException {
        List<String> failures = new ArrayList<>();
        EventBus bus = Corpus.bus(failures);
        Corpus.Run run = Corpus.run(Corpus.file(EAPON1), EngineConfig.defaults(null), bus, b -> { });
        assertEquals(114, run.summary.packets());
        // tattler_init and tattler_done are always published (they carry no objects)
        assertEquals(only(EventType.TATTLER_INIT, 1, EventType.TATTLER_DONE, 1), dispatched(bus));
    }

    @Test
    void onlySubscribedEventsArePublished() throws IOException {
        List<String> failures = new ArrayList<>();
        EventBus bus = Corpus.bus(failures);
        List<Object> seen = new ArrayList<>();
        Corpus.run(Corpus.file(EAPON1), EngineConfig.defaults(null), bus,
                b -> b.subscribe(EventType.ARP_REQUEST, Corpus.handler("arp", (a, x) -> seen.add(a)), 0));
        assertEquals(only(EventType.TATTLER_INIT, 1, EventType.TATTLER_DONE, 1, EventType.ARP_REQUEST, 4), dispatched(bus));
        assertEquals(4, seen.size());
        // events without a second argument get null
        List<Object> seconds = new ArrayList<>();
        EventBus bus2 = Corpus.bus(failures);
        Corpus.run(Corpus.file(EAPON1), EngineConfig.defaults(null), bus2,
                b -> b.subscribe(EventType.ARP_REPLY, Corpus.handler("arp", (a, x) -> seconds.add(x)), 0));
        assertEquals(1, seconds.size());
        assertNull(seconds.get(0));
        assertEquals(List.of(), failures);
    }

    @Test
    void onePacketSnapshotServesEveryEventOfThatPacket() throws IOException {
        List<String> failures = new ArrayList<>();
        List<PacketInfo> raw = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        int[] udp = {0};
        int[] broadcasts = {0};
        Corpus.run(Corpus.file(EAPON1), EngineConfig.defaults(null), Corpus.bus(failures), bus -> {
            bus.subscribe(EventType.RAW_PACKET, Corpus.handler("raw", (p, x) -> raw.add((PacketInfo) p)), 0);
            bus.subscribe(EventType.UDP_REQUEST, Corpus.handler("udp", (c, p) -> {
                udp[0]++;
                if (p != raw.get(raw.size() - 1)) {
                    mismatches.add("udp_request " + p);
                }
            }), 0);
            bus.subscribe(EventType.BROADCAST_SEEN, Corpus.handler("bcast", (b, p) -> {
                broadcasts[0]++;
                if (p != raw.get(raw.size() - 1)) {
                    mismatches.add("broadcast_seen " + p);
                }
                BroadcastInfo info = (BroadcastInfo) b;
                PacketInfo packet = (PacketInfo) p;
                if (!Objects.equals(info.dst, packet.dst) || !Objects.equals(info.dport, packet.dport)) {
                    mismatches.add("broadcast fields " + info);
                }
            }), 0);
        });
        assertEquals(114, raw.size());
        assertEquals(66, udp[0]);
        assertEquals(66, broadcasts[0]);
        assertEquals(List.of(), mismatches);
        assertEquals(List.of(), failures);
        // numbered as Wireshark numbers frames
        for (int i = 0; i < raw.size(); i++) {
            assertEquals(i + 1, raw.get(i).number);
        }
    }

    @Test
    void aFailingHandlerDoesNotStopTheLoop() throws IOException {
        List<String> failures = new ArrayList<>();
        int[] counted = {0};
        Corpus.Run run = Corpus.run(Corpus.file(EAPON1), EngineConfig.defaults(null), Corpus.bus(failures), bus -> {
            bus.subscribe(EventType.RAW_PACKET, Corpus.handler("boom.js:1", (p, x) -> {
                throw new IllegalStateException("boom");
            }), 10);
            bus.subscribe(EventType.RAW_PACKET, Corpus.handler("count", (p, x) -> counted[0]++), 0);
        });
        assertEquals(114, run.summary.packets());
        assertEquals(114, counted[0]);
        assertEquals(114, failures.size());
        assertEquals("raw_packet in boom.js:1: java.lang.IllegalStateException: boom", failures.get(0));
    }

    @Test
    void aWeirdCarriesAFreshPacketSnapshot() throws IOException {
        List<String> failures = new ArrayList<>();
        List<WeirdInfo> weirds = new ArrayList<>();
        List<PacketInfo> packets = new ArrayList<>();
        Corpus.run(Corpus.file("tcpdump/tests/udp-length-heapoverflow.pcap"), EngineConfig.defaults(null),
                Corpus.bus(failures), bus -> bus.subscribe(EventType.WEIRD, Corpus.handler("w", (w, p) -> {
                    weirds.add((WeirdInfo) w);
                    packets.add((PacketInfo) p);
                }), 0));
        assertEquals(1, weirds.size());
        assertEquals("internally_truncated_header", weirds.get(0).name);
        assertEquals("packet", weirds.get(0).source);
        assertNull(weirds.get(0).addl);
        PacketInfo p = packets.get(0);
        assertEquals("48.48.48.48", p.src);
        assertEquals(4, p.ip_version);
        assertEquals(17, p.ip_proto);
        assertNull(p.sport);
        assertEquals(38, p.caplen);
        assertEquals(262144, p.len);
        assertEquals(p.ts, weirds.get(0).ts);
    }

    @Test
    void aCaptureCutInsideARecordIsAWeird() throws IOException {
        byte[] whole = Files.readAllBytes(Corpus.file(EAPON1));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 10));
        Path logs = Files.createDirectory(dir.resolve("logs"));
        List<String> failures = new ArrayList<>();
        List<WeirdInfo> weirds = new ArrayList<>();
        List<Object> packets = new ArrayList<>();
        double[] lastTs = {0};
        Corpus.Run run = Corpus.run(cut, EngineConfig.defaults(logs), Corpus.bus(failures), bus -> {
            bus.subscribe(EventType.WEIRD, Corpus.handler("w", (w, p) -> {
                weirds.add((WeirdInfo) w);
                packets.add(p);
            }), 0);
            bus.subscribe(EventType.RAW_PACKET, Corpus.handler("r", (p, x) -> lastTs[0] = ((PacketInfo) p).ts), 0);
        });
        assertEquals(113, run.summary.packets());
        assertNotNull(run.summary.truncation());
        assertEquals(Map.of("capture_file_truncated", 1L), run.summary.weirds());
        assertEquals(1, weirds.size());
        assertEquals("capture_file_truncated", weirds.get(0).name);
        assertEquals("capture", weirds.get(0).source);
        assertEquals(run.summary.truncation(), weirds.get(0).addl);
        assertEquals(lastTs[0], weirds.get(0).ts);
        assertNull(packets.get(0));
        assertTrue(run.reporterOutput.startsWith("tattler: warning: capture file ends inside record 114"),
                run.reporterOutput);
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(logs.resolve("weird.log"), StandardCharsets.UTF_8)) {
            if (!line.startsWith("#")) {
                rows.add(line);
            }
        }
        assertEquals(1, rows.size());
        String[] f = rows.get(0).split("\t", -1);
        assertEquals("1080055156.023335", f[0]); // network time: packet 113 (tcpdump: 15:19:16.023335)
        assertEquals(List.of("-", "-", "-", "-", "-", "capture_file_truncated"), List.of(f).subList(1, 7));
        assertEquals("CAPTURE", f[10]);
        assertEquals(List.of(), failures);
    }

    @Test
    void initComesFirstAndDoneLast() throws IOException {
        List<String> order = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Corpus.run(Corpus.file("zeek/testing/btest/Traces/arp-who-has.pcap"), EngineConfig.defaults(null),
                Corpus.bus(failures), bus -> {
                    for (EventType t : EventType.values()) {
                        bus.subscribe(t, Corpus.handler(t.scriptName(), (a, b) -> order.add(t.scriptName())), 0);
                    }
                });
        assertEquals(List.of("tattler_init", "raw_packet", "arp_request", "broadcast_seen", "raw_packet", "arp_reply",
                "tattler_done"), order);
        assertEquals(List.of(), failures);
    }
}
