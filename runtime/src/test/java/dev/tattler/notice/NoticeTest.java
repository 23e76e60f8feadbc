package dev.tattler.notice;

import dev.tattler.testing.ZeekLog;
import dev.tattler.event.EventType;
import dev.tattler.event.NoticeInfo;
import dev.tattler.generate.GroundTruth;
import dev.tattler.generate.LanScenario;
import dev.tattler.log.LogFormat;
import dev.tattler.script.ScriptRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notice framework end to end: {@code tattler.notice} and the Java API write notice.log
 * with Zeek's columns, raise the {@code notice} event, and suppress repeats by (note,
 * identifier) over network time.
 */
class NoticeTest {
    private static final String SUBNET = "10.20.30.0/24";

    @TempDir
    Path dir;

    private Path capture;
    private GroundTruth truth;

    private Path lan() throws Exception {
        capture = dir.resolve("lan.pcap");
        truth = LanScenario.write(capture, 21, LanScenario.Options.defaults().withSubnet(SUBNET));
        return capture;
    }

    private ScriptRun run(LogFormat format) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs-" + format));
        return new ScriptRun(ScriptRun.Setup.defaults().localNets(SUBNET).logs(logs, format));
    }

    private Path log(LogFormat format, String name) {
        return dir.resolve("logs-" + format).resolve(name + ".log");
    }

    @Test
    void noticeLogHasZeeksColumnsAndRepeatsAreSuppressedByIdentifier() throws Exception {
        lan();
        ScriptRun run = run(LogFormat.TSV);
        run.load("bcast.js", String.join("\n",
                "let logged = 0, suppressed = 0, events = 0;",
                "tattler.on('broadcast_seen', (b) => {",
                "  if (b.kind !== 'directed') return;",
                "  const ok = tattler.notice({ note: 'Test::Directed_Broadcast', msg: 'directed broadcast from ' + b.src,",
                "    sub: b.proto + ' to port ' + b.dport, src: b.src, dst: b.dst, p: b.dport, identifier: b.src,",
                "    advice: 'look at ' + b.src });",
                "  if (ok) logged++; else suppressed++;",
                "});",
                "tattler.on('notice', (n) => { events++; });",
                "tattler.on('tattler_done', () => console.log(logged + ' ' + suppressed + ' ' + events));"));
        Set<String> sources = new LinkedHashSet<>();
        run.watch(EventType.BROADCAST_SEEN, ScriptRun.handler((b, p) -> {
            dev.tattler.event.BroadcastInfo info = (dev.tattler.event.BroadcastInfo) b;
            if (info.kind.equals("directed")) {
                sources.add(info.src);
            }
        }));
        run.run(capture);
        String[] counts = run.out().trim().split(" ");
        assertEquals(String.valueOf(sources.size()), counts[0], "one notice per source: the capture is shorter than an hour");
        assertEquals(truth.udpToDirectedBroadcast() - sources.size(), Long.parseLong(counts[1]));
        assertEquals(counts[0], counts[2], "the notice event fires for logged notices only");
        assertEquals(truth.udpToDirectedBroadcast() - sources.size(), run.engine.notices().suppressed());
        assertEquals(Map.of("Test::Directed_Broadcast", truth.udpToDirectedBroadcast() - sources.size()),
                run.engine.notices().suppressedByNote());

        ZeekLog notice = ZeekLog.read(log(LogFormat.TSV, "notice"));
        assertTrue(notice.closed());
        assertEquals("notice", notice.header.get("path"));
        assertEquals(List.of("ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "note", "msg",
                "sub", "src", "dst", "p", "n", "peer_descr", "actions", "suppress_for", "advice"), notice.fields);
        assertEquals(List.of("time", "string", "addr", "port", "addr", "port", "enum", "enum", "string", "string",
                "addr", "addr", "port", "count", "string", "set[enum]", "interval", "string"), notice.types);
        assertEquals(new ArrayList<>(sources), notice.column("src"));
        Map<String, String> first = notice.rows.get(0);
        assertEquals("Test::Directed_Broadcast", first.get("note"));
        assertEquals("directed broadcast from " + first.get("src"), first.get("msg"));
        assertEquals("10.20.30.255", first.get("dst"));
        assertTrue(first.get("sub").startsWith("udp to port "), first.get("sub"));
        assertEquals(first.get("sub").substring("udp to port ".length()), first.get("p"));
        assertEquals("Notice::ACTION_LOG", first.get("actions"));
        assertEquals("3600.000000", first.get("suppress_for"), "Zeek's default suppression interval");
        assertEquals("look at " + first.get("src"), first.get("advice"));
        for (String unset : List.of("uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "n", "peer_descr")) {
            assertEquals("-", first.get(unset), unset + " is unset without a connection");
        }
        double ts = Double.parseDouble(first.get("ts"));
        assertTrue(ts >= truth.firstNanos() / 1e9 - 1e-6 && ts <= truth.lastNanos() / 1e9 + 1e-6, "ts is network time: " + ts);
    }

    @Test
    void theWindowRunsOnNetworkTimeFromTheNoticeThatOpenedIt() throws Exception {
        lan();
        ScriptRun run = run(LogFormat.TSV);
        run.load("every.js", String.join("\n",
                "tattler.on('raw_packet', () => {",
                "  tattler.notice({ note: 'Test::Every_Packet', msg: 'a packet', identifier: 'same', suppress_for: 10 });",
                "  tattler.notice({ note: 'Test::Every_Packet', msg: 'no identifier' });",
                "  tattler.notice({ note: 'Test::Unsuppressed', msg: 'suppress_for 0', identifier: 'same', suppress_for: 0 });",
                "});"));
        List<Long> times = new ArrayList<>();
        run.watch(EventType.RAW_PACKET, ScriptRun.handler((p, x) -> times.add(run.engine.networkTime())));
        run.run(capture);
        // Expected: a notice is logged when no window is open; its window closes 10 s after it.
        List<Long> expected = new ArrayList<>();
        long until = Long.MIN_VALUE;
        for (long t : times) {
            if (t >= until) {
                expected.add(t);
                until = t + 10_000_000_000L;
            }
        }
        assertTrue(expected.size() >= 5, "a 60 s capture opens several 10 s windows: " + expected.size());
        ZeekLog notice = ZeekLog.read(log(LogFormat.TSV, "notice"));
        List<String> windowed = new ArrayList<>();
        long noIdentifier = 0;
        long unsuppressed = 0;
        for (Map<String, String> r : notice.rows) {
            if (r.get("msg").equals("a packet")) {
                windowed.add(r.get("ts"));
                assertEquals("10.000000", r.get("suppress_for"));
            } else if (r.get("msg").equals("no identifier")) {
                noIdentifier++;
            } else {
                unsuppressed++;
                assertEquals("0.000000", r.get("suppress_for"));
            }
        }
        List<String> want = new ArrayList<>();
        for (long t : expected) {
            want.add(dev.tattler.log.TimeValue.format(t));
        }
        assertEquals(want, windowed, "same note and identifier: suppressed within the window, logged after it");
        assertEquals(truth.frames(), noIdentifier, "without an identifier nothing is suppressed (as in Zeek)");
        assertEquals(truth.frames(), unsuppressed, "suppress_for 0 disables suppression");
        assertEquals(truth.frames() - expected.size(), run.engine.notices().suppressed());
        assertEquals((truth.frames() - expected.size()) + " notices suppressed as repeats (Test::Every_Packet "
                + (truth.frames() - expected.size()) + ")", run.engine.notices().suppressionSummary());
    }

    @Test
    void aNoticeAboutAConnectionCarriesItsUidAndEndpointsInJson() throws Exception {
        lan();
        ScriptRun run = run(LogFormat.JSON);
        run.load("conn.js", String.join("\n",
                "const seen = [];",
                "tattler.on('udp_request', (c, p) => {",
                "  if (c.id.resp_p !== 53) return;",
                "  tattler.notice({ note: 'Test::DNS', msg: 'dns from ' + c.id.orig_h, conn: c, n: c.orig_pkts,",
                "    identifier: c.uid });",
                "});",
                "tattler.on('notice', (n) => seen.push([n.note, n.uid, n.id.orig_h, n.id.resp_p, n.proto, n.src, n.dst,",
                "  n.p, n.n, n.identifier, n.suppress_for, n.msg, n.sub, n.advice, n.ts > 0].join('|')));",
                "tattler.on('tattler_done', () => seen.forEach((s) => console.log(s)));"));
        run.run(capture);
        ZeekLog notice = ZeekLog.readJson(log(LogFormat.JSON, "notice"));
        assertFalse(notice.objects.isEmpty(), "the LAN has DNS");
        List<String> events = run.outLines();
        assertEquals(notice.objects.size(), events.size());
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> o = notice.objects.get(i);
            assertEquals("udp", o.get("proto"));
            assertEquals(53L, o.get("id.resp_p"));
            assertEquals(o.get("id.orig_h"), o.get("src"), "src comes from the connection, as Zeek fills it");
            assertEquals(o.get("id.resp_h"), o.get("dst"));
            assertEquals(53L, o.get("p"));
            assertEquals(1L, o.get("n"));
            assertEquals(List.of("Notice::ACTION_LOG"), o.get("actions"));
            assertEquals(3600.0, o.get("suppress_for"));
            assertFalse(o.containsKey("sub"), "unset fields are left out of JSON");
            assertTrue(((String) o.get("uid")).startsWith("C"));
            assertEquals("Test::DNS|" + o.get("uid") + "|" + o.get("id.orig_h") + "|53|udp|" + o.get("src") + "|"
                    + o.get("dst") + "|53|1|" + o.get("uid") + "|3600|dns from " + o.get("id.orig_h") + "|||true",
                    events.get(i));
        }
    }

    @Test
    void javaAnalyzersRaiseNoticesThroughTheSameFramework() throws Exception {
        lan();
        ScriptRun run = run(LogFormat.TSV);
        run.load("listen.js", "tattler.on('notice', (n) => console.log(n.note + ' ' + n.src + ' ' + n.advice));");
        List<Boolean> results = new ArrayList<>();
        Set<String> announcers = new LinkedHashSet<>();
        run.watch(EventType.ARP_REQUEST, ScriptRun.handler((a, x) -> {
            dev.tattler.event.ArpInfo arp = (dev.tattler.event.ArpInfo) a;
            if (arp.gratuitous) {
                announcers.add(arp.spa);
                results.add(run.engine.notices().raise(Notice.builder("Test::Gratuitous_Arp")
                        .msg(arp.spa + " announced itself").src(arp.spa).identifier(arp.spa)
                        .advice("none needed").build()));
            }
        }));
        List<NoticeInfo> infos = new ArrayList<>();
        run.watch(EventType.NOTICE, ScriptRun.handler((n, x) -> infos.add((NoticeInfo) n)));
        run.run(capture);
        long logged = results.stream().filter(b -> b).count();
        assertTrue(logged > 0, "the LAN's hosts announce themselves");
        assertEquals(announcers.size(), logged, "once per host: raise() is true for the first, false for repeats");
        assertEquals(logged, run.outLines().size());
        assertEquals(logged, infos.size());
        assertTrue(run.outLines().get(0).startsWith("Test::Gratuitous_Arp 10.20.30."), run.outLines().get(0));
        assertNull(infos.get(0).id);
        assertEquals(Notices.DEFAULT_SUPPRESSION_SECONDS, infos.get(0).suppress_for);
        assertEquals(logged, ZeekLog.read(log(LogFormat.TSV, "notice")).rows.size());
    }

    @Test
    void mistakesAreExceptionsAtTheCallSite() throws Exception {
        ScriptRun run = run(LogFormat.TSV);
        run.load("bad.js", String.join("\n",
                "const tries = [",
                "  () => tattler.notice({ msg: 'no note' }),",
                "  () => tattler.notice({ note: 'has spaces in it' }),",
                "  () => tattler.notice({ note: 'Test::X', supress_for: 10 }),",
                "  () => tattler.notice({ note: 'Test::X', src: 'host.example' }),",
                "  () => tattler.notice({ note: 'Test::X', p: 65536 }),",
                "  () => tattler.notice({ note: 'Test::X', suppress_for: -1 }),",
                "  () => tattler.notice({ note: 'Test::X', conn: { uid: 'Cfake' } }),",
                "  () => tattler.notice('Test::X'),",
                "  () => tattler.notice({ note: 'Test::X', identifier: 42, msg: 7 }),",
                "];",
                "for (const t of tries) { try { console.log('ok ' + t()); } catch (e) { console.log(e.message); } }"));
        run.close();
        assertEquals(List.of(
                "tattler.notice: note is required, e.g. note: 'Worm770::Burst'",
                "tattler.notice: note must be a name like 'Worm770::Burst' (letters, digits, _ and ::), not 'has spaces in it'",
                "tattler.notice: unknown field 'supress_for' (fields: note, msg, sub, src, dst, p, n, proto, conn,"
                        + " identifier, suppress_for, advice)",
                "tattler.notice: src must be an IPv4 or IPv6 address, not 'host.example'",
                "tattler.notice: p must be a whole number 0..65535, not 65536",
                "tattler.notice: suppress_for must be seconds, 0 or more, not -1.0",
                "tattler.notice: conn must be a connection from an event (such as c in udp_request), not an object",
                "tattler.notice(notice): notice must be an object { note, msg, ... }",
                "ok true"), run.outLines());
    }

    @Test
    void aNoticeHandlerThatKeepsRaisingNoticesIsStopped() throws Exception {
        lan();
        ScriptRun run = run(LogFormat.TSV);
        run.load("echo.js", String.join("\n",
                "let depth = 0;",
                "tattler.on('tattler_init', () => tattler.notice({ note: 'Test::Echo', suppress_for: 0 }));",
                "tattler.on('notice', () => { depth++; tattler.notice({ note: 'Test::Echo', suppress_for: 0 }); });",
                "tattler.on('tattler_done', () => console.log('depth ' + depth));"));
        run.run(capture);
        assertEquals("depth 8", run.out().trim());
        assertTrue(run.err().contains("raised from notice handlers nested 8 deep"), run.err());
        assertEquals(8, ZeekLog.read(log(LogFormat.TSV, "notice")).rows.size());
    }

    @Test
    void theBuilderChecksItsValues() {
        assertThrows(IllegalArgumentException.class, () -> Notice.builder(null));
        assertThrows(IllegalArgumentException.class, () -> Notice.builder("A::B").dst("999.1.1.1"));
        assertThrows(IllegalArgumentException.class, () -> Notice.builder("A::B").n(-1L));
        assertThrows(IllegalArgumentException.class, () -> Notice.builder("A::B").suppressFor(Double.NaN));
        Notice n = Notice.builder("A::B").conn("Cx", new dev.tattler.event.ConnId("fe80::1", 5, "fe80::2", 547), "udp")
                .build();
        assertEquals("A::B", n.note());
        assertEquals("fe80::1", n.src);
        assertEquals("fe80::2", n.dst);
        assertEquals(547, n.p);
    }
}
