package dev.tattler.cli;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;
import dev.tattler.engine.EngineConfig;
import dev.tattler.engine.EventEngine;
import dev.tattler.event.EventBus;
import dev.tattler.generate.LanScenario;
import dev.tattler.log.LogFormat;
import dev.tattler.log.LogManager;
import dev.tattler.log.Reporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGHUP's reload, without the signal: new scripts replace the old ones between two packets —
 * the old handlers and timers stop, the new scripts get tattler_init — and scripts that fail
 * to load leave the old ones running, with a reporter entry.
 */
class ScriptSetTest {
    @TempDir
    Path dir;

    private static String script(int version) {
        return String.join("\n",
                "let n = 0;",
                "tattler.on('tattler_init', () => console.log('init v" + version + "'));",
                "tattler.on('raw_packet', () => { n++; });",
                "const tick = () => { console.log('tick v" + version + " ' + n); tattler.schedule(10, tick); };",
                "tattler.schedule(10, tick);");
    }

    @Test
    void aReloadSwapsTheScriptsBetweenTwoPacketsAndAFailedOneKeepsTheOld() throws Exception {
        Path capture = dir.resolve("lan.pcap");
        LanScenario.write(capture, 5, LanScenario.Options.defaults().withDuration(Duration.ofMinutes(2)));
        Path js = dir.resolve("count.js");
        Files.writeString(js, script(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        LogManager logs = new LogManager(dir, LogFormat.TSV);
        EventEngine engine = new EventEngine(EngineConfig.defaults(dir), new EventBus((t, h, x) -> { }),
                new Reporter(e), logs);
        try (ScriptSet scripts = new ScriptSet(List.of(ScriptRef.resolve(js.toString())), engine, o, e);
             PacketSource source = CaptureFiles.open(capture)) {
            scripts.load();
            engine.start();
            PacketRecord r = new PacketRecord();
            int packets = 0;
            while (source.next(r)) {
                engine.process(r);
                packets++;
                if (packets == 300) {
                    Files.writeString(js, script(2));
                    scripts.requestReload();
                    scripts.reloadIfRequested();
                }
                if (packets == 600) {
                    Files.writeString(js, "tattler.on('raw_packet', () => {");
                    scripts.requestReload();
                    scripts.reloadIfRequested();
                }
            }
            engine.finish();
        } finally {
            logs.closeAll();
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        String reported = err.toString(StandardCharsets.UTF_8);
        int reload = printed.indexOf("init v2");
        assertTrue(printed.startsWith("init v1\n") && reload > 0, printed);
        assertFalse(printed.substring(reload).contains("tick v1"), "version 1's timers end with it:\n" + printed);
        assertTrue(printed.substring(reload).contains("tick v2"), printed);
        assertEquals(-1, printed.indexOf("init v1", reload), "tattler_init goes to the new scripts only");
        assertTrue(reported.matches("(?s).*scripts reloaded in \\d+ ms: " + java.util.regex.Pattern.quote(
                dir.resolve("count.js").toString()) + ".*"), reported);
        assertTrue(reported.contains("error: reload failed, the scripts loaded before keep running: "), reported);
        assertTrue(reported.contains("SyntaxError"), reported);
        // Version 2 counted every packet from the first reload to the end, the failed reload included.
        String last = printed.lines().filter(l -> l.startsWith("tick v2 ")).reduce((a, b) -> b).orElse("");
        assertTrue(Integer.parseInt(last.substring(8)) > 300, printed);
        assertEquals(-1, printed.indexOf("init v3"));
    }
}
