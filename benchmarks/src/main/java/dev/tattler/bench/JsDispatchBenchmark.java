package dev.tattler.bench;

import dev.tattler.capture.PacketRecord;
import dev.tattler.engine.EngineConfig;
import dev.tattler.engine.EventEngine;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventHandler;
import dev.tattler.event.EventType;
import dev.tattler.log.Reporter;
import dev.tattler.script.JsRuntime;
import dev.tattler.script.ScriptHost;
import dev.tattler.script.ScriptLoadException;
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

/**
 * Event dispatch to JavaScript: <b>ns per event</b> for {@link EventBus#publish} of a
 * {@code udp_request} whose objects are already built, to one handler installed through the
 * real {@link ScriptHost} ({@code tattler.on}), so every call goes through the watchdog and
 * the polyglot boundary as in a run. The events are the first {@value #EVENTS} real
 * {@code udp_request} events of the benchmark capture (their ConnInfo and PacketInfo as the
 * engine built them), published round and round.
 *
 * <p>{@code handler}: {@code java-empty} (a Java handler that counts: the bus alone),
 * {@code js-empty} (an empty script function), {@code js-map} (a small realistic one: a counter
 * and a Map of packets per source address, read through {@code p.src}). The JavaScript cases
 * depend on the Graal JIT: bench/run-jmh.sh runs them with and without it. Warm-up is long:
 * on a busy 2-core machine the Graal compiler (itself Java code, warming up) needs tens of
 * seconds before a handler call settles.
 */
@State(Scope.Thread)
public class JsDispatchBenchmark extends Defaults {
    static final int EVENTS = 1024;
    static final String JS_EMPTY = "tattler.on('udp_request', (c, p) => {});\n";
    static final String JS_MAP = "const perSource = new Map();\n"
            + "let events = 0;\n"
            + "tattler.on('udp_request', (c, p) => {\n"
            + "  events++;\n"
            + "  perSource.set(p.src, (perSource.get(p.src) || 0) + 1);\n"
            + "});\n";

    @Param({"java-empty", "js-empty", "js-map"})
    public String handler;

    private final Object[] conns = new Object[EVENTS];
    private final Object[] packets = new Object[EVENTS];
    private EventBus bus;
    private JsRuntime js;
    private ScriptHost host;
    private long javaCalls;
    private int next;

    @Setup(Level.Trial)
    public void install() throws IOException, ScriptLoadException {
        captureEvents();
        bus = new EventBus((event, h, error) -> {
            throw error;
        });
        if ("java-empty".equals(handler)) {
            bus.subscribe(EventType.UDP_REQUEST, new EventHandler() {
                @Override
                public void handle(Object first, Object second) {
                    javaCalls++;
                }

                @Override
                public String origin() {
                    return "JsDispatchBenchmark";
                }
            }, 0);
            return;
        }
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        js = new JsRuntime();
        host = new ScriptHost(js, bus, quiet, quiet);
        host.load(handler + ".js", "js-empty".equals(handler) ? JS_EMPTY : JS_MAP);
    }

    /** The first EVENTS udp_request events of the capture, as the engine builds them. */
    private void captureEvents() throws IOException {
        EventBus capture = new EventBus((event, h, error) -> {
            throw error;
        });
        int[] n = {0};
        capture.subscribe(EventType.UDP_REQUEST, new EventHandler() {
            @Override
            public void handle(Object first, Object second) {
                if (n[0] < EVENTS) {
                    conns[n[0]] = first;
                    packets[n[0]++] = second;
                }
            }

            @Override
            public String origin() {
                return "JsDispatchBenchmark capture";
            }
        }, 0);
        PacketRecord[] frames = BenchCapture.frames(BenchCapture.PASS);
        try (EventEngine engine = new EventEngine(EngineConfig.defaults(null), capture,
                new Reporter(new PrintStream(OutputStream.nullOutputStream())))) {
            for (int i = 0; i < frames.length && n[0] < EVENTS; i++) {
                engine.process(frames[i]);
            }
        }
        if (n[0] < EVENTS) {
            throw new IllegalStateException("the capture has only " + n[0] + " udp_request events");
        }
    }

    /** One event to the handler. */
    @Benchmark
    @Warmup(iterations = 12, time = 2)
    @Measurement(iterations = 4, time = 2)
    public void publish() {
        int i = next;
        bus.publish(EventType.UDP_REQUEST, conns[i], packets[i]);
        next = (i + 1) & (EVENTS - 1);
    }

    @TearDown(Level.Trial)
    public void close() {
        if (host != null) {
            host.close();
            js.close();
        }
    }

    /** The script host, for the smoke test's look at the handler's state. */
    ScriptHost host() {
        return host;
    }

    long javaCalls() {
        return javaCalls;
    }
}
