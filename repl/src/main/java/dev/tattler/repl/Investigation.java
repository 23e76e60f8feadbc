package dev.tattler.repl;

import dev.tattler.engine.EventEngine;
import dev.tattler.event.EventBus;
import dev.tattler.log.LogManager;
import dev.tattler.log.Reporter;
import dev.tattler.script.JsRuntime;
import dev.tattler.script.ScriptHost;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One replay's state from its first packet: the engine (connections, notices, timers), the
 * script context the prompt evaluates in, and what the REPL {@link Observations observes}.
 * {@code .open} and {@code .reset} throw it away and build a new one; the GraalVM engine
 * ({@link JsRuntime}) is shared, so a new context costs milliseconds, not a second.
 *
 * <pre>
 *  PacketRecord ─> EventEngine ─> EventBus ─┬─ script handlers (ScriptHost, the prompt's context)
 *                                           ├─ Observations (conns, notices, weirds, hosts)
 *                                           └─ watches and breakpoints (Probes)
 * </pre>
 */
final class Investigation implements AutoCloseable {
    final EventEngine engine;
    final ScriptHost host;
    final Observations seen = new Observations();
    private final LogManager logs;
    private final Reporter reporter;
    private final Settings settings;

    Investigation(JsRuntime js, Settings settings, Console console) throws ReplException {
        this.settings = settings;
        PrintStream err = new PrintStream(console.stream(true), true, StandardCharsets.UTF_8);
        this.reporter = new Reporter(err);
        this.logs = new LogManager(settings.logDir(), settings.format());
        EventBus bus = new EventBus((event, handler, e) -> reporter.error("handler for '" + event.scriptName()
                + "' (" + handler.origin() + ") failed: " + e));
        try {
            engine = new EventEngine(settings.engineConfig(), bus, reporter, logs);
        } catch (IOException e) {
            throw new ReplException("cannot start the engine: " + e.getMessage());
        }
        seen.subscribe(bus);
        host = new ScriptHost(js, engine, console.stream(false), console.stream(true));
    }

    /**
     * The end of the input: pending timers, {@code tattler_done}, connections flushed (so they
     * are all in {@code conns}); then, with a log directory, the evidence pcaps scripts asked for.
     */
    void finish(Path capture) {
        try {
            engine.finish();
            logs.flushAll();
        } catch (IOException e) {
            reporter.error("could not write the logs: " + e.getMessage());
        }
        if (capture != null && settings.logDir() != null && !engine.evidence().isEmpty()) {
            try {
                for (Path f : engine.evidence().writeFrom(capture, settings.logDir())) {
                    reporter.info("evidence written to " + f);
                }
            } catch (IOException e) {
                reporter.error("could not write the evidence pcaps: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        host.close();
        IOException e = logs.closeAll();
        if (e != null) {
            reporter.error("could not close the logs: " + e.getMessage());
        }
    }
}
