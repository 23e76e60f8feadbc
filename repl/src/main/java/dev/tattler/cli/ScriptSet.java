package dev.tattler.cli;

import dev.tattler.engine.EventEngine;
import dev.tattler.event.EventType;
import dev.tattler.log.Reporter;
import dev.tattler.script.JsRuntime;
import dev.tattler.script.ScriptHost;
import dev.tattler.script.ScriptLoadException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's scripts, and their replacement while the run goes on (SIGHUP):
 *
 * <pre>
 *  SIGHUP ─> requestReload() ─> (engine thread, between two packets) reloadIfRequested():
 *     new ScriptHost on the same engine ─ load every script again ─┬─ ok:     old host closed (its handlers
 *                                                                  │          and timers off), tattler_init
 *                                                                  │          for the new scripts
 *                                                                  └─ failed: new host closed, the old
 *                                                                             scripts run on; reporter entry
 * </pre>
 *
 * Packets wait in the capture's buffers meanwhile; none is lost unless the load takes longer
 * than they can hold. The scripts' state (counters, tables) starts over; the engine's does not
 * (connections, notice suppression, logs).
 */
final class ScriptSet implements AutoCloseable {
    private final List<ScriptRef> scripts;
    private final EventEngine engine;
    private final Reporter reporter;
    private final PrintStream out;
    private final PrintStream err;
    private final JsRuntime js;
    private ScriptHost host;
    private volatile boolean reloadRequested;

    ScriptSet(List<ScriptRef> scripts, EventEngine engine, PrintStream out, PrintStream err) {
        this(scripts, engine, out, err, null);
    }

    /**
     * The scripts of a run on {@code engine}; their JavaScript engine comes from {@code started}
     * when the caller began it early, else it is created here (none when there is no script).
     */
    ScriptSet(List<ScriptRef> scripts, EventEngine engine, PrintStream out, PrintStream err, JavaScriptStart started) {
        this.scripts = List.copyOf(scripts);
        this.engine = engine;
        this.reporter = engine.reporter();
        this.out = out;
        this.err = err;
        this.js = scripts.isEmpty() ? null : started != null ? started.runtime() : new JsRuntime();
    }

    /** Loads the scripts at the start of the run; a script that fails to load fails the command. */
    void load() throws CommandFailed {
        if (js == null) {
            return;
        }
        if (!js.optimized() && !JsRuntime.interpreterChosen()) {
            reporter.warning(JsRuntime.interpreterWarning());
        }
        host = new ScriptHost(js, engine, out, err);
        try {
            loadInto(host);
        } catch (ScriptLoadException e) {
            throw new CommandFailed(e.getMessage());
        }
    }

    private void loadInto(ScriptHost target) throws ScriptLoadException {
        for (ScriptRef s : scripts) {
            if (s.file != null) {
                target.load(s.file);
            } else {
                target.load(s.name, s.bundledSource);
            }
        }
    }

    /** Asks for a reload at the engine's next chance; safe from a signal handler. */
    void requestReload() {
        reloadRequested = true;
        engine.requestChores();
    }

    /** Reloads if asked to; engine thread only (a housekeeping task). */
    void reloadIfRequested() {
        if (!reloadRequested) {
            return;
        }
        reloadRequested = false;
        if (js == null) {
            reporter.info("SIGHUP: no scripts to reload");
            return;
        }
        long started = System.nanoTime();
        ScriptHost fresh = new ScriptHost(js, engine, out, err);
        try {
            loadInto(fresh);
        } catch (ScriptLoadException | RuntimeException e) {
            fresh.close();
            reporter.error("reload failed, the scripts loaded before keep running: " + e.getMessage());
            return;
        }
        ScriptHost old = host;
        host = fresh;
        old.close();
        // Only the new scripts are subscribed now: they get the start of their run.
        engine.bus().publish(EventType.TATTLER_INIT, null, null);
        reporter.info("scripts reloaded in " + (System.nanoTime() - started) / 1_000_000 + " ms: " + names());
    }

    private String names() {
        List<String> names = new ArrayList<>();
        for (ScriptRef s : scripts) {
            names.add(s.file != null ? s.file.toString() : s.name);
        }
        return String.join(", ", names);
    }

    @Override
    public void close() {
        if (host != null) {
            host.close();
        }
        if (js != null) {
            js.close();
        }
    }
}
