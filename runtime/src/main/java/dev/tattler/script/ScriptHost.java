package dev.tattler.script;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.engine.EngineConfig;
import dev.tattler.engine.EventEngine;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventHandler;
import dev.tattler.event.EventType;
import dev.tattler.filter.PacketFilter;
import dev.tattler.log.LogManager;
import dev.tattler.log.Reporter;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs user JavaScript: one sandboxed GraalJS context on the engine thread, with the
 * {@code tattler} API bound as a global.
 *
 * <pre>
 *  script.js ──eval──> Context ──tattler.on(name, fn)──> EventBus ──JsHandler──> fn(args)
 *                         │        tattler.schedule ───> NetworkTimers ─JsTimers─> fn()
 *                         │        tattler.notice / log ─> Notices / LogManager
 *  Watchdog thread ── interrupts any call past its budget; Guard reports and disables
 * </pre>
 *
 * <p>The sandbox: scripts see only what {@link #HOST_ACCESS} exports (no Java classes), no
 * threads, processes, native code, polyglot access, {@code load}, {@code print}; the only file
 * access is reading files in the folders of loaded scripts ({@link FolderFileSystem}), which is
 * what ES module {@code import} needs. A script file is loaded as an ES module when its name ends
 * in {@code .mjs} or when it does not parse as a classic script and has {@code import}/{@code export}
 * statements; anything else is a classic script, all of them sharing one global scope.
 *
 * <p>Every call into JavaScript (top level, handler, timer) runs under the {@link Watchdog}:
 * handlers and timers get {@link EngineConfig#handlerBudget()} per call, a script's top level
 * five times that. Failures are reported and counted by the {@link Guard}.
 */
public final class ScriptHost implements AutoCloseable {
    /**
     * The host access policy of every context on the shared GraalVM engine: contexts on one
     * engine must share it (DESIGN.md), so a REPL or second host must use this one too.
     */
    public static final HostAccess HOST_ACCESS = HostAccess.EXPLICIT;

    private static final String MODULE_MIME = "application/javascript+module";
    /** An import or export statement at the start of a line: what makes a classic parse fail on a module. */
    private static final Pattern MODULE_SYNTAX = Pattern.compile("(?m)^\\s*(import\\s*[\\w{*'\"]|export\\s)");

    private final Context context;
    private final EventBus bus;
    private final Reporter reporter;
    /** The thresholds scripts made, for the end-of-run warning when one could not count every host. */
    private final List<ScriptThreshold> thresholds = new ArrayList<>();
    private final EventEngine engine;
    private final Watchdog watchdog;
    private final Guard guard;
    private final long budgetNanos;
    private final long loadBudgetNanos;
    private final String loadBudgetText;
    private final FolderFileSystem files = new FolderFileSystem();
    private final JsTimers timers;
    /** Everything this host put on the bus, so that closing it takes its scripts off (reload). */
    private final List<Subscription> subscriptions = new ArrayList<>();

    private static final class Subscription {
        final EventType type;
        final EventHandler handler;

        Subscription(EventType type, EventHandler handler) {
            this.type = type;
            this.handler = handler;
        }
    }

    /**
     * A host for a run: scripts get the whole API (notices, logs, timers, network time, config)
     * from {@code engine}, and failures go to the engine's reporter. Create the engine first,
     * then this host, then load the scripts, then run the engine.
     */
    public ScriptHost(JsRuntime runtime, EventEngine engine, OutputStream out, OutputStream err) {
        this(runtime, engine.bus(), engine, engine.reporter(), engine.config(), engine.logs(), out, err);
    }

    /**
     * A host without an engine, for callers that only subscribe handlers: {@code tattler.on},
     * {@code isLocal}, {@code config} (empty) and {@code log} (writes nothing) work; notice,
     * schedule, cancel and now throw. Failures are reported on {@code err}.
     */
    public ScriptHost(JsRuntime runtime, EventBus bus, OutputStream out, OutputStream err) {
        this(runtime, bus, null, new Reporter(new PrintStream(err, true, StandardCharsets.UTF_8)),
                EngineConfig.defaults(null), new LogManager(null, dev.tattler.log.LogFormat.TSV), out, err);
    }

    private ScriptHost(JsRuntime runtime, EventBus bus, EventEngine engine, Reporter reporter, EngineConfig config,
                       LogManager logs, OutputStream out, OutputStream err) {
        this.bus = bus;
        this.engine = engine;
        this.reporter = reporter;
        if (engine != null) {
            engine.trackHostActivity(); // tattler.lastSeen answers for every packet from here on
        }
        this.budgetNanos = config.handlerBudget().toNanos();
        this.loadBudgetNanos = 5 * budgetNanos;
        this.loadBudgetText = Guard.seconds(config.handlerBudget().multipliedBy(5));
        context = sandbox(runtime, files).out(out).err(err).build();
        watchdog = new Watchdog(context, config.handlerBudget());
        guard = new Guard(reporter, config.handlerBudget());
        timers = engine == null ? null : new JsTimers(engine.timers(), watchdog, guard, budgetNanos);
        Value configObject = ScriptConfig.build(context, config.options());
        context.getBindings("js").putMember("tattler", new TattlerApi(this, configObject, new ScriptLogs(logs),
                LocalAddresses.of(config.localNets())));
        // Totals of failures that were only counted, while reporter.log is still open.
        subscribe(EventType.TATTLER_DONE, new EventHandler() {
            @Override
            public void handle(Object first, Object second) {
                guard.summarize();
                for (ScriptThreshold t : thresholds) {
                    if (t.counts().untracked() > 0) {
                        reporter.warning(t + ": its table was full of active hosts (" + t.counts().maxHosts()
                                + "), so " + t.counts().untracked() + " packets from new hosts were not counted");
                    }
                }
            }

            @Override
            public String origin() {
                return "script host";
            }
        }, Integer.MIN_VALUE + 1, null, null); // last (the bus negates priorities: MIN_VALUE itself would overflow to first)
    }

    /** The sandbox every script context gets; warm-up contexts too, so that they share its code. */
    private static Context.Builder sandbox(JsRuntime runtime, FolderFileSystem files) {
        return Context.newBuilder("js")
                .engine(runtime.engine())
                .allowHostAccess(HOST_ACCESS)
                .allowHostClassLookup(name -> false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowIO(IOAccess.newBuilder().fileSystem(files).build())
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .option("js.load", "false")
                .option("js.print", "false");
    }

    /**
     * Initialises JavaScript in a throwaway context on {@code runtime} and parses {@code sources}
     * (name to code), so that the engine has the realm's set-up and the scripts' parse done
     * when a host is created later, possibly on another thread: contexts on one engine share
     * that work. Runs no script code; errors are left for the real load to report.
     */
    public static void warmUp(JsRuntime runtime, Map<String, String> sources) {
        try (Context context = sandbox(runtime, new FolderFileSystem()).out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream()).build()) {
            context.initialize("js");
            for (var source : sources.entrySet()) {
                context.parse(Source.newBuilder("js", source.getValue(), source.getKey()).buildLiteral());
            }
        } catch (PolyglotException e) {
            // a script that does not parse: its load reports it, with the location
        }
    }

    /**
     * Loads a script file; its top level runs now and subscribes its handlers. Files beside it
     * (and below its folder) become importable.
     */
    public void load(Path file) throws ScriptLoadException {
        String code;
        try {
            code = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ScriptLoadException(file + ": no such script");
        } catch (IOException e) {
            throw new ScriptLoadException(file + ": cannot read: " + e.getMessage());
        }
        String name = file.getFileName().toString();
        try {
            files.allow(file.toAbsolutePath().getParent());
            Source script = Source.newBuilder("js", file.toFile()).content(code).build();
            if (name.endsWith(".mjs") || isModule(script, code)) {
                run(Source.newBuilder("js", file.toFile()).content(code).mimeType(MODULE_MIME).build(), name);
            } else {
                run(script, name);
            }
        } catch (IOException e) {
            throw new ScriptLoadException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Loads a script from text (bundled scripts, tests); {@code name} appears in messages. It
     * may be an ES module, but has no folder, so it can import nothing.
     */
    public void load(String name, String code) throws ScriptLoadException {
        Source script = Source.newBuilder("js", code, name).buildLiteral();
        if (name.endsWith(".mjs") || isModule(script, code)) {
            run(Source.newBuilder("js", code, name).mimeType(MODULE_MIME).buildLiteral(), name);
        } else {
            run(script, name);
        }
    }

    /** A module: does not parse as a classic script, and has import or export statements. */
    private boolean isModule(Source script, String code) throws ScriptLoadException {
        try {
            context.parse(script);
            return false;
        } catch (PolyglotException e) {
            if (e.isSyntaxError() && MODULE_SYNTAX.matcher(code).find()) {
                return true;
            }
            throw loadError(e, script.getName());
        }
    }

    private void run(Source source, String name) throws ScriptLoadException {
        watchdog.enter(loadBudgetNanos);
        try {
            context.eval(source);
        } catch (PolyglotException e) {
            throw loadError(e, name);
        } finally {
            watchdog.exit();
        }
    }

    private ScriptLoadException loadError(PolyglotException e, String name) {
        String where = Locations.of(e);
        if ("<script>".equals(where)) {
            where = name;
        }
        if (e.isSyntaxError()) {
            return new ScriptLoadException(where + ": SyntaxError: " + syntaxMessage(e));
        }
        if (e.isInterrupted()) {
            return new ScriptLoadException(where + ": the script's top level ran longer than " + loadBudgetText
                    + " and was stopped");
        }
        if (e.isCancelled()) {
            return new ScriptLoadException(where + ": the script could not be interrupted and was cancelled");
        }
        return new ScriptLoadException(where + ": " + Locations.message(e));
    }

    /** GraalJS prefixes syntax errors with "name:line:col " (imported modules: "SyntaxError: " first); keep the explanation. */
    private static String syntaxMessage(PolyglotException e) {
        String m = Locations.message(e);
        if (m.startsWith("SyntaxError: ")) {
            m = m.substring("SyntaxError: ".length());
        }
        int space = m.indexOf(' ');
        if (space > 0 && m.substring(0, space).matches(".*:\\d+:\\d+")) {
            m = m.substring(space + 1);
        }
        return m;
    }

    /**
     * Evaluates interactive input (the REPL) as a classic script in the scripts' context and
     * returns its value. No time budget applies: the person typing stops a runaway evaluation
     * with {@link #interrupt}. Errors arrive as {@link PolyglotException}.
     */
    public Value eval(String name, String code) {
        return context.eval(Source.newBuilder("js", code, name).buildLiteral());
    }

    /**
     * Stops the JavaScript running now in this context (Ctrl-C in the REPL); it ends with a
     * PolyglotException whose {@code isInterrupted()} is true and the context stays usable.
     * Safe from any thread; returns at once when nothing runs.
     */
    public void interrupt() {
        try {
            context.interrupt(java.time.Duration.ofSeconds(2));
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            // still running host code, or closed: the caller's own stop flag ends the work
        }
    }

    /** Subscribes a script function (from {@code tattler.on}). */
    void subscribe(EventType type, Value function, int priority, PacketFilter filter, EventBus.Gate gate) {
        String origin = Locations.format(function.getSourceLocation());
        subscribe(type, new JsHandler(function, type, origin, bus, watchdog, guard, budgetNanos), priority, filter, gate);
    }

    /** Takes {@code function}'s subscriptions to {@code type} off the bus; returns how many there were. */
    int unsubscribe(EventType type, Value function) {
        int n = 0;
        for (Iterator<Subscription> it = subscriptions.iterator(); it.hasNext(); ) {
            Subscription s = it.next();
            if (s.type == type && s.handler instanceof JsHandler && ((JsHandler) s.handler).calls(function)) {
                bus.unsubscribe(type, s.handler);
                it.remove();
                n++;
            }
        }
        return n;
    }

    /** Keeps {@code t} for the end-of-run report; returns it. */
    ScriptThreshold keep(ScriptThreshold t) {
        thresholds.add(t);
        return t;
    }

    /** The filter for {@code text}, compiled once per bus (FilterException when it does not compile). */
    PacketFilter filter(String text) {
        return bus.filter(text);
    }

    /** The engine, for API calls that need one; a clear error on a host without. */
    EventEngine engine(String call) {
        if (engine == null) {
            throw new IllegalStateException(call + " is not available: this script host runs without an engine");
        }
        return engine;
    }

    JsTimers timers(String call) {
        engine(call);
        return timers;
    }

    private void subscribe(EventType type, EventHandler handler, int priority, PacketFilter filter, EventBus.Gate gate) {
        subscriptions.add(new Subscription(type, handler));
        bus.subscribe(type, handler, priority, filter, gate);
    }

    /**
     * Takes this host's scripts off the engine — their handlers unsubscribed, their pending
     * timers cancelled — and closes their context. The engine runs on without them, so a run can
     * replace its scripts with a new host (SIGHUP).
     */
    @Override
    public void close() {
        for (Subscription s : subscriptions) {
            bus.unsubscribe(s.type, s.handler);
        }
        subscriptions.clear();
        if (timers != null) {
            timers.cancelAll();
        }
        watchdog.close();
        context.close(true);
    }
}
