package dev.tattler.script;

import dev.tattler.generate.GroundTruth;
import dev.tattler.generate.LanScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tattler.now}, {@code tattler.isLocal} and {@code tattler.config}, from scripts on a real run. */
class ScriptApiTest {
    @TempDir
    Path dir;

    @Test
    void nowIsTheLatestPacketsTime() throws Exception {
        Path f = dir.resolve("lan.pcap");
        GroundTruth truth = LanScenario.write(f, 2, LanScenario.Options.defaults());
        ScriptRun run = new ScriptRun();
        run.load("now.js", String.join("\n",
                "let same = 0, packets = 0, first = null;",
                "tattler.on('tattler_init', () => console.log('init ' + tattler.now()));",
                "tattler.on('raw_packet', (p) => { packets++; if (first === null) first = tattler.now();",
                "  if (tattler.now() === p.ts) same++; });",
                "tattler.on('tattler_done', () => console.log(same + '/' + packets + ' ' + first + ' ' + tattler.now()));"));
        run.run(f);
        List<String> out = run.outLines();
        assertEquals("init 0", out.get(0));
        String[] parts = out.get(1).split(" ");
        assertEquals(truth.frames() + "/" + truth.frames(), parts[0], "now() is the packet's own time in its handlers");
        assertEquals(truth.firstNanos() / 1e9, Double.parseDouble(parts[1]), 1e-6);
        assertEquals(truth.lastNanos() / 1e9, Double.parseDouble(parts[2]), 1e-6);
    }

    /** tattler.lastSeen answers what a raw_packet handler would have kept. */
    @Test
    void lastSeenIsTheLatestPacketFromTheAddress() throws Exception {
        Path f = dir.resolve("lan.pcap");
        LanScenario.write(f, 3, LanScenario.Options.defaults());
        ScriptRun run = new ScriptRun();
        run.load("seen.js", String.join("\n",
                "const mine = new Map();",
                "tattler.on('raw_packet', (p) => { if (p.src !== null) mine.set(p.src, p.ts); });",
                "tattler.on('tattler_done', () => {",
                "  let same = 0, differ = [];",
                "  for (const [a, ts] of mine) { if (tattler.lastSeen(a) === ts) same++; else differ.push(a); }",
                "  console.log(same + '/' + mine.size + ' ' + differ.slice(0, 3).join(','));",
                "  console.log(String(tattler.lastSeen('203.0.113.99')));",
                "  for (const bad of [42, null]) {",
                "    try { tattler.lastSeen(bad); console.log('accepted ' + bad); } catch (e) { console.log(e.message); }",
                "  }",
                "});"));
        run.run(f);
        List<String> out = run.outLines();
        assertEquals(List.of("null",
                "tattler.lastSeen(address): address must be a string, not 42",
                "tattler.lastSeen(address): address must be a string, not null"), out.subList(1, out.size()));
        String[] parts = out.get(0).split(" ");
        assertEquals(parts[0].split("/")[1] + "/" + parts[0].split("/")[1], parts[0], "addresses whose time differs: " + out.get(0));
    }

