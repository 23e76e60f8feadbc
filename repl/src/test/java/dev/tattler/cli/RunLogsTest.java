package dev.tattler.cli;

import dev.tattler.generate.LanScenario;
import dev.tattler.testing.ZeekLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The logs a run writes, in TSV and JSON, and the run options that shape them. */
class RunLogsTest {
    @TempDir
    Path dir;

    private Path lan() throws Exception {
        Path f = dir.resolve("lan.pcap");
        LanScenario.write(f, 5, LanScenario.Options.defaults());
        return f;
    }

    private Path script(String code) throws Exception {
        Path p = dir.resolve("s.js");
        Files.writeString(p, code);
        return p;
    }

    @Test
    void tsvAndJsonCarryTheSameRows() throws Exception {
        Path capture = lan();
        Path tsv = dir.resolve("tsv");
        Path json = dir.resolve("json");
        Path js = script("tattler.on('new_connection', (c) => { if (c.id.resp_p == 53) tattler.notice({"
                + " note: 'Test::DNS', msg: 'dns to ' + c.id.resp_h, conn: c, identifier: c.id.resp_h }); });");
        assertEquals(0, Cli.run("run", "-r", capture.toString(), "--log-dir", tsv.toString(), js.toString()).status);
        Cli r = Cli.run("run", "-r", capture.toString(), "--json", "--log-dir", json.toString(), js.toString());
        assertEquals(0, r.status, r.err);
        for (String log : List.of("conn", "notice")) {
            ZeekLog t = ZeekLog.read(tsv.resolve(log + ".log"));
            ZeekLog j = ZeekLog.readJson(json.resolve(log + ".log"));
            assertEquals(t.rows.size(), j.rows.size(), log);
            assertTrue(t.header.containsKey("close"), log + " closed");
            assertFalse(t.rows.isEmpty(), log);
            // Same uids in the same order; JSON leaves unset fields out, TSV writes '-'.
            assertEquals(column(t, "uid"), column(j, "uid"), log);
            assertEquals(column(t, "id.orig_h"), column(j, "id.orig_h"), log);
            for (int i = 0; i < t.rows.size(); i++) {
                for (Map.Entry<String, String> e : j.rows.get(i).entrySet()) {
                    String tsvValue = t.rows.get(i).get(e.getKey());
                    assertTrue(tsvValue != null, log + ": JSON key " + e.getKey() + " not a TSV column");
                    if (e.getKey().equals("ts") || tsvValue.contains(",") || tsvValue.equals("(empty)")) {
                        continue; // ts checked below as a number; sets are arrays in JSON
                    }
                    if (j.objects.get(i).get(e.getKey()) instanceof Number) {
                        assertEquals(Double.parseDouble(tsvValue), Double.parseDouble(e.getValue()), 1e-9,
                                log + " row " + i + " " + e.getKey());
                    } else {
                        assertEquals(tsvValue, e.getValue(), log + " row " + i + " " + e.getKey());
                    }
                }
            }
        }
        Object ts = ZeekLog.readJson(json.resolve("conn.log")).objects.get(0).get("ts");
        assertTrue(ts instanceof Number, "ts is a JSON number as Zeek writes it: " + ts);
    }

    private static List<String> column(ZeekLog log, String name) {
        return log.rows.stream().map(r -> r.get(name)).collect(Collectors.toList());
    }

    @Test
    void setOptionsReachTheScriptTyped() throws Exception {
        Path js = script("tattler.on('tattler_init', () => console.log(JSON.stringify(["
                + "tattler.config['worm770.window'], typeof tattler.config['worm770.window'],"
                + " tattler.config.flag, tattler.config.name])));");
        Cli r = Cli.run("run", "-r", lan().toString(), "--log-dir", dir.toString(), "--set", "worm770.window=0.5",
                "--set", "flag=true", "--set", "name=office", js.toString());
        assertEquals(0, r.status, r.err);
        assertEquals("[0.5,\"number\",true,\"office\"]", r.out.trim());
        Cli bad = Cli.run("run", "-r", lan().toString(), "--set", "novalue", js.toString());
        assertEquals(2, bad.status);
        assertTrue(bad.err.contains("--set needs NAME=VALUE"), bad.err);
        // worm770's counting options are checked where the script reads them, in their own words
        Cli zero = Cli.run("run", "-r", lan().toString(), "--log-dir", dir.resolve("z").toString(),
                "--set", "worm770.conversation_count=0", "worm770");
        assertEquals(1, zero.status);
        assertTrue(zero.err.contains("--set worm770.conversation_count: expected a whole number from 1 to 10000, got 0"),
                zero.err);
    }

    @Test
    void checksumsAreCheckedUnlessDashC() throws Exception {
        // pcapng-multi-interface: outgoing packets captured before checksum offload filled them in
        Path capture = Cli.corpus("zeek/testing/btest/Traces/pcapng-multi-interface.pcapng");
        Path js = script("let n = 0; tattler.on('udp_request', () => n++); tattler.on('udp_reply', () => n++);"
                + " tattler.on('tattler_done', () => console.log(n));");
        Cli checked = Cli.run("run", "-r", capture.toString(), "--log-dir", dir.resolve("a").toString(), js.toString());
        Cli ignored = Cli.run("run", "-r", capture.toString(), "-C", "--log-dir", dir.resolve("b").toString(), js.toString());
        assertEquals("3", checked.out.trim());
        assertEquals("6", ignored.out.trim());
        assertTrue(Files.readString(dir.resolve("a").resolve("weird.log")).contains("bad_UDP_checksum"));
    }

    @Test
    void aRunWithoutWeirdsLeavesNoWeirdLog() throws Exception {
        Cli r = Cli.run("run", "-r", lan().toString(), "--log-dir", dir.resolve("logs").toString());
        assertEquals(0, r.status, r.err);
        assertTrue(Files.exists(dir.resolve("logs").resolve("conn.log")));
        assertFalse(Files.exists(dir.resolve("logs").resolve("weird.log")), "as Zeek: no rows, no file");
    }
}
