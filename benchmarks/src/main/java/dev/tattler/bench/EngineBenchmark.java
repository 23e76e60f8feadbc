package dev.tattler.bench;

import dev.tattler.capture.PacketRecord;
import dev.tattler.engine.EngineConfig;
import dev.tattler.engine.EventEngine;
import dev.tattler.event.EventBus;
import dev.tattler.log.Reporter;
import dev.tattler.script.JsRuntime;
import dev.tattler.script.ScriptHost;
import dev.tattler.script.ScriptLoadException;
import dev.tattler.scripts.BundledScripts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The whole engine after the reader: <b>ns per packet</b> for {@link EventEngine#process} —
 * decoding, ARP and broadcast analysis, connection tracking with its timeouts, event objects
 * and dispatch for whatever the script subscribes, and TSV conn.log and weird.log written to a
 * temporary folder (in /dev/shm when there is one, so the disk does not add its noise) — on
 * the benchmark capture's {@link BenchCapture#PASS} frames, read into memory beforehand and
 * replayed round and round by one engine for the whole run, as a long capture would be.
 *
 * <p>Each replay is shifted an hour later in network time than the one before, past every
 * inactivity timeout: at the first packet of a replay the connections of the previous one time
 * out and are written to conn.log, so each connection's whole life (creation, updates, removal,
 * its conn.log row) is inside the measurement, and the table never holds more than one replay's
 * ~10,000 connections (about 25 packets each). Building the engine and loading the script are outside it.
 *
 * <p>{@code script}: {@code none} (the 15 M packets/s target's case), {@code udp-empty} (one
 * empty handler for {@code udp_request} and {@code udp_reply}: what building and dispatching
 * the events of ~55% of the packets costs), {@code worm770} (the bundled detector, the 5 M
 * packets/s target's case). The scripted cases depend on the Graal JIT: bench/run-jmh.sh
 * runs them with and without it. Warm-up is long for the JIT's sake: on a busy 2-core machine
 * the Graal compiler (itself Java code, warming up) needs tens of seconds.
 */
@State(Scope.Thread)
@Warmup(iterations = 12, time = 2)
@Measurement(iterations = 4, time = 2)
public class EngineBenchmark extends Defaults {
    static final String UDP_EMPTY = "tattler.on('udp_request', (c, p) => {});\n"
            + "tattler.on('udp_reply', (c, p) => {});\n";
    /** How much later each replay starts than the one before ends: past every inactivity timeout. */
    private static final long REPLAY_GAP_NANOS = 3_600_000_000_000L;

    @Param({"none", "udp-empty", "worm770"})
    public String script;

    private PacketRecord[] frames;
    private long replayShift;
    private int next;
    private Path logDir;
    private JsRuntime js;
    private EventEngine engine;
    private ScriptHost host;

    @Setup(Level.Trial)
    public void start() throws IOException, ScriptLoadException {
        frames = BenchCapture.frames(BenchCapture.PASS);
        replayShift = frames[frames.length - 1].timestampNanos - frames[0].timestampNanos + REPLAY_GAP_NANOS;
        logDir = BenchCapture.scratchDirectory("tattler-jmh-logs");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        engine = new EventEngine(EngineConfig.defaults(logDir), new EventBus((event, handler, error) -> {
            throw error; // a failing benchmark handler is a broken benchmark
        }), new Reporter(quiet));
        if (!"none".equals(script)) {
            js = new JsRuntime();
            host = new ScriptHost(js, engine, quiet, quiet);
            host.load(script + ".js", "udp-empty".equals(script) ? UDP_EMPTY : BundledScripts.source(script));
        }
        engine.start();
    }

    /** One packet; at the end of the frames the next replay begins, an hour later. */
    @Benchmark
    public void process() {
        engine.process(frames[next]);
        if (++next == frames.length) {
            next = 0;
            for (PacketRecord r : frames) {
                r.timestampNanos += replayShift;
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        engine.finish();
        if (host != null) {
            host.close();
            js.close();
        }
        BenchCapture.deleteDirectory(logDir);
    }
}