    /**
     * tattler.lastPacket answers, during each packet's handler, what a raw_packet handler keeping
     * the last packet per pair would have had before this packet.
     */
    @Test
    void lastPacketIsThePacketBeforeFromTheSameSourceToTheSameDestination() throws Exception {
        Path f = dir.resolve("lan.pcap");
        LanScenario.write(f, 4, LanScenario.Options.defaults());
        ScriptRun run = new ScriptRun();
        run.load("before.js", String.join("\n",
                "const mine = new Map();",
                "let same = 0, answered = 0; const differ = [];",
                "tattler.on('raw_packet', (p) => {",
                "  if (p.src === null) return;",
                "  const key = p.src + '>' + p.dst, had = mine.get(key), got = tattler.lastPacket(p.src, p.dst);",
                "  const want = had ? [had.number, had.proto, had.sport, had.dport].join() : 'none';",
                "  const have = got ? [got.number, got.proto, got.sport, got.dport].join() : 'none';",
                "  if (want === have && (!got || got.ts === had.ts)) same++; else differ.push(p.number + ': ' + want + ' vs ' + have);",
                "  if (got) answered++;",
                "  mine.set(key, { number: p.number, ts: p.ts, proto: p.proto, sport: p.sport, dport: p.dport });",
                "});",
                "tattler.on('tattler_done', () => {",
                "  console.log(differ.length + ' differ ' + differ.slice(0, 3).join('; '));",
                "  console.log(answered > same / 2 ? 'most answered' : 'few answered: ' + answered);",
                "  for (const bad of [[42, '10.0.0.1'], ['10.0.0.1', null], ['10.0.0.1', 'nowhere'], ['10.0.0.1', '10.0.0.2', 'sctp']]) {",
                "    try { tattler.lastPacket(...bad); console.log('accepted ' + bad); } catch (e) { console.log(e.message); }",
                "  }",
                "});"));
        run.run(f);
        assertEquals(List.of("0 differ ", "most answered",
                "tattler.lastPacket(src, dst): src must be a string, not 42",
                "tattler.lastPacket(src, dst): addresses must be strings, not null",
                "tattler.lastPacket: not an IP address: 'nowhere'",
                "tattler.lastPacket: unknown protocol 'sctp' (udp, tcp, icmp, icmp6 or ip)"), run.outLines());
    }

    /**
     * tattler.off takes a handler off its event, so that a script can subscribe it again with a
     * narrower filter: the handler sees every UDP packet up to the 100th, then only DNS, exactly
     * as an unfiltered handler counting the same packets says.
     */
    @Test
    void offUnsubscribesSoThatAHandlerCanNarrowItsFilter() throws Exception {
        Path f = dir.resolve("lan.pcap");
        LanScenario.write(f, 6, LanScenario.Options.defaults());
        ScriptRun run = new ScriptRun();
        run.load("narrow.js", String.join("\n",
                "let seen = 0, udp = 0, dnsAfter = 0, narrowed = false;",
                "function counted(c, p) {",
                "  seen++;",
                "  if (!narrowed && seen === 100) {",
                "    console.log(tattler.off('udp_request', counted) + ' ' + tattler.off('udp_request', counted));",
                "    tattler.on('udp_request', counted, { filter: 'udp port 53' });",
                "    narrowed = true;",
                "  }",
                "}",
                "tattler.on('udp_request', counted, { filter: 'udp' });",
                "tattler.on('udp_request', (c, p) => {",
                "  udp++;",
                "  if (udp > 100 && (p.sport === 53 || p.dport === 53)) dnsAfter++;",
                "}, { priority: 10 });",
                "tattler.on('tattler_done', () => {",
                "  console.log(seen === 100 + dnsAfter ? 'as counted' : seen + ' != 100 + ' + dnsAfter);",
                "  console.log(dnsAfter > 0 && udp > seen ? 'narrower' : 'not narrower');",
                "  console.log(tattler.off('udp_request', () => {}));",
                "  for (const bad of [['udp_requests', counted], ['udp_request', 42]]) {",
                "    try { tattler.off(bad[0], bad[1]); console.log('accepted ' + bad); } catch (e) { console.log(e.message); }",
                "  }",
                "});"));
        run.run(f);
        assertEquals(List.of("true false", "as counted", "narrower", "false",
                "unknown event 'udp_requests' (did you mean 'udp_request'?)",
                "tattler.off('udp_request', ...): the handler must be a function"), run.outLines());
    }

    private static final String PROBE_ADDRESSES = String.join("\n",
            "const out = [];",
            "for (const a of ['10.1.2.3', '192.168.1.20', '172.31.255.255', '100.64.0.1', '8.8.8.8', '198.51.100.7',",
            "                 '::1', 'fe80::1', 'fd12:3456::1', '2001:db8::5', '2606:4700::1111', '::ffff:10.0.0.1',",
            "                 '[fe80::2]', '2002:c0a8:101::1']) {",
            "  out.push(a + '=' + tattler.isLocal(a));",
            "}",
            "console.log(out.join(' '));",
            "for (const bad of ['example.com', '10.0.0.256', '1:2:3', 'fe80::1%eth0', 42, null]) {",
            "  try { tattler.isLocal(bad); console.log('accepted ' + bad); } catch (e) { console.log(e.message); }",
            "}");

