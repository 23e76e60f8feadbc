package dev.tattler.script;

import dev.tattler.testing.ZeekLog;
import dev.tattler.generate.LanScenario;
import dev.tattler.log.LogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The complete example in docs/scripting.md runs as printed, and does what it says on a LAN with a traceroute. */
class ScriptingDocTest {
    @TempDir
    Path dir;

    private static String example() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "scripting.md"));
        Matcher m = Pattern.compile("## A complete example\\s+```js\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/scripting.md has a complete example");
        return m.group(1);
    }

    @Test
    void theCompleteExampleRuns() throws Exception {
        Path f = dir.resolve("lan.pcap");
        var truth = LanScenario.write(f, 6, LanScenario.Options.defaults());
        Path logs = Files.createDirectories(dir.resolve("logs"));
        ScriptRun run = new ScriptRun(ScriptRun.Setup.defaults().logs(logs, LogFormat.TSV)
                .options(Map.of("scan.ports", "10")));
        run.load("portscan-lite.js", example());
        run.run(f);
        assertEquals("", run.err());
        assertTrue(run.out().trim().endsWith("pairs still in a window"), run.out());
        // The LAN's traceroute sends UDP to consecutive ports of one target: the example flags it.
        assertTrue(truth.tracerouteProbes() >= 10, "the scenario runs a traceroute");
        ZeekLog scans = ZeekLog.read(logs.resolve("udp_scan.log"));
        ZeekLog notices = ZeekLog.read(logs.resolve("notice.log"));
        assertEquals(scans.rows.size(), notices.rows.size());
        assertTrue(scans.rows.size() >= 1);
        assertEquals("Scan::UDP_Ports", notices.rows.get(0).get("note"));
        assertEquals("10", notices.rows.get(0).get("n"));
        assertEquals("udp", notices.rows.get(0).get("proto"));
    }
}
