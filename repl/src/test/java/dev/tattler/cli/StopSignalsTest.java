package dev.tattler.cli;

import dev.tattler.generate.LanScenario;
import dev.tattler.testing.ZeekLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM in the middle of a run, to a real tattler process: the run stops between two packets,
 * tattler_done runs, every log is whole and closed, and the exit status is 0.
 */
class StopSignalsTest {
    @TempDir
    Path dir;

    @Test
    void sigtermLeavesEveryLogClosed() throws Exception {
        Path capture = dir.resolve("lan.pcap");
        LanScenario.write(capture, 9, LanScenario.Options.defaults().withDuration(Duration.ofMinutes(10)));
        Path js = dir.resolve("slow.js");
        // Slow enough that the capture takes far longer than the test waits; notices and a
        // script log so that several logs are open when the signal comes.
        Files.writeString(js, String.join("\n",
                "tattler.log.create('slow', { fields: { ts: 'time', n: 'count' } });",
                "let n = 0;",
                "tattler.on('raw_packet', (p) => {",
                "  n++; let x = 0; for (let i = 0; i < 20000; i++) x += i;",
                "  tattler.log.write('slow', { ts: p.ts, n: n });",
                "  if (n === 50) console.log('running');",
                "});",
                "tattler.on('tattler_done', () => console.log('done ' + n));"));
        Path logs = dir.resolve("logs");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dpolyglot.engine.WarnInterpreterOnly=false", Main.class.getName(),
                "run", "-r", capture.toString(), "--log-dir", logs.toString(), js.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.equals("running")) {
                break;
            }
        }
        assertTrue(seen.toString().contains("running"), seen.toString());
        // Process.destroy() would close our end of its output; send the signal with kill(1).
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exits after SIGTERM");
        assertEquals(0, p.exitValue(), seen.toString());
        assertTrue(seen.toString().contains("stopped by SIGTERM"), seen.toString());
        String done = seen.toString().lines().filter(l -> l.startsWith("done ")).findFirst().orElse("");
        int handled = Integer.parseInt(done.substring(5));
        long frames = LanScenario.write(dir.resolve("again.pcap"), 9,
                LanScenario.Options.defaults().withDuration(Duration.ofMinutes(10))).frames();
        assertTrue(handled >= 50 && handled < frames, "stopped part-way: " + handled + " of " + frames);
        for (String log : List.of("slow", "conn")) {
            ZeekLog parsed = ZeekLog.read(logs.resolve(log + ".log")); // checks every row is whole
            assertTrue(parsed.header.containsKey("close"), log + ".log has #close");
            assertFalse(parsed.rows.isEmpty(), log);
        }
        assertEquals(handled, ZeekLog.read(logs.resolve("slow.log")).rows.size(), "no row lost");
    }
}