    @Test
    void isLocalUsesZeeksPrivateSpaceByDefault() throws Exception {
        ScriptRun run = new ScriptRun();
        run.load("local.js", PROBE_ADDRESSES);
        run.close();
        List<String> out = run.outLines();
        assertEquals("10.1.2.3=true 192.168.1.20=true 172.31.255.255=true 100.64.0.1=true 8.8.8.8=false"
                + " 198.51.100.7=true ::1=true fe80::1=true fd12:3456::1=true 2001:db8::5=true 2606:4700::1111=false"
                + " ::ffff:10.0.0.1=true [fe80::2]=true 2002:c0a8:101::1=true", out.get(0));
        assertEquals(List.of(
                "tattler.isLocal: not an IP address: 'example.com'",
                "tattler.isLocal: not an IP address: '10.0.0.256'",
                "tattler.isLocal: not an IP address: '1:2:3'",
                "tattler.isLocal: not an IP address: 'fe80::1%eth0'",
                "tattler.isLocal(address): address must be a string, not 42",
                "tattler.isLocal(address): address must be a string, not null"), out.subList(1, out.size()));
    }

    @Test
    void configuredLocalNetsReplaceTheDefaults() throws Exception {
        ScriptRun run = new ScriptRun(ScriptRun.Setup.defaults().localNets("10.1.0.0/16", "8.8.8.0/24"));
        run.load("local.js", PROBE_ADDRESSES);
        run.close();
        assertEquals("10.1.2.3=true 192.168.1.20=false 172.31.255.255=false 100.64.0.1=false 8.8.8.8=true"
                + " 198.51.100.7=false ::1=false fe80::1=false fd12:3456::1=false 2001:db8::5=false"
                + " 2606:4700::1111=false ::ffff:10.0.0.1=false [fe80::2]=false 2002:c0a8:101::1=false",
                run.outLines().get(0));
    }

    @Test
    void configValuesAreTypedFlatAndNestedAndFrozen() throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("worm770.window", "2.5");
        options.put("worm770.burst", "5");
        options.put("worm770.enabled", "true");
        options.put("worm770.subnet", "10.0.0.0/8");
        options.put("verbose", "false");
        options.put("zip", "007");
        options.put("big", "1e3");
        options.put("name", "with \"quotes\" and \\ and\ttab");
        options.put("a", "1");
        options.put("a.b", "2");
        ScriptRun run = new ScriptRun(ScriptRun.Setup.defaults().options(options));
        run.load("config.js", String.join("\n",
                "'use strict';",
                "const c = tattler.config;",
                "const show = (v) => typeof v + ':' + String(v);",
                "console.log(show(c['worm770.window']), show(c['worm770.burst']), show(c['worm770.enabled']),",
                "  show(c['worm770.subnet']), show(c.verbose), show(c.zip), show(c.big), show(c.name));",
                "console.log(show(c.worm770.window), show(c.worm770.burst), Object.keys(c.worm770).join(','));",
                "console.log(show(c.a), show(c['a.b']), show(c.missing));",
                "try { c.verbose = true; console.log('changed'); } catch (e) { console.log(e.constructor.name); }",
                "try { c.worm770.burst = 9; console.log('changed'); } catch (e) { console.log(e.constructor.name); }",
                "try { tattler.config = {}; console.log('replaced ' + (tattler.config === c)); }"
                        + " catch (e) { console.log('not replaced ' + (tattler.config === c)); }",
                "console.log(Object.keys(c).join(','));"));
        run.close();
        List<String> out = run.outLines();
        assertEquals("number:2.5 number:5 boolean:true string:10.0.0.0/8 boolean:false string:007 number:1000"
                + " string:with \"quotes\" and \\ and\ttab", out.get(0));
        assertEquals("number:2.5 number:5 window,burst,enabled,subnet", out.get(1));
        assertEquals("number:1 number:2 undefined:undefined", out.get(2), "a flat value is not replaced by a nested view");
        assertEquals("TypeError", out.get(3));
        assertEquals("TypeError", out.get(4));
        assertTrue(out.get(5).endsWith("true"), out.get(5));
        assertEquals("worm770.window,worm770.burst,worm770.enabled,worm770.subnet,verbose,zip,big,name,a,a.b,worm770",
                out.get(6));
    }
}
