package dev.tattler.script;

import dev.tattler.testing.ZeekLog;
import dev.tattler.generate.LanScenario;
import dev.tattler.log.LogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tattler.log.create} / {@code write}: round trips in both formats, and every mistake caught at the call. */
class ScriptLogsTest {
    @TempDir
    Path dir;

    /** A script that logs one row per UDP request to the directed broadcast, with every type. */
    private static final String LOGGER = String.join("\n",
            "tattler.log.create('bcast', { fields: {",
            "  ts: 'time', 'id.orig_h': 'addr', 'id.orig_p': 'port', 'id.resp_h': 'addr', 'id.resp_p': 'port',",
            "  len: 'count', delta: 'int', ratio: 'double', age: 'interval', kind: 'enum', note: 'string',",
            "  local: 'bool', tags: 'set[string]', ports: 'vector[count]', peers: 'set[addr]', missing: 'string' } });",
            "let rows = 0, prev = null;",
            "tattler.on('broadcast_seen', (b, p) => {",
            "  if (b.kind !== 'directed' || p.proto !== 'udp' || rows >= 3) return;",
            "  rows++;",
            "  tattler.log.write('bcast', { ts: p.ts, id: { orig_h: p.src, orig_p: p.sport },",
            "    'id.resp_h': p.dst, 'id.resp_p': p.dport, len: p.len, delta: -rows, ratio: rows / 4,",
            "    age: prev === null ? undefined : p.ts - prev, kind: b.kind, note: rows === 1 ? '' : rows === 2 ? '-' : 'a\\tb,c',",
            "    local: tattler.isLocal(p.src), tags: new Set(['x', 'y', 'x']), ports: [p.sport, p.dport],",
            "    peers: [p.src, p.dst] });",
            "  prev = p.ts;",
            "});",
            "tattler.on('tattler_done', () => console.log('rows ' + rows));");

    private ScriptRun logged(LogFormat format) throws Exception {
        Path f = dir.resolve("lan.pcap");
        LanScenario.write(f, 4, LanScenario.Options.defaults().withSubnet("10.9.8.0/24"));
        Path logs = Files.createDirectories(dir.resolve(format.name()));
        ScriptRun run = new ScriptRun(ScriptRun.Setup.defaults().localNets("10.9.8.0/24").logs(logs, format));
        run.load("bcast.js", LOGGER);
        run.run(f);
        assertEquals("rows 3", run.out().trim());
        assertEquals("", run.err());
        return run;
    }

    @Test
    void tsvRoundTrip() throws Exception {
        logged(LogFormat.TSV);
        ZeekLog log = ZeekLog.read(dir.resolve("TSV/bcast.log"));
        assertTrue(log.closed(), "closed with #close at the end of the run");
        assertEquals("bcast", log.header.get("path"));
        assertEquals(List.of("ts", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "len", "delta", "ratio", "age",
                "kind", "note", "local", "tags", "ports", "peers", "missing"), log.fields);
        assertEquals(List.of("time", "addr", "port", "addr", "port", "count", "int", "double", "interval", "enum",
                "string", "bool", "set[string]", "vector[count]", "set[addr]", "string"), log.types);
        assertEquals(3, log.rows.size());
        Map<String, String> r = log.rows.get(0);
        assertTrue(r.get("ts").matches("1714986\\d{3}\\.\\d{6}"), r.get("ts"));
        assertTrue(r.get("id.orig_h").startsWith("10.9.8."), "nested object fills the dotted column: " + r);
        assertEquals("10.9.8.255", r.get("id.resp_h"));
        assertEquals("-1", r.get("delta"));
        assertEquals("0.250000", r.get("ratio"));
        assertEquals("-", r.get("age"), "undefined is unset");
        assertEquals("directed", r.get("kind"));
        assertEquals("(empty)", r.get("note"), "an empty string is Zeek's (empty)");
        assertEquals("T", r.get("local"));
        assertEquals("x,y", r.get("tags"), "a set has each element once");
        assertEquals(r.get("id.orig_p") + "," + r.get("id.resp_p"), r.get("ports"));
        assertEquals(r.get("id.orig_h") + ",10.9.8.255", r.get("peers"));
        assertEquals("-", r.get("missing"), "a field not given is unset");
        assertEquals("\\x2d", log.rows.get(1).get("note"), "a lone '-' cannot be mistaken for unset");
        assertEquals("a\\x09b,c", log.rows.get(2).get("note"), "the separator is escaped");
        assertTrue(log.rows.get(1).get("age").matches("\\d+\\.\\d{6}"), log.rows.get(1).get("age"));
    }

    @Test
    void jsonRoundTrip() throws Exception {
        logged(LogFormat.JSON);
        ZeekLog log = ZeekLog.readJson(dir.resolve("JSON/bcast.log"));
        assertEquals(3, log.objects.size());
        Map<String, Object> o = log.objects.get(0);
        assertTrue(o.get("ts") instanceof Double, "time is a number: " + o);
        assertEquals("10.9.8.255", o.get("id.resp_h"), "dotted keys as Zeek writes them");
        assertTrue(o.get("id.orig_p") instanceof Long, "port is a number: " + o);
        assertEquals(-1L, o.get("delta"));
        assertEquals(0.25, o.get("ratio"));
        assertFalse(o.containsKey("age"), "unset values are left out");
        assertFalse(o.containsKey("missing"));
        assertEquals(Boolean.TRUE, o.get("local"));
        assertEquals(List.of("x", "y"), o.get("tags"));
        assertEquals(List.of(o.get("id.orig_p"), o.get("id.resp_p")), o.get("ports"), "vector[count] holds numbers");
        assertEquals("", o.get("note"));
        assertEquals("a\tb,c", log.objects.get(2).get("note"));
    }

