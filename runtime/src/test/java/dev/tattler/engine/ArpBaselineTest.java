package dev.tattler.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * arp_request / arp_reply / bad_arp arguments against Zeek's own btest baselines, line by line
 * and in order. The Zeek tests print "mac_src, mac_dst, SPA, SHA, TPA, THA" per request or reply
 * and "BAD, SPA, SHA, TPA, THA, explanation" per bad_arp; {@link EventCounts} formats our events
 * the same way.
 */
class ArpBaselineTest {
    private static final String BASELINE = "zeek/testing/btest/Baseline/";
    private static final String TRACES = "zeek/testing/btest/Traces/";

    /** The baseline's lines, without btest's '#' header, that {@code keep} accepts. */
    private static List<String> baseline(String path, Predicate<String> keep) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Corpus.file(BASELINE + path), StandardCharsets.UTF_8)) {
            if (!line.startsWith("#") && !line.isEmpty() && keep.test(line)) {
                lines.add(line);
            }
        }
        assertFalse(lines.isEmpty(), "nothing read from " + path);
        return lines;
    }

    private static List<String> ours(String trace) throws IOException {
        EventCounts counts = new EventCounts();
        Corpus.run(Corpus.file(trace), EngineConfig.defaults(null), Corpus.bus(counts.failures), counts::subscribe);
        assertEquals(List.of(), counts.failures);
        return counts.arpLines;
    }

    @Test
    void basic() throws IOException {
        // who-has 10.0.0.1 from 10.0.0.2, and the reply
        assertEquals(baseline("scripts.base.protocols.arp.basic/.stdout", l -> true), ours(TRACES + "arp-who-has.pcap"));
    }

    @Test
    void bad() throws IOException {
        // hln or pln 255: corrupt-arp-header, with the addresses read where the lengths put them
        List<String> expected = baseline("scripts.base.protocols.arp.bad/.stdout", l -> true);
        assertEquals(6, expected.size());
        assertEquals(expected, ours(TRACES + "arp-leak.pcap"));
    }

    @Test
    void linuxCookedCapture() throws IOException {
        // SLL has no destination MAC: Zeek prints 00:00:00:00:00:00, and so does ArpInfo
        List<String> expected = baseline("scripts.base.protocols.arp.linuxsll/.stdout", l -> true);
        assertEquals(12, expected.size());
        assertEquals(expected, ours(TRACES + "linuxsll-arp.pcap"));
    }

    @Test
    void snap() throws IOException {
        // ARP in 802.2 LLC/SNAP frames
        List<String> expected = baseline("scripts.base.protocols.snap.snap-arp/.stdout", l -> true);
        assertEquals(4, expected.size());
        assertEquals(expected, ours(TRACES + "snap-arp.pcapng"));
    }

    @Test
    void linuxCookedCaptureV2() throws IOException {
        // core.linuxsll2 prints ICMP lines ("[orig_h=...") and one ARP request line.
        List<String> expected = baseline("core.linuxsll2/.stdout", l -> !l.startsWith("["));
        assertEquals(List.of("8e:36:06:44:ac:af, 00:00:00:00:00:00, 192.0.2.1, 8e:36:06:44:ac:af, 192.0.2.2,"
                + " 00:00:00:00:00:00"), expected);
        assertEquals(expected, ours(TRACES + "linux_dlt_sll2.pcap"));
    }
}
