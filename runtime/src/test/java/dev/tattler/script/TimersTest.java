package dev.tattler.script;

import dev.tattler.generate.GroundTruth;
import dev.tattler.generate.LanScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tattler.schedule} and {@code tattler.cancel} through the real engine: timers run on
 * network time, in due order, before the packet that moves time past them; pending ones run at
 * the end before {@code tattler_done}; the run cannot be stalled or prolonged by timers.
 */
class TimersTest {
    @TempDir
    Path dir;

    private GroundTruth lan(Path f) throws Exception {
        return LanScenario.write(f, 5, LanScenario.Options.defaults());
    }

    @Test
    void timersFireInNetworkTimeOrderBeforeThePacketThatPassesThem() throws Exception {
        Path f = dir.resolve("lan.pcap");
        GroundTruth truth = lan(f);
        ScriptRun run = new ScriptRun();
        run.load("timers.js", String.join("\n",
                "let last = 0;",
                "const fired = [];",
                "const note = (name) => fired.push(name + ' ' + tattler.now() + ' ' + last);",
                "tattler.on('raw_packet', (p) => { last = p.ts; });",
                "console.log('top-level now ' + tattler.now());",
                "tattler.on('tattler_init', () => {",
                "  tattler.schedule(10, () => note('a'));",
                "  tattler.schedule(5, () => { note('b'); tattler.schedule(2.5, () => note('c')); });",
                "  tattler.schedule(10, () => note('d'));",
                "  const x = tattler.schedule(7, () => note('x'));",
                "  console.log('cancel ' + tattler.cancel(x) + ' ' + tattler.cancel(x) + ' ' + tattler.cancel(12345));",
                "  tattler.schedule(86400, () => { note('end'); console.log('late ' + tattler.schedule(1, () => note('never'))); });",
                "});",
                "tattler.on('tattler_done', () => { fired.forEach((s) => console.log(s)); console.log('done ' + last);",
                "  console.log('in done ' + tattler.schedule(1, () => note('never'))); });"));
        run.run(f);
        List<String> out = run.outLines();
        assertEquals("top-level now 0", out.get(0), "network time is 0 before the first packet");
        assertEquals("cancel true false false", out.get(1));
        assertEquals("late 0", out.get(2), "a timer scheduled while the end is drained is ignored, as in Zeek");
        List<String> names = new ArrayList<>();
        double first = truth.firstNanos() / 1e9;
        double lastTs = truth.lastNanos() / 1e9;
        // Delays set in tattler_init count from the first packet; c's from when b ran.
        double[] due = {first + 5, 0, first + 10, first + 10};
        for (int i = 0; i < 5; i++) {
            String[] parts = out.get(3 + i).split(" ");
            names.add(parts[0]);
            double now = Double.parseDouble(parts[1]);
            double before = Double.parseDouble(parts[2]);
            if (i == 0) {
                due[1] = now + 2.5;
            }
            if (i < 4) {
                assertTrue(now >= due[i] - 1e-6, parts[0] + " fired early: " + out.get(3 + i));
                assertTrue(before < due[i], parts[0] + " fired after the packet that passed it: " + out.get(3 + i));
                assertTrue(now > before, "network time is the new packet's, not yet handled: " + out.get(3 + i));
            } else {
                assertEquals(lastTs, now, 1e-6, "a timer due after the capture runs at the end, at the last packet's time");
                assertEquals(lastTs, before, 1e-6);
            }
        }
        assertEquals(List.of("b", "c", "a", "d", "end"), names, "due order; equal due times in scheduling order");
        assertTrue(out.get(8).startsWith("done "), "pending timers run before tattler_done: " + out);
        assertEquals("in done 0", out.get(9));
        assertEquals(10, out.size(), out.toString());
        assertEquals("", run.err());
    }

    @Test
    void aTimerLoopOfZeroDelaysCannotStallTheRun() throws Exception {
        Path f = dir.resolve("lan.pcap");
        GroundTruth truth = lan(f);
        ScriptRun run = new ScriptRun();
        run.load("spin.js", String.join("\n",
                "let ticks = 0;",
                "function tick() { ticks++; tattler.schedule(0, tick); }",
                "tattler.schedule(0, tick);",
                "tattler.on('tattler_done', () => console.log('ticks ' + ticks));"));
        run.run(f);
        long ticks = Long.parseLong(run.out().trim().replace("ticks ", ""));
        // Each packet fires the timers already due when it arrived, and the drain at the end one more.
        assertTrue(ticks >= 1 && ticks <= truth.frames() + 1, "ticks " + ticks + " for " + truth.frames() + " packets");
    }

    @Test
    void badArgumentsAreErrorsAtTheCallSite() throws Exception {
        ScriptRun run = new ScriptRun();
        run.load("args.js", String.join("\n",
                "for (const [s, fn] of [[-1, () => 0], ['soon', () => 0], [NaN, () => 0], [1, 42], [1, undefined]]) {",
                "  try { tattler.schedule(s, fn); console.log('accepted'); } catch (e) { console.log(e.message); }",
                "}",
                "try { tattler.cancel('x'); } catch (e) { console.log(e.message); }"));
        run.close();
        assertEquals(List.of(
                "tattler.schedule(seconds, fn): seconds must be a number, 0 or more, not -1",
                "tattler.schedule(seconds, fn): seconds must be a number, not 'soon'",
                "tattler.schedule(seconds, fn): seconds must be a finite number, not NaN",
                "tattler.schedule(seconds, fn): fn must be a function, not 42",
                "tattler.schedule(seconds, fn): fn must be a function, not null",
                "tattler.cancel(id): id must be a number, not 'x'"), run.outLines());
    }

    @Test
    void aFailingTimerIsReportedWithItsLocationAndOthersRun() throws Exception {
        Path f = dir.resolve("lan.pcap");
        lan(f);
        ScriptRun run = new ScriptRun();
        run.load("bad-timer.js", String.join("\n",
                "tattler.schedule(1, () => {",
                "  null.boom;",
                "});",
                "tattler.schedule(2, () => console.log('second ran'));"));
        run.run(f);
        assertEquals("second ran", run.out().trim());
        assertTrue(run.err().startsWith("tattler: error: bad-timer.js:2:"), run.err());
        assertTrue(run.err().contains("timer callback (bad-timer.js:1:"), run.err());
        assertTrue(run.err().contains("TypeError"), run.err());
    }
}
