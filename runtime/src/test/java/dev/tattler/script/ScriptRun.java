package dev.tattler.script;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketSource;
import dev.tattler.engine.EngineConfig;
import dev.tattler.engine.EventEngine;
import dev.tattler.engine.RunSummary;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventHandler;
import dev.tattler.event.EventType;
import dev.tattler.log.LogFormat;
import dev.tattler.log.LogManager;
import dev.tattler.log.Reporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test harness: one run wired as the CLI wires it — engine (with a LogManager in the chosen
 * format and a Reporter writing reporter.log), then the script host on it, then the scripts,
 * then a capture — keeping stdout, stderr and the logs for the test to read.
 */
public final class ScriptRun implements AutoCloseable {
    /** One GraalVM engine for all tests: a further context on it costs milliseconds, not seconds. */
    private static final JsRuntime JS = new JsRuntime();

    public final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    public final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    /** Failures of Java handlers, as the bus reports them (script failures go to the reporter). */
    public final List<String> failures = new ArrayList<>();
    public final EventBus bus = new EventBus((event, handler, error) ->
            failures.add(event.scriptName() + " @ " + handler.origin() + ": " + error.getMessage()));
    public final Setup setup;
    public final LogManager logs;
    public final Reporter reporter;
    public final EventEngine engine;
    public final ScriptHost host;
    private boolean closed;

    /** What differs between runs; every wither returns a copy. */
    public static final class Setup {
        final List<String> localNets;
        final Path logDir;
        final LogFormat format;
        final Map<String, String> options;
        final Duration budget;

        private Setup(List<String> localNets, Path logDir, LogFormat format, Map<String, String> options, Duration budget) {
            this.localNets = localNets;
            this.logDir = logDir;
            this.format = format;
            this.options = options;
            this.budget = budget;
        }

        public static Setup defaults() {
            return new Setup(List.of(), null, LogFormat.TSV, Map.of(), EngineConfig.DEFAULT_HANDLER_BUDGET);
        }

        public Setup localNets(String... cidrs) {
            return new Setup(List.of(cidrs), logDir, format, options, budget);
        }

        public Setup logs(Path dir, LogFormat f) {
            return new Setup(localNets, dir, f, options, budget);
        }

        public Setup options(Map<String, String> o) {
            return new Setup(localNets, logDir, format, o, budget);
        }

        public Setup budget(Duration d) {
            return new Setup(localNets, logDir, format, options, d);
        }
    }

    public ScriptRun() throws IOException {
        this(Setup.defaults());
    }

    public ScriptRun(Setup setup) throws IOException {
        this.setup = setup;
        EngineConfig config = new EngineConfig(setup.localNets, setup.logDir, 1)
                .withOptions(setup.options).withHandlerBudget(setup.budget);
        logs = new LogManager(setup.logDir, setup.format);
        reporter = new Reporter(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        engine = new EventEngine(config, bus, reporter, logs);
        host = new ScriptHost(JS, engine, stdout, stderr);
    }

    public ScriptRun load(String name, String code) throws ScriptLoadException {
        host.load(name, code);
        return this;
    }

    public ScriptRun load(Path file) throws ScriptLoadException {
        host.load(file);
        return this;
    }

    /** Also subscribes a Java handler, to see the very objects the scripts get. */
    public void watch(EventType type, EventHandler handler) {
        bus.subscribe(type, handler, -1000);
    }

    /** Runs the capture through the engine, then finishes and closes everything, as the CLI does. */
    public RunSummary run(Path capture) throws Exception {
        try (PacketSource source = CaptureFiles.open(capture)) {
            return engine.run(source);
        } finally {
            close();
        }
    }

    /** Ends the run: tattler_done and pending timers, then every log closed, then the script context. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            engine.finish();
        } finally {
            IOException e = logs.closeAll();
            host.close();
            if (e != null) {
                throw e;
            }
        }
    }

    public String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    public String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** Lines of stdout (console.log), without empty ones. */
    public List<String> outLines() {
        List<String> lines = new ArrayList<>();
        for (String l : out().split("\n")) {
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        return lines;
    }

    public static EventHandler handler(java.util.function.BiConsumer<Object, Object> body) {
        return new EventHandler() {
            @Override
            public void handle(Object first, Object second) {
                body.accept(first, second);
            }

            @Override
            public String origin() {
                return "test";
            }
        };
    }
}
