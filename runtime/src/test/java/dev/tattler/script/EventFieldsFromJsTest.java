package dev.tattler.script;

import dev.tattler.testing.SharedCorpus;

import dev.tattler.event.EventCatalogue;
import dev.tattler.event.EventType;
import dev.tattler.generate.LanScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every documented field of every event argument is reachable from JavaScript and shows the
 * same value the engine put in it. A field that is not exported would read as undefined in JS
 * (GraalVM hides it silently), which this test catches; a wrong value shows as a mismatch
 * against the Java object the same event delivered to a Java handler.
 */
class EventFieldsFromJsTest {
    @TempDir
    Path dir;

    @Test
    void everyFieldOfEveryEventReadsTheSameInJavaScript() throws Exception {
        // A generated LAN has ARP, UDP both ways and every broadcast kind; Zeek's arp-leak
        // trace adds bad_arp; a truncated copy of the LAN adds weirds (packet and capture).
        Path lan = dir.resolve("lan.pcap");
        LanScenario.write(lan, 11, LanScenario.Options.defaults().withSubnet("192.168.7.0/24").withVlan(42));
        byte[] bytes = Files.readAllBytes(lan);
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        Path attempt = unansweredSyn(dir.resolve("syn.pcap"));

        StringBuilder js = new StringBuilder("'use strict';\nconst seen = {};\n");
        // Notices come from scripts: raise a few, about connections, so every NoticeInfo field is set.
        js.append("let raised = 0;\ntattler.on('udp_request', (c) => { if (raised++ < 3) tattler.notice({ note: 'Test::Fields',"
                + " msg: 'm ' + raised, sub: 's', conn: c, n: raised, identifier: c.uid + raised, advice: 'a' }); });\n");
        js.append("function show(v) { return v === undefined ? '<undefined>' : v === null ? '<null>'"
                + " : typeof v === 'object' ? '<object>' : String(v); }\n");
        for (EventType t : EventType.values()) {
            js.append("tattler.on('").append(t.scriptName()).append("', (a0, a1) => {\n");
            js.append("  const key = '").append(t.scriptName()).append("';\n");
            js.append("  if ((seen[key] = (seen[key] || 0) + 1) > 3) return;\n");
            for (int i = 0; i < t.args().size(); i++) {
                EventType.Arg arg = t.args().get(i);
                String var = "a" + i;
                if (arg.type == String.class) {
                    js.append("  console.log(key + '|").append(arg.name).append("|' + show(").append(var).append("));\n");
                    continue;
                }
                js.append("  if (").append(var).append(" !== null) {\n");
                for (EventCatalogue.Field f : EventCatalogue.fields(arg.type)) {
                    js.append("    console.log(key + '|").append(arg.name).append('.').append(f.name)
                            .append("|' + show(").append(var).append('.').append(f.name).append("));\n");
                }
                js.append("  }\n");
            }
            js.append("});\n");
        }

        Map<EventType, List<String>> expected = new EnumMap<>(EventType.class);
        for (Path capture : List.of(lan, cut, attempt, SharedCorpus.file("zeek/testing/btest/Traces/arp-leak.pcap"))) {
            ScriptRun run = new ScriptRun(ScriptRun.Setup.defaults().localNets("192.168.7.0/24"));
            run.load("fields.js", js.toString());
            Map<EventType, Integer> count = new EnumMap<>(EventType.class);
            for (EventType t : EventType.values()) {
                run.watch(t, ScriptRun.handler((a, b) -> {
                    if (count.merge(t, 1, Integer::sum) > 3) {
                        return;
                    }
                    Object[] args = {a, b};
                    for (int i = 0; i < t.args().size(); i++) {
                        EventType.Arg arg = t.args().get(i);
                        if (arg.type == String.class) {
                            expected.computeIfAbsent(t, k -> new ArrayList<>())
                                    .add(t.scriptName() + "|" + arg.name + "|" + show(args[i]));
                            continue;
                        }
                        if (args[i] == null) {
                            continue;
                        }
                        for (EventCatalogue.Field f : EventCatalogue.fields(arg.type)) {
                            expected.computeIfAbsent(t, k -> new ArrayList<>()).add(t.scriptName() + "|"
                                    + arg.name + "." + f.name + "|" + show(read(args[i], f.name)));
                        }
                    }
                }));
            }
            run.run(capture);
            assertTrue(run.failures.isEmpty(), run.failures.toString());
            assertFalse(run.err().contains("tattler: error"), "no script failed: " + run.err());
            for (String line : run.out().split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                assertFalse(line.endsWith("|<undefined>"), "field not reachable from JS: " + line);
                EventType t = EventType.byName(line.substring(0, line.indexOf('|')));
                List<String> want = expected.get(t);
                if (want == null || !want.remove(line)) {
                    fail("JS read a value Java did not deliver: " + line + "\nJava side: " + want);
                }
            }
        }
        for (EventType t : EventType.values()) {
            if (t.args().isEmpty()) {
                continue; // tattler_init/done carry nothing to read
            }
            assertTrue(expected.containsKey(t), "no capture exercised " + t.scriptName());
            List<String> rest = expected.get(t);
            assertEquals(List.of(), rest, "values JS did not see for " + t.scriptName());
        }
    }

    /** A SYN nobody answers, then 10 s later another packet, so the attempt times out (connection_attempt). */
    private static Path unansweredSyn(Path file) throws Exception {
        dev.tattler.generate.FrameBuilder fb = new dev.tattler.generate.FrameBuilder();
        int a = dev.tattler.generate.FrameBuilder.ip("10.0.0.1");
        int b = dev.tattler.generate.FrameBuilder.ip("10.0.0.2");
        long t0 = 1_714_986_000_000_000_000L;
        try (dev.tattler.capture.PcapWriter w = dev.tattler.capture.PcapWriter.create(file,
                dev.tattler.capture.LinkTypes.ETHERNET, dev.tattler.capture.PcapWriter.DEFAULT_SNAPLEN)) {
            int n = fb.tcp(0x0200_0000_0002L, 0x0200_0000_0001L, 1, 64, a, b, 40000, 80, 1000, 0,
                    dev.tattler.generate.FrameBuilder.TCP_SYN, 65535, new byte[0], 0, 0);
            w.write(t0, fb.buffer(), 0, n, n);
            n = fb.udp(0x0200_0000_0002L, 0x0200_0000_0001L, 2, 64, a, b, 40001, 53, new byte[4], 0, 4);
            w.write(t0 + 10_000_000_000L, fb.buffer(), 0, n, n);
        }
        return file;
    }

    /** Reads a dotted field path reflectively, as the catalogue documents it. */
    private static Object read(Object o, String path) {
        try {
            for (String part : path.split("\\.")) {
                o = o.getClass().getField(part).get(o);
                if (o == null) {
                    return null;
                }
            }
            return o;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Java-side rendering that matches JavaScript's String(v) for our field types. */
    private static String show(Object v) {
        if (v == null) {
            return "<null>";
        }
        if (v instanceof Double) {
            double d = (Double) v;
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            // JS prints the same shortest round-trip digits, without an exponent below 1e21
            return new java.math.BigDecimal(Double.toString(d)).toPlainString();
        }
        if (v.getClass().getAnnotation(dev.tattler.event.Doc.class) != null) {
            return "<object>";
        }
        return String.valueOf(v);
    }
}
