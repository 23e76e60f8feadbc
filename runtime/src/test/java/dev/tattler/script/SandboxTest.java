package dev.tattler.script;

import dev.tattler.testing.ZeekLog;
import dev.tattler.generate.GroundTruth;
import dev.tattler.generate.LanScenario;
import dev.tattler.log.LogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile or broken script cannot reach the host, read a file, hang the engine or lose a
 * log line. Each probe has the outcome docs/scripting.md ("Sandbox") documents.
 */
class SandboxTest {
    private static final Duration BUDGET = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private GroundTruth lan(Path f) throws Exception {
        return LanScenario.write(f, 9, LanScenario.Options.defaults().withSubnet("10.3.3.0/24"));
    }

    private Path logDir() throws Exception {
        return Files.createDirectories(dir.resolve("logs"));
    }

    @Test
    void noHostClassesFilesNetworkProcessesOrThreads() throws Exception {
        Files.writeString(dir.resolve("secret.txt"), "secret");
        ScriptRun run = new ScriptRun();
        run.load("probe.js", String.join("\n",
                "const out = [];",
                "const probe = (name, f) => { try { out.push(name + ':' + f()); } catch (e) { out.push(name + ':threw'); } };",
                "probe('Java.type', () => Java.type('java.lang.System'));",
                "probe('Java.type(File)', () => Java.type('java.io.File'));",
                "probe('load', () => typeof load);",
                "probe('require', () => typeof require);",
                "probe('process', () => typeof process);",
                "probe('fetch', () => typeof fetch);",
                "probe('XMLHttpRequest', () => typeof XMLHttpRequest);",
                "probe('Worker', () => typeof Worker);",
                "probe('Polyglot', () => typeof Polyglot);",
                "probe('read', () => typeof read);",
                "probe('readbuffer', () => typeof readbuffer);",
                "probe('quit', () => typeof quit);",
                "probe('print', () => typeof print);",
                "probe('tattler.bus', () => typeof tattler.bus);",
                "probe('tattler.host', () => typeof tattler.host);",
                "probe('tattler.getClass', () => typeof tattler.getClass);",
                "probe('log.logs', () => typeof tattler.log.logs);",
                "console.log(out.join(' '));",
                "import('" + dir.resolve("secret.txt") + "').then(() => console.log('import:read'),",
                "    (e) => console.log('import:' + (e.message.indexOf('refused') >= 0 ? 'refused' : e.message)));"));
        run.close();
        assertEquals(List.of(
                "Java.type:threw Java.type(File):threw load:undefined require:undefined process:undefined"
                        + " fetch:undefined XMLHttpRequest:undefined Worker:undefined Polyglot:undefined read:undefined"
                        + " readbuffer:undefined quit:undefined print:undefined tattler.bus:undefined"
                        + " tattler.host:undefined tattler.getClass:undefined log.logs:undefined",
                "import:refused"), run.outLines());
    }

