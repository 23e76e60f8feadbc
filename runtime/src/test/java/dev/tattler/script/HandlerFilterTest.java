package dev.tattler.script;

import dev.tattler.event.EventType;
import dev.tattler.generate.LanScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
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
        assertTrue(e.getMessage().contains("unknown option 'filtre' (options may set 'priority' and 'filter')"),
                e.getMessage());
        run.close();
    }
}
