package dev.tattler.repl;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;
import dev.tattler.generate.Worm770Truth;
import dev.tattler.log.LogFormat;
import dev.tattler.testing.SharedCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REPL driven by piped input, as an investigation script would drive it. */
class ReplPipedTest {
    private static final String WIKIPEDIA = "zeek/testing/btest/Traces/wikipedia-filtered-plus-udp.pcap";

    @Test
    void stepsBreaksOnAnEventAndQueriesConnectionsOfACorpusCapture(@TempDir Path logs) throws Exception {
        Path capture = SharedCorpus.file(WIKIPEDIA);
        Settings settings = new Settings(List.of(), false, Map.of(), logs, LogFormat.TSV);
        PipedRepl.Result r = PipedRepl.run(settings, PipedRepl.capture(capture.toString()), String.join("\n",
                ".step 3",
                ".break udp_request c.id.resp_p == 53",
                ".run",
                ".show",
                ".unbreak",
                ".run",
                "conns.length",
                "conns.filter(c => c.id.resp_p == 53).length > 0",
                ".conns c.proto == 'tcp'"));
        assertEquals("", r.err());
        assertEquals(0, r.status());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("\\s+1  \\d\\d:\\d\\d:\\d\\d\\.\\d{6}  .*"), lines.get(0));
        assertTrue(lines.get(2).startsWith("      3  "), lines.get(2));
        assertTrue(r.out().contains("breakpoint 1: pause at udp_request when c.id.resp_p == 53"), r.out());
        String hit = lines.stream().filter(l -> l.startsWith("break 1 (udp_request) at packet #")).findFirst().orElseThrow();
        assertTrue(hit.contains(":53 udp"), hit);
        assertTrue(r.out().contains("    dst port         53"), ".show shows the packet that hit the breakpoint");
        assertTrue(r.out().contains("end of capture: 65 packets replayed"), r.out());
        // conns agrees with the conn.log the engine wrote for the same replay
        long connLogRows = Files.readAllLines(logs.resolve("conn.log")).stream().filter(l -> !l.startsWith("#")).count();
        int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("end of capture")).findFirst().orElseThrow());
        assertEquals(String.valueOf(connLogRows), lines.get(at + 1));
        assertEquals("true", lines.get(at + 2));
        assertTrue(lines.get(at + 3).startsWith("start ") && lines.get(at + 3).contains("state"), lines.get(at + 3));
        assertTrue(lines.get(at + 4).contains("  tcp  "), lines.get(at + 4));
    }

    @Test
    void loadsWorm770OnTheIncidentAndListsItsNotices() throws Exception {
        Worm770Truth truth = Incident.truth();
        String infected = truth.infected().get(0).ipString();
        Settings quiet = new Settings(List.of(), false, Map.of("worm770.report", "false"), null, LogFormat.TSV);
        PipedRepl.Result r = PipedRepl.run(quiet, PipedRepl.capture(Incident.file().toString()), String.join("\n",
                ".load worm770",
                ".run",
                ".notices",
                "notices.find(n => n.note == 'Worm770::Infected_Host').src",
                "repl.hosts[0].host",
                "conns.filter(c => c.id.orig_p == 770 && c.id.orig_h == '" + infected + "').length",
                ".hosts"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("worm770.js declares its own 'hosts': the REPL's is repl.hosts\n"), r.out());
        assertTrue(r.out().contains("Worm770::Infected_Host"), r.out());
        assertTrue(r.out().contains("Worm770::Self_ARP_Flood"), r.out());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains(infected), "the infected host, from a JS query: " + r.out());
        assertEquals(infected, lines.get(lines.indexOf(infected) + 1), "the busiest sender is the infected host");
        long bursts = truth.bursts();
        assertEquals(String.valueOf(5 * bursts), lines.get(lines.indexOf(infected) + 2), "one UDP flow per burst packet");
        assertTrue(r.out().lines().anyMatch(l -> l.matches(java.util.regex.Pattern.quote(infected) + " +"
                + truth.infected().get(0).macString() + " .*")), ".hosts: IP and MAC: " + r.out());
    }

    @Test
    void errorsAreOneLineAndTheSessionGoesOn() throws Exception {
        PipedRepl.Result r = PipedRepl.run(PipedRepl.capture(Incident.file().toString()), String.join("\n",
                ".bogus",
                "undefinedThing.x",
                ".open /no/such/file.pcap",
                ".show 99",
                ".watch udp_requst",
                "throw new Error('mine')",
                ".step",
                "1 + 1"));
        assertEquals(1, r.status());
        List<String> errors = r.err().lines().toList();
        assertEquals(List.of(
                "error: unknown command .bogus; .help lists them",
                "error: ReferenceError: undefinedThing is not defined",
                "error: /no/such/file.pcap: no such file",
                "error: no packets replayed yet: .step or .run first",
                "error: unknown event 'udp_requst' (did you mean udp_request?)",
                "error: Error: mine"), errors);
        assertTrue(r.out().startsWith("      1  "), "the capture is still open: " + r.out());
        assertTrue(r.out().endsWith("2\n"), r.out());
    }

    @Test
    void multiLineJavaScriptObjectsAndTables() throws Exception {
        PipedRepl.Result r = PipedRepl.run(PipedRepl.capture(Incident.file().toString()), String.join("\n",
                "function ports(list) {",
                "  return list.map(c => c.id.resp_p);",
                "}",
                ".run 200",
                "({ n: ports(conns).length, first: conns[0].id })",
                "[{a: 1, b: 'x'}, {a: 22, b: 'yy'}]",
                "`two",
                "lines`"));
        assertEquals("", r.err());
        assertTrue(r.out().contains("{\n  \"n\": "), r.out());
        assertTrue(r.out().contains("  \"first\": {\n    \"orig_h\": \"192.168.1."), "a host object prints as JSON: " + r.out());
        assertTrue(r.out().contains(" a  b\n 1  x\n22  yy\n"), "an array of records is a table: " + r.out());
        assertTrue(r.out().contains("two\nlines"), r.out());
        assertFalse(r.out().contains("[object"), r.out());
    }

    @Test
    void watchesPrintEventsAndExpressions() throws Exception {
        PipedRepl.Result r = PipedRepl.run(PipedRepl.capture(Incident.file().toString()), String.join("\n",
                ".watch arp_request",
                ".watch udp_request p.sport == 770 && `${p.src} -> ${p.dst}:${p.dport}`",
                ".watch",
                ".run until +48s",
                ".unwatch 1",
                ".run 2000",
                ".unwatch"));
        assertEquals("", r.err());
        assertTrue(r.out().contains("watch 1 arp_request\nwatch 2 udp_request p.sport == 770"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\[arp_request #\\d+] ARP who-has .*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\[udp_request #\\d+] 192\\.168\\.1\\.\\d+ -> 192\\.168\\.1\\.255:\\d+")),
                r.out());
        assertTrue(r.out().contains("removed 1 watch"), r.out());
    }

    @Test
    void savesTheSelectedPacketsToAPcap(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bursts.pcap");
        PipedRepl.Result r = PipedRepl.run(PipedRepl.capture(Incident.file().toString()), String.join("\n",
                ".run",
                "packets.filter(p => p.sport == 770).length",
                ".save " + out + " p.sport == 770",
                ".packets p.sport == 770 && p.dport % 1000 == 0"));
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("end of capture")).findFirst().orElseThrow());
        long expected = Long.parseLong(lines.get(at + 1));
        assertEquals(5 * Incident.truth().bursts(), expected);
        assertEquals("wrote " + String.format("%,d", expected) + " packets to " + out, lines.get(at + 2));
        long n = 0;
        try (PacketSource s = CaptureFiles.open(out)) {
            PacketRecord rec = new PacketRecord();
            while (s.next(rec)) {
                n++;
            }
        }
        assertEquals(expected, n);
    }

    @Test
    void resetStartsOverWithTheScriptsLoadedAgain() throws Exception {
        Settings quiet = new Settings(List.of(), false, Map.of("worm770.report", "false"), null, LogFormat.TSV);
        PipedRepl.Result r = PipedRepl.run(quiet, PipedRepl.capture(Incident.file().toString(), "worm770"), String.join("\n",
                ".run",
                "notices.length > 0",
                "let mine = 1",
                ".reset",
                "notices.length",
                "typeof mine",
                ".stats"));
        assertEquals("", r.err());
        assertTrue(r.out().contains("true\n"), r.out());
        assertTrue(r.out().contains("back at the start of " + Incident.file() + " (1 scripts loaded again)\n0\nundefined\n"),
                r.out());
        assertTrue(r.out().contains("scripts       worm770.js"), r.out());
    }
}
