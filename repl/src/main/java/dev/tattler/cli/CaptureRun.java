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
import dev.tattler.log.LogFormat;
import dev.tattler.log.LogManager;
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
import java.util.List;

/**
 * One offline run, shared by {@code run} and {@code demo}:
 *
 * <pre>
 *  open capture ─> LogManager ─> EventEngine ─> ScriptHost (load scripts) ─> engine.run(source)
 *                                                     finish: timers, tattler_done ─> close logs
 * </pre>
 *
 * Every expected failure becomes a {@link CommandFailed} with one line. Once logs are open they
 * are closed whatever happens, including Ctrl-C and SIGTERM ({@link StopSignals}): the signal
 * stops the packet loop, the run ends as at the end of the capture, and every log gets its
 * {@code #close} line.
 */
final class CaptureRun {
    private final PrintStream out;
    private final PrintStream err;
    private final Reporter reporter;
    private Path capture;

    CaptureRun(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        this.reporter = new Reporter(err);
    }

    RunSummary run(Path capture, List<ScriptRef> scripts, EngineConfig config, LogFormat format)
            throws CommandFailed {
        if (config.logDir() != null) {
            prepareLogDir(config.logDir());
        }
        this.capture = capture;
        try (PacketSource source = open(capture)) {
            LogManager logs = new LogManager(config.logDir(), format);
            try {
                return run(source, scripts, config, logs);
            } finally {
                IOException e = logs.closeAll();
                if (e != null) {
                    reporter.error("could not close the logs: " + e.getMessage());
                }
            }
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

    private RunSummary run(PacketSource source, List<ScriptRef> scripts, EngineConfig config, LogManager logs)
            throws IOException, CommandFailed {
        EventBus bus = new EventBus(this::javaHandlerFailed);
        EventEngine engine = new EventEngine(config, bus, reporter, logs);
        JsRuntime js = scripts.isEmpty() ? null : new JsRuntime();
        ScriptHost host = js == null ? null : new ScriptHost(js, engine, out, err);
        try (StopSignals signals = StopSignals.install(engine::requestStop, () -> logs.closeAll())) {
            if (js != null && !js.optimized()) {
                reporter.warning(JsRuntime.interpreterWarning());
            }
            for (ScriptRef s : scripts) {
                load(host, s);
            }
            RunSummary summary;
            try {
                summary = engine.run(source);
            } finally {
                // tattler_done and pending timers still run JavaScript: before the host closes.
                engine.finish();
            }
            saveEvidence(engine, source, config);
            String suppressed = engine.notices().suppressionSummary();
            if (suppressed != null) {
                reporter.info(suppressed);
            }
            if (signals.stopped()) {
                reporter.info("stopped by " + signals.signal() + " after " + summary.packets()
                        + " packets; logs are complete up to there");
            }
            return summary;
        } finally {
            if (host != null) {
                host.close();
            }
            if (js != null) {
                js.close();
            }
        }
    }

    /** Copies the frames scripts named with tattler.evidence into pcaps beside the logs. */
    private void saveEvidence(EventEngine engine, PacketSource source, EngineConfig config) {
        if (engine.evidence().isEmpty() || capture == null) {
            return;
        }
        Path dir = config.logDir() == null ? Path.of(".") : config.logDir();
        try {
            for (Path file : engine.evidence().writeFrom(capture, dir)) {
                reporter.info("evidence written to " + file);
            }
        } catch (IOException e) {
            reporter.error("could not write the evidence pcaps: " + e.getMessage());
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

    /** Java handlers (logs, built-ins) do not fail in normal operation: say so loudly, once each. */
    private void javaHandlerFailed(EventType event, EventHandler handler, RuntimeException error) {
        reporter.error("internal handler for '" + event.scriptName() + "' (" + handler.origin() + ") failed: " + error);
    }
}
