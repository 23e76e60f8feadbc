package dev.tattler.script;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PcapWriter;
import dev.tattler.conn.HostThreshold;
import dev.tattler.generate.FrameBuilder;
import dev.tattler.generate.LanScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tattler.threshold} on a real run: a handler gated by one is called exactly where a
 * sliding window kept in JavaScript beside it says each host reaches the count, once per host,
 * across the two events it is subscribed to; {@code first} answers the window's start; a full
 * table is reported at the end; bad options are load errors that say what is wrong.
 */
class HandlerThresholdTest {
    @TempDir
    Path dir;

    @Test
    void aGatedHandlerRunsWhereAWindowInJavaScriptSaysEachHostCrosses() throws Exception {
        Path f = dir.resolve("lan.pcap");
        LanScenario.write(f, 23, LanScenario.Options.defaults());
        ScriptRun run = new ScriptRun();
        run.load("threshold.js", String.join("\n",
                "const t = tattler.threshold({ count: 4, within: 30, by: 'src' });",
                "const windows = new Map(), oracle = [], gated = [];",
                "function count(c, p) {",
                "  if (p.dport !== 137 && p.dport !== 138 && p.sport !== 137) return;",
                "  let w = windows.get(p.src);",
                "  if (!w) { w = []; windows.set(p.src, w); }",
                "  if (w.crossed) return;",
                "  w.push(p.ts);",
                "  while (p.ts - w[0] > 30) w.shift();",
                "  if (w.length >= 4) { w.crossed = true; oracle.push(p.number + '@' + w[0]); }",
                "}",
                "function crossed(c, p) { gated.push(p.number + '@' + t.first(p.src)); }",
                "const only = { filter: 'udp dst port 137 or udp dst port 138 or udp src port 137', threshold: t };",
                "tattler.on('udp_request', count);",
                "tattler.on('udp_reply', count);",
                "tattler.on('udp_request', crossed, only);",
                "tattler.on('udp_reply', crossed, only);",
                "tattler.on('tattler_done', () => { console.log(oracle.join(' ')); console.log(gated.join(' '));",
                "  console.log(String(t.first('192.0.2.200')) + ' ' + t.reset('192.0.2.200') + ' ' + t); });"));
        run.run(f);
        List<String> out = run.outLines();
        assertEquals(3, out.size(), run.out());
        assertTrue(out.get(0).split(" ").length >= 3, "the scenario has hosts crossing: " + out.get(0));
        assertEquals(out.get(0), out.get(1), "gated in Java = counted in JavaScript");
        assertEquals("null false threshold 4 packets within 30.0 s by src", out.get(2));
        assertEquals("", run.err());
    }

    @Test
    void aThresholdFullOfActiveHostsSaysHowManyPacketsItDidNotCount() throws Exception {
        Path f = dir.resolve("many.pcap");
        FrameBuilder fb = new FrameBuilder();
        byte[] payload = new byte[8];
        int sources = 300;
        try (PcapWriter w = PcapWriter.create(f, LinkTypes.ETHERNET, PcapWriter.DEFAULT_SNAPLEN)) {
            for (int i = 0; i < sources; i++) {
                int len = fb.udp(1, 2, i, 64, FrameBuilder.ip("10.7.0.0") + i, FrameBuilder.ip("10.7.255.255"),
                        1000, 138, payload, 0, payload.length);
                w.write(1_700_000_000_000_000_000L + i * 1_000_000L, fb.buffer(), 0, len, len);
            }
        }
        ScriptRun run = new ScriptRun();
        run.load("big.js", String.join("\n",
                "const t = tattler.threshold({ count: 10000, within: 3600 });",
                "tattler.on('udp_request', () => {}, { threshold: t });"));
        run.run(f);
        int max = new HostThreshold(10_000, 1, true).maxHosts();
        assertTrue(max < sources, "the table holds fewer hosts than the capture has: " + max);
        assertTrue(run.err().contains("threshold 10000 packets within 3600.0 s by src: its table was full of active"
                + " hosts (" + max + "), so " + (sources - max) + " packets from new hosts were not counted"), run.err());
    }

    @Test
    void badThresholdsAreLoadErrors() throws Exception {
        ScriptRun run = new ScriptRun();
        String[][] cases = {
            {"tattler.threshold({ within: 5 });", "count is required"},
            {"tattler.threshold({ count: 0, within: 5 });", "count must be a whole number 1..10000, not 0"},
            {"tattler.threshold({ count: 3 });", "within (seconds) is required and must be more than 0"},
            {"tattler.threshold({ count: 3, within: 5, by: 'port' });", "by must be 'src' or 'dst', not 'port'"},
            {"tattler.threshold({ count: 3, within: 5, per: 'src' });", "unknown option 'per'"},
            {"tattler.threshold(3);", "needs an object such as { count: 20, within: 120 }"},
            {"tattler.on('udp_request', () => {}, { threshold: { count: 3 } });",
                "threshold must be made by tattler.threshold({ count, within })"},
            {"tattler.on('tattler_done', () => {}, { threshold: tattler.threshold({ count: 3, within: 5 }) });",
                "'tattler_done' is not raised for a packet, so it takes no threshold"},
            {"tattler.threshold({ count: 3, within: 5 }).first('nowhere');", "threshold.first: not an IP address: 'nowhere'"},
        };
        for (String[] c : cases) {
            ScriptLoadException e = assertThrows(ScriptLoadException.class, () -> run.load("bad.js", c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
        run.close();
    }
}