    @Test
    void mistakesAreExceptionsAtTheCallSite() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        ScriptRun run = new ScriptRun(ScriptRun.Setup.defaults().logs(logs, LogFormat.TSV));
        run.load("mistakes.js", String.join("\n",
                "const tries = [",
                "  () => tattler.log.write('nope', { a: 1 }),",
                "  () => tattler.log.create('conn', { fields: { ts: 'time' } }),",
                "  () => tattler.log.create('notice', { fields: { ts: 'time' } }),",
                "  () => tattler.log.create('../escape', { fields: { ts: 'time' } }),",
                "  () => tattler.log.create('x', { fields: { ts: 'timestamp' } }),",
                "  () => tattler.log.create('x', { fields: { ts: 'set[double]' } }),",
                "  () => tattler.log.create('x', { fields: {} }),",
                "  () => tattler.log.create('x', { fields: { ts: 'time' }, rotate: 5 }),",
                "  () => tattler.log.create('x', { fields: { 'bad name': 'string' } }),",
                "  () => tattler.log.create('mine', { fields: { ts: 'time', host: 'addr', n: 'count', p: 'port',"
                        + " ok: 'bool', tags: 'vector[string]' } }),",
                "  () => tattler.log.create('mine', { fields: { ts: 'time', host: 'addr', n: 'count', p: 'port',"
                        + " ok: 'bool', tags: 'vector[string]' } }),",
                "  () => tattler.log.create('mine', { fields: { ts: 'time' } }),",
                "  () => tattler.log.write('mine', { ts: 1, hots: '10.0.0.1' }),",
                "  () => tattler.log.write('mine', { host: 'example.com' }),",
                "  () => tattler.log.write('mine', { n: -1 }),",
                "  () => tattler.log.write('mine', { n: 1.5 }),",
                "  () => tattler.log.write('mine', { p: 70000 }),",
                "  () => tattler.log.write('mine', { ts: 'yesterday' }),",
                "  () => tattler.log.write('mine', { ok: 'yes' }),",
                "  () => tattler.log.write('mine', { tags: 'abc' }),",
                "  () => tattler.log.write('mine', { tags: [null] }),",
                "  () => tattler.log.write('mine', 42),",
                "  () => tattler.log.write('mine', { ts: new Date(Date.UTC(2024, 4, 6, 9)), host: '::1', n: 3, p: 80,"
                        + " ok: false, tags: [] }),",
                "];",
                "for (const t of tries) { try { t(); console.log('ok'); } catch (e) { console.log(e.message); } }"));
        run.close();
        assertEquals(List.of(
                "tattler.log.write: no log 'nope'; create it first with tattler.log.create(path, { fields: {...} })",
                "tattler.log.create('conn', ...): conn.log is written by the engine; choose another name",
                "tattler.log.create('notice', ...): notice.log is written by the engine; choose another name",
                "tattler.log.create: the log name must be a plain word (letters, digits, _ and -, as 'worm770'), not '../escape'",
                "tattler.log.create('x', ...): field 'ts' has unknown type 'timestamp' (use time, interval, addr, port,"
                        + " count, int, double, string, bool, enum, set[T] or vector[T] of string, enum, addr, port, count, int)",
                "tattler.log.create('x', ...): field 'ts' has unknown type 'set[double]' (use time, interval, addr, port,"
                        + " count, int, double, string, bool, enum, set[T] or vector[T] of string, enum, addr, port, count, int)",
                "tattler.log.create('x', ...): fields must be an object of column names to Zeek types, e.g. { ts: 'time', host: 'addr' }",
                "tattler.log.create('x', ...): unknown option 'rotate' (only 'fields')",
                "tattler.log.create('x', ...): bad field name 'bad name' (letters, digits, _ and dots)",
                "ok",
                "ok",
                "tattler.log.create('mine', ...): log 'mine' already exists with other fields",
                "tattler.log.write('mine', record): log 'mine' has no field 'hots' (fields: ts, host, n, p, ok, tags)",
                "tattler.log.write('mine', record): field 'host' (addr) must be an IPv4 or IPv6 address, not 'example.com'",
                "tattler.log.write('mine', record): field 'n' (count) must be a whole number 0..9223372036854775807, not -1",
                "tattler.log.write('mine', record): field 'n' (count) must be a whole number 0..9223372036854775807, not 1.5",
                "tattler.log.write('mine', record): field 'p' (port) must be a whole number 0..65535, not 70000",
                "tattler.log.write('mine', record): field 'ts' (time) must be a number, not 'yesterday'",
                "tattler.log.write('mine', record): field 'ok' (bool) must be true or false, not 'yes'",
                "tattler.log.write('mine', record): field 'tags' (vector[string]) must be an array (or a Set), not 'abc'",
                "tattler.log.write('mine', record): field 'tags' (vector[string]): elements cannot be null or undefined",
                "tattler.log.write('mine', record): record must be an object, not 42",
                "ok"), run.outLines());
        ZeekLog mine = ZeekLog.read(logs.resolve("mine.log"));
        assertEquals(1, mine.rows.size(), "only the good row was written");
        assertEquals("1714986000.000000\t::1\t3\t80\tF\t(empty)", String.join("\t", mine.rows.get(0).values()));
        assertFalse(Files.exists(logs.resolve("x.log")), "a log is created on its first row, as in Zeek");
    }
}
