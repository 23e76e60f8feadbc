package dev.tattler.cli;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.CaptureFormatException;
import dev.tattler.capture.PacketSource;
import dev.tattler.engine.EngineConfig;
import dev.tattler.engine.EventEngine;
import dev.tattler.engine.RunSummary;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventHandler;
import dev.tattler.event.EventType;
import dev.tattler.log.Reporter;
import dev.tattler.script.JsRuntime;
import dev.tattler.script.ScriptHost;
import dev.tattler.script.ScriptLoadException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One offline run: load the scripts, read the capture through the engine, close the logs.
 * Shared by {@code run} and {@code demo}. Every expected failure becomes a {@link CommandFailed}
 * with one line; the logs are closed whatever happens once they were opened.
 */
final class CaptureRun {
    /** Errors shown per failing handler before they are only counted. */
    private static final int SHOWN_PER_HANDLER = 5;

    private final PrintStream out;
    private final Reporter reporter;
    private final Map<EventHandler, Integer> failures = new HashMap<>();

    CaptureRun(PrintStream out, PrintStream err) {
        this.out = out;
        this.reporter = new Reporter(err);
    }

    RunSummary run(Path capture, List<ScriptRef> scripts, EngineConfig config) throws CommandFailed {
        if (config.logDir() != null) {
            prepareLogDir(config.logDir());
        }
        EventBus bus = new EventBus(this::handlerFailed);
        try (PacketSource source = open(capture);
             JsRuntime js = scripts.isEmpty() ? null : new JsRuntime();
             ScriptHost host = js == null ? null : new ScriptHost(js, bus, out, out)) {
            if (js != null && !js.optimized()) {
                reporter.warning(JsRuntime.interpreterWarning());
            }
            for (ScriptRef s : scripts) {
                load(host, s);
            }
            EventEngine engine = new EventEngine(config, bus, reporter);
            RunSummary summary;
            try {
                summary = engine.run(source);
            } finally {
                engine.finish();
            }
            reportSuppressed();
            return summary;
        } catch (CaptureFormatException e) {
            throw new CommandFailed(capture + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new CommandFailed(capture + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CommandFailed(capture + ": permission denied");
        } catch (IOException e) {
            throw new CommandFailed(capture + ": " + e.getMessage());
        }
    }

    private static PacketSource open(Path capture) throws IOException, CommandFailed {
        if (Files.isDirectory(capture)) {
            throw new CommandFailed(capture + ": is a directory, not a capture file");
        }
        return CaptureFiles.open(capture);
    }

    private static void load(ScriptHost host, ScriptRef s) throws CommandFailed {
        try {
            if (s.file != null) {
                host.load(s.file);
            } else {
                host.load(s.name, s.bundledSource);
            }
        } catch (ScriptLoadException e) {
            throw new CommandFailed(e.getMessage());
        }
    }

    private static void prepareLogDir(Path dir) throws CommandFailed {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CommandFailed("cannot create log directory " + dir + ": " + e.getMessage());
        }
        if (!Files.isWritable(dir)) {
            throw new CommandFailed("log directory " + dir + " is not writable");
        }
    }

    private void handlerFailed(EventType event, EventHandler handler, RuntimeException error) {
        int n = failures.merge(handler, 1, Integer::sum);
        if (n <= SHOWN_PER_HANDLER) {
            reporter.error("handler for '" + event.scriptName() + "' (" + handler.origin() + ") failed: "
                    + error.getMessage());
        }
        if (n == SHOWN_PER_HANDLER) {
            reporter.info("further errors from the handler at " + handler.origin() + " are counted, not shown");
        }
    }

    private void reportSuppressed() {
        for (Map.Entry<EventHandler, Integer> e : failures.entrySet()) {
            if (e.getValue() > SHOWN_PER_HANDLER) {
                reporter.info("the handler at " + e.getKey().origin() + " failed " + e.getValue() + " times in all");
            }
        }
    }
}