    @Test
    void anInfiniteLoopHandlerIsInterruptedThenDisabledAndTheRunCompletesWithLogsClosed() throws Exception {
        Path f = dir.resolve("lan.pcap");
        GroundTruth truth = lan(f);
        Path logs = logDir();
        ScriptRun run = new ScriptRun(ScriptRun.Setup.defaults().budget(BUDGET).logs(logs, LogFormat.TSV));
        run.load("loop.js", String.join("\n",
                "let calls = 0, packets = 0;",
                "tattler.on('arp_request', () => {",
                "  calls++;",
                "  while (true) {}",
                "});",
                "tattler.on('raw_packet', () => packets++);",
                "tattler.log.create('seen', { fields: { packets: 'count' } });",
                "tattler.on('tattler_done', () => { console.log(calls + ' ' + packets);",
                "  tattler.log.write('seen', { packets }); });"));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run.run(f));
        assertEquals("3 " + truth.frames(), run.out().trim(), "three calls, then no more; every packet handled");
        ZeekLog reporter = ZeekLog.read(logs.resolve("reporter.log"));
        assertTrue(reporter.closed());
        assertEquals(List.of("time", "enum", "string", "string"), reporter.types);
        assertEquals(List.of("ts", "level", "message", "location"), reporter.fields);
        List<String> messages = reporter.column("message");
        assertEquals(4, messages.size(), messages.toString());
        for (int i = 0; i < 3; i++) {
            assertEquals("Reporter::ERROR", reporter.column("level").get(i));
            assertTrue(reporter.column("location").get(i).startsWith("loop.js:4:"), "where it looped: " + reporter.rows.get(i));
            assertEquals("handler for 'arp_request' (loop.js:2:27) ran longer than 0.2 s and was interrupted ("
                    + (i + 1) + " of 3 allowed)", messages.get(i));
        }
        assertEquals("handler for 'arp_request' disabled after 3 timeouts", messages.get(3));
        assertEquals("loop.js:2:27", reporter.column("location").get(3));
        double ts = Double.parseDouble(reporter.column("ts").get(0));
        assertTrue(ts >= truth.firstNanos() / 1e9 && ts <= truth.lastNanos() / 1e9, "ts is network time: " + ts);
        // stderr has the same, one line each
        List<String> err = run.err().lines().toList();
        assertEquals(4, err.size(), run.err());
        assertTrue(err.get(0).startsWith("tattler: error: loop.js:4:"), err.get(0));
        ZeekLog seen = ZeekLog.read(logs.resolve("seen.log"));
        assertTrue(seen.closed(), "the script's own log was completed and closed");
        assertEquals(List.of(String.valueOf(truth.frames())), seen.column("packets"));
    }

    @Test
    void aLoopThatSurvivesOneInterruptIsInterruptedAgain() throws Exception {
        Path f = dir.resolve("lan.pcap");
        lan(f);
        ScriptRun run = new ScriptRun(ScriptRun.Setup.defaults().budget(BUDGET));
        run.load("stubborn.js", String.join("\n",
                "let calls = 0;",
                "tattler.on('tattler_init', () => {",
                "  calls++;",
                "  try { for (;;) {} } catch (e) { for (;;) {} } finally { for (;;) {} }",
                "});",
                "tattler.on('tattler_done', () => console.log('done ' + calls));"));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run.run(f));
        assertEquals("done 1", run.out().trim());
        assertTrue(run.err().contains("ran longer than 0.2 s and was interrupted"), run.err());
    }

    @Test
    void aHandlerThatAlwaysThrowsIsDisabledAfterTheThreshold() throws Exception {
        Path f = dir.resolve("lan.pcap");
        GroundTruth truth = lan(f);
        assertTrue(truth.frames() > Guard.MAX_EXCEPTIONS, "enough packets to reach the threshold");
        Path logs = logDir();
        ScriptRun run = new ScriptRun(ScriptRun.Setup.defaults().logs(logs, LogFormat.JSON));
        run.load("throws.js", String.join("\n",
                "let calls = 0;",
                "tattler.on('raw_packet', (p) => {",
                "  calls++;",
                "  p.no.such.thing;",
                "});",
                "tattler.on('tattler_done', () => console.log('calls ' + calls));"));
        run.run(f);
        assertEquals("calls " + Guard.MAX_EXCEPTIONS, run.out().trim());
        ZeekLog reporter = ZeekLog.readJson(logs.resolve("reporter.log"));
        List<String> messages = reporter.column("message");
        // five shown, a note that the rest are counted, the disabling, and no end-of-run total
        // (a disabled handler's count is final and already said)
        assertEquals(Guard.SHOWN_EXCEPTIONS + 2, messages.size(), messages.toString());
        for (int i = 0; i < Guard.SHOWN_EXCEPTIONS; i++) {
            assertTrue(messages.get(i).startsWith("handler for 'raw_packet' (throws.js:2:26) failed: TypeError: "),
                    messages.get(i));
            assertEquals("throws.js:4:3", reporter.rows.get(i).get("location"));
            assertEquals("Reporter::ERROR", reporter.rows.get(i).get("level"));
        }
        assertEquals("further errors from the handler for 'raw_packet' are counted, not shown",
                messages.get(Guard.SHOWN_EXCEPTIONS));
        assertEquals("Reporter::INFO", reporter.rows.get(Guard.SHOWN_EXCEPTIONS).get("level"));
        assertEquals("handler for 'raw_packet' disabled after 100 errors", messages.get(Guard.SHOWN_EXCEPTIONS + 1));
        assertTrue(reporter.objects.get(0).get("ts") instanceof Double);
    }

    @Test
    void anInfiniteLoopAtTheTopLevelIsALoadError() throws Exception {
        ScriptRun run = new ScriptRun(ScriptRun.Setup.defaults().budget(BUDGET));
        ScriptLoadException e = assertThrows(ScriptLoadException.class, () -> assertTimeoutPreemptively(
                Duration.ofSeconds(60), () -> run.load("top.js", "tattler.on('weird', () => {});\nwhile (true) {}\n")));
        assertTrue(e.getMessage().startsWith("top.js:2:"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the script's top level ran longer than 1.0 s and was stopped"), e.getMessage());
        // The context is still usable.
        run.load("after.js", "console.log('still here');");
        assertEquals("still here", run.out().trim());
        run.close();
    }

    @Test
    void timerCallbacksGetTheSameTreatment() throws Exception {
        Path f = dir.resolve("lan.pcap");
        lan(f);
        Path logs = logDir();
        ScriptRun run = new ScriptRun(ScriptRun.Setup.defaults().budget(BUDGET).logs(logs, LogFormat.TSV)
                .options(Map.of("spin", "true")));
        run.load("timer-loop.js", String.join("\n",
                "let ran = 0, ids = [];",
                "const spin = () => { ran++; while (tattler.config.spin) {} };",
                "for (let i = 1; i <= 5; i++) ids.push(tattler.schedule(i, spin));",
                "tattler.on('tattler_done', () => console.log('ran ' + ran + ' later ' + tattler.schedule(1, spin)"
                        + " + ' cancel ' + tattler.cancel(ids[4])));"));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run.run(f));
        assertEquals("ran 3 later 0 cancel false", run.out().trim(), "disabled after three timeouts; the rest cancelled");
        List<String> messages = ZeekLog.read(logs.resolve("reporter.log")).column("message");
        assertEquals(4, messages.size(), messages.toString());
        assertEquals("timer callback (timer-loop.js:2:14) ran longer than 0.2 s and was interrupted (1 of 3 allowed)",
                messages.get(0));
        assertEquals("timer callback disabled after 3 timeouts", messages.get(3));
    }
}
