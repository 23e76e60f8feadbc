package dev.tattler.script;

import dev.tattler.event.EventType;
import dev.tattler.generate.LanScenario;
import dev.tattler.testing.SharedCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tattler.on(event, fn, { filter })} on real runs: a filtered handler sees exactly the
 * packets an unfiltered one would select in JavaScript, beside it on the same event; a bad
 * filter or one on an event not raised for a packet is a load error; and when no filter
 * matches, the engine publishes nothing (so builds no event objects).
 */
class HandlerFilterTest {
    @TempDir
    Path dir;

    private static final String SCRIPT = String.join("\n",
            "const all = [], filtered = [], allGrat = [], grat = [], raw = [];",
            "tattler.on('udp_request', (c, p) => { if (p.sport === 138) all.push(p.number); });",
            "tattler.on('udp_request', (c, p) => filtered.push(p.number), { filter: 'udp src port 138' });",
            "tattler.on('arp_request', (a) => { if (a.spa === a.tpa) allGrat.push(a.number); });",
            "tattler.on('arp_request', (a) => grat.push(a.number), { filter: 'arp[14:4] = arp[24:4]', priority: 2 });",
            "tattler.on('raw_packet', (p) => raw.push(p.number), { filter: 'udp src port 138 or arp[14:4] = arp[24:4]' });",
            "tattler.on('tattler_done', () => console.log(JSON.stringify([all, filtered, allGrat, grat, raw])));");

    @Test
    void aFilteredHandlerSeesExactlyTheMatchingPackets() throws Exception {
        check(LanScenario.Options.defaults());
    }

    @Test
    void vlanTaggedPacketsMatchTheSameFilters() throws Exception {
        check(LanScenario.Options.defaults().withVlan(30));
    }

    private void check(LanScenario.Options options) throws Exception {
        Path f = dir.resolve("lan.pcap");
        LanScenario.write(f, 11, options);
        ScriptRun run = new ScriptRun();
        run.load("filtered.js", SCRIPT);
        run.run(f);
        String[] lists = run.outLines().get(0).replace("[[", "").replace("]]", "").split("],\\[", -1);
        assertEquals(5, lists.length, run.out());
        assertFalse(lists[0].isEmpty(), "the scenario has BROWSER announcements from port 138");
        assertFalse(lists[2].isEmpty(), "and gratuitous ARP");
        assertEquals(lists[0], lists[1], "udp_request filtered in Java = filtered in JS");
        assertEquals(lists[2], lists[3], "arp_request likewise");
        assertEquals((lists[0] + "," + lists[2]).split(",").length, lists[4].split(",").length,
                "raw_packet with the disjunction sees both");
        assertEquals("", run.err());
    }

    @Test
    void noMatchingFilterMeansNothingIsPublished() throws Exception {
        Path f = dir.resolve("lan.pcap");
        LanScenario.write(f, 5, LanScenario.Options.defaults());
        ScriptRun run = new ScriptRun();
        run.load("none.js", String.join("\n",
                "let n = 0;",
                "tattler.on('udp_request', () => n++, { filter: 'udp port 770' });",
                "tattler.on('new_connection', () => n++, { filter: 'host 192.0.2.99' });",
                "tattler.on('raw_packet', () => n++, { filter: 'less 1' });",
                "tattler.on('tattler_done', () => console.log('called ' + n));"));
        run.run(f);
        assertEquals(List.of("called 0"), run.outLines());
        for (EventType t : List.of(EventType.UDP_REQUEST, EventType.NEW_CONNECTION, EventType.RAW_PACKET)) {
            assertEquals(0, run.bus.dispatched(t), t + ": wants() was false for every packet, so no ConnInfo/PacketInfo");
        }
        assertEquals(1, run.bus.dispatched(EventType.TATTLER_DONE));
    }

    /**
     * The filter sees the packet an event is about: for udp_request on a capture where 51
     * datagrams to port 7001 come in fragments, the reassembled datagram (the filtered handler
     * sees what the JS check on p selects); for weird only a packet: the capture-file weird
     * (p null) never reaches a filtered handler.
     */
    @Test
    void reassembledDatagramsAndWeirdsWithoutAPacket() throws Exception {
        Path original = SharedCorpus.file("tcpdump/tests/afs.pcap");
        Path cut = dir.resolve("cut.pcap");
        byte[] bytes = Files.readAllBytes(original);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 5)); // a cut last record: a weird with p null
        ScriptRun run = new ScriptRun();
        run.load("frag.js", String.join("\n",
                "const udp = [], udpFiltered = [], weirds = [], weirdsFiltered = [];",
                "tattler.on('udp_request', (c, p) => { if (p.sport === 7001 || p.dport === 7001) udp.push(p.number); });",
                "tattler.on('udp_request', (c, p) => udpFiltered.push(p.number), { filter: 'udp port 7001' });",
                "tattler.on('weird', (w, p) => weirds.push(w.name + '@' + (p === null ? 'none' : p.number)));",
                "tattler.on('weird', (w, p) => weirdsFiltered.push(w.name + '@' + p.number), { filter: 'len >= 0' });",
                "tattler.on('tattler_done', () => { for (const l of [udp, udpFiltered, weirds, weirdsFiltered])",
                "  console.log('> ' + l.join(' ')); });"));
        run.run(cut);
        List<List<String>> out = run.outLines().stream()
                .map(l -> l.length() == 2 ? List.<String>of() : List.of(l.substring(2).split(" "))).toList();
        assertEquals(4, out.size(), run.out());
        assertFalse(out.get(0).isEmpty(), "udp_request on port 7001: " + out);
        assertEquals(out.get(0), out.get(1), "the filtered handler sees what the JS check selects");
        assertTrue(out.get(2).contains("capture_file_truncated@none"), "the cut file raises a weird without a packet");
        assertEquals(out.get(2).stream().filter(w -> !w.endsWith("@none")).toList(), out.get(3),
                "the filtered handler gets the packet weirds only");
    }

    @Test
    void badFiltersAreLoadErrorsWithThePosition() throws Exception {
        ScriptRun run = new ScriptRun();
        ScriptLoadException e = assertThrows(ScriptLoadException.class,
                () -> run.load("typo.js", "tattler.on('udp_request', () => {}, { filter: 'udp src prot 770' });"));
        assertTrue(e.getMessage().contains("tattler.on('udp_request', ...): filter 'udp src prot 770':"
                + " unknown word 'prot' at 9 (expected host, net, port, portrange)"), e.getMessage());
        e = assertThrows(ScriptLoadException.class,
                () -> run.load("done.js", "tattler.on('tattler_done', () => {}, { filter: 'udp' });"));
        assertTrue(e.getMessage().contains("tattler.on('tattler_done', ...): 'tattler_done' is not raised for a packet,"
                + " so it takes no filter"), e.getMessage());
        for (String event : List.of("tattler_init", "connection_attempt", "connection_state_remove", "notice")) {
            assertThrows(ScriptLoadException.class,
                    () -> run.load(event + ".js", "tattler.on('" + event + "', () => {}, { filter: 'udp' });"));
        }
        e = assertThrows(ScriptLoadException.class,
                () -> run.load("kind.js", "tattler.on('weird', () => {}, { filter: 53 });"));
        assertTrue(e.getMessage().contains("filter must be a string"), e.getMessage());
        e = assertThrows(ScriptLoadException.class,
                () -> run.load("key.js", "tattler.on('weird', () => {}, { filtre: 'udp' });"));
        assertTrue(e.getMessage().contains("unknown option 'filtre' (options may set 'priority', 'filter' and 'threshold')"),
                e.getMessage());
        run.close();
    }
}
