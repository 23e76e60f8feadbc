package dev.tattler.script;

import dev.tattler.generate.LanScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading scripts, reporting their mistakes, and running their handlers. */
class ScriptHostTest {
    @TempDir
    Path dir;

    private Path lan() throws Exception {
        Path f = dir.resolve("lan.pcap");
        LanScenario.write(f, 7, LanScenario.Options.defaults().withSubnet("10.1.2.0/24"));
        return f;
    }

    @Test
    void syntaxErrorNamesFileAndLine() throws Exception {
        ScriptRun run = new ScriptRun();
        ScriptLoadException e = assertThrows(ScriptLoadException.class,
                () -> run.load("broken.js", "// fine\ntattler.on('udp_request', (c, p) => {\n  let x = ;\n});\n"));
        assertTrue(e.getMessage().startsWith("broken.js:3:"), e.getMessage());
        assertTrue(e.getMessage().contains("SyntaxError"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line, no stack trace");
    }

    @Test
    void unknownEventSuggestsTheRightOne() throws Exception {
        ScriptRun run = new ScriptRun();
        ScriptLoadException e = assertThrows(ScriptLoadException.class,
                () -> run.load("typo.js", "\n\ntattler.on('udp_requst', () => {});\n"));
        assertTrue(e.getMessage().startsWith("typo.js:3:"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown event 'udp_requst' (did you mean 'udp_request'?)"), e.getMessage());
    }

    @Test
    void nonFunctionHandlerAndBadOptionsAreLoadErrors() throws Exception {
        ScriptRun run = new ScriptRun();
        ScriptLoadException e = assertThrows(ScriptLoadException.class,
                () -> run.load("nofn.js", "tattler.on('weird', 42);"));
        assertTrue(e.getMessage().contains("must be a function"), e.getMessage());
        e = assertThrows(ScriptLoadException.class,
                () -> run.load("prio.js", "tattler.on('weird', () => {}, { priority: 'high' });"));
        assertTrue(e.getMessage().contains("priority must be an integer"), e.getMessage());
    }

    @Test
    void throwingHandlerIsReportedWithLocationAndTheRunGoesOn() throws Exception {
        ScriptRun run = new ScriptRun();
        run.load("boom.js", String.join("\n",
                "let n = 0;",
                "tattler.on('arp_request', (a) => {",
                "  n++;",
                "  if (n % 2 == 0) throw new Error('even ' + n);",
                "});",
                "tattler.on('tattler_done', () => console.log('requests ' + n));"));
        Path f = dir.resolve("lan.pcap");
        var truth = LanScenario.write(f, 7, LanScenario.Options.defaults().withSubnet("10.1.2.0/24"));
        run.run(f);
        List<String> errors = run.err().lines().filter(l -> l.startsWith("tattler: error: ")).toList();
        assertTrue(errors.size() > 3, "every second request throws: " + run.err());
        String first = errors.get(0);
        assertTrue(first.startsWith("tattler: error: boom.js:4:"), "where it was thrown first: " + first);
        assertTrue(first.contains("handler for 'arp_request' (boom.js:2:"), "then which handler: " + first);
        assertTrue(first.contains("even 2"), first);
        assertEquals(truth.arpRequests(), Long.parseLong(run.out().trim().replace("requests ", "")),
                "the handler kept running after each failure");
        long failures = truth.arpRequests() / 2;
        assertEquals(Math.min(failures, Guard.SHOWN_EXCEPTIONS), errors.size(), "the first few are shown");
        if (failures > Guard.SHOWN_EXCEPTIONS) {
            assertTrue(run.err().contains("failed " + failures + " times in all"), run.err());
        }
    }

    @Test
    void handlersRunInPriorityOrderThenSubscriptionOrder() throws Exception {
        ScriptRun run = new ScriptRun();
        run.load("order.js", String.join("\n",
                "const seen = [];",
                "tattler.on('tattler_init', () => seen.push('a0'));",
                "tattler.on('tattler_init', () => seen.push('b10'), { priority: 10 });",
                "tattler.on('tattler_init', () => seen.push('c0'));",
                "tattler.on('tattler_init', () => seen.push('d-5'), { priority: -5 });",
                "tattler.on('tattler_done', () => console.log(seen.join(',')));"));
        run.run(lan());
        assertEquals("b10,a0,c0,d-5", run.out().trim());
    }

    @Test
    void severalScriptsShareOneContext() throws Exception {
        ScriptRun run = new ScriptRun();
        run.load("one.js", "var shared = 0; tattler.on('raw_packet', () => shared++);");
        run.load("two.js", "tattler.on('tattler_done', () => console.log('packets ' + shared));");
        Path f = dir.resolve("lan.pcap");
        var truth = LanScenario.write(f, 3, LanScenario.Options.defaults());
        run.run(f);
        assertEquals("packets " + truth.frames(), run.out().trim());
    }

    @Test
    void sandboxHidesHostAndFiles() throws Exception {
        ScriptRun run = new ScriptRun();
        run.load("probe.js", String.join("\n",
                "const out = [];",
                "try { Java.type('java.io.File'); out.push('java'); } catch (e) { out.push('no-java'); }",
                "out.push(typeof load === 'undefined' ? 'no-load' : 'load');",
                "out.push(typeof require === 'undefined' ? 'no-require' : 'require');",
                "out.push(typeof process === 'undefined' ? 'no-process' : 'process');",
                "out.push(typeof tattler.bus === 'undefined' ? 'no-bus' : 'bus');",
                "console.log(out.join(' '));"));
        assertEquals("no-java no-load no-require no-process no-bus", run.out().trim());
        run.close();
    }
}
