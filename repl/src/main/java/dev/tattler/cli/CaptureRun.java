package dev.tattler.cli;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.CaptureFormatException;
import dev.tattler.capture.CaptureStats;
import dev.tattler.capture.LiveSource;
import dev.tattler.capture.PacketSource;
import dev.tattler.capture.ReadAheadSource;
import dev.tattler.conn.HostTracking;
import dev.tattler.conn.ReaderPass;
import dev.tattler.engine.EngineConfig;
import dev.tattler.engine.EventEngine;
import dev.tattler.engine.RunSummary;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventHandler;
import dev.tattler.event.EventType;
import dev.tattler.log.LogFormat;
import dev.tattler.log.LogManager;
import dev.tattler.log.Reporter;
import dev.tattler.ops.Housekeeping;
import dev.tattler.ops.Intervals;
import dev.tattler.ops.LogRotation;
import dev.tattler.ops.MetricsEndpoint;
import dev.tattler.ops.StatsLog;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * One run over a capture file or a live interface, shared by {@code run} and {@code demo}:
 *
 * <pre>
 *  open source (file, read ahead on its own thread | LiveSource) ─> LogManager ─> EventEngine ─> ScriptSet (load) ─> engine.run(source)
 *       housekeeping once a second: flush logs, metrics snapshot, SIGHUP reload
 *       on network time: --rotate boundaries, stats.log rows
 *  end (end of file | SIGINT/SIGTERM): finish (timers, tattler_done) ─> stop capture ─> last
 *       stats row ─> summary ─> close (and rename, when rotating) every log
 * </pre>
 *
 * A file and a live interface take the same path through the same decoder and engine, so a
 * live run and a replay of the same packets write the same logs. Every expected failure
 * becomes a {@link CommandFailed} with one line. Once logs are open they are closed whatever
 * happens, including Ctrl-C and SIGTERM ({@link StopSignals}): on a file the signal stops the
 * packet loop; on a live interface it stops the capture, the frames already captured are still
 * processed, and the run ends as at the end of a capture, every log with its {@code #close}.
 */
final class CaptureRun {
    /** What a run reads: a capture file, or a live interface with an optional BPF filter. */
    static final class Input {
        final Path file;
        final String iface;
        final String filter;
        final int bufferMb;
        /** A file is read on a thread of its own ({@link ReadAheadSource}) while the engine analyses. */
        final boolean readAhead;

        private Input(Path file, String iface, String filter, int bufferMb, boolean readAhead) {
            this.file = file;
            this.iface = iface;
            this.filter = filter;
            this.bufferMb = bufferMb;
            this.readAhead = readAhead;
        }

        /**
         * Files larger than this are long runs, where the JIT compilers' work at the start is
         * spread thin: the launcher's boundary between C1 alone and C2, for the same reason.
         */
        static final long LONG_CAPTURE_BYTES = 2L << 30;

        /**
         * Whether reading a file ahead on a second thread pays: with three cores or more, or
         * with two when scripts run or the capture is long. Measured on two cores
         * (docs/benchmarks.md): without a script, on 2 M packets (1.4 GB) one thread took
         * 2.6-2.8 s against 3.1-3.2 s with two, whose reading thread took the core the JIT
         * compilers needed at the start, and the engine thread's first read of every frame the
         * other core wrote cost back part of what it handed over; on 20 M packets (13.7 GB)
         * two threads won, 8.7-11.8 s (one outlier at 19.5) against 13.4-14.5 s. With worm770
         * two threads won, 5.3 s against 5.6 s, the engine thread (running JavaScript and C1's
         * code) being the slower side.
         */
        static boolean readAheadPays(boolean scripts, Path file) {
            return readAheadPays(Runtime.getRuntime().availableProcessors(), scripts, sizeOf(file));
        }

        static boolean readAheadPays(int cores, boolean scripts, long fileBytes) {
            return cores >= 3 || (cores == 2 && (scripts || fileBytes > LONG_CAPTURE_BYTES));
        }

        /** The size of a capture file, or 0 when it cannot be read (opening it then says why). */
        static long sizeOf(Path file) {
            try {
                return Files.size(file);
            } catch (IOException e) {
                return 0;
            }
        }

        static Input file(Path file, boolean readAhead) {
            return new Input(file, null, null, 0, readAhead);
        }

        static Input live(String iface, String filter, int bufferMb) {
            return new Input(null, iface, filter, bufferMb, false);
        }

        String name() {
            return file != null ? file.toString() : iface;
        }
    }

    /** The operations side of a run: rotation, stats.log, the metrics endpoint (each may be off). */
    static final class Operations {
        static final Operations NONE = new Operations(null, null, null, false);

        final Duration rotate;
        final Duration statsInterval;
        final InetSocketAddress metrics;
        /** Print a {@link RunTiming} line at the end. */
        final boolean timing;

        Operations(Duration rotate, Duration statsInterval, InetSocketAddress metrics, boolean timing) {
            this.rotate = rotate;
            this.statsInterval = statsInterval;
            this.metrics = metrics;
            this.timing = timing;
        }
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Reporter reporter;
    private final JavaScriptStart javaScript;

    CaptureRun(PrintStream out, PrintStream err) {
        this(out, err, null);
    }

    /** A run whose JavaScript the caller started early ({@code null}: started when the scripts load). */
    CaptureRun(PrintStream out, PrintStream err, JavaScriptStart javaScript) {
        this.out = out;
        this.err = err;
        this.reporter = new Reporter(err);
        this.javaScript = javaScript;
    }

    /** An offline run with no operations options (the demo). */
    RunSummary run(Path capture, List<ScriptRef> scripts, EngineConfig config, LogFormat format)
            throws CommandFailed {
        return run(Input.file(capture, Input.readAheadPays(!scripts.isEmpty(), capture)), scripts, config, format,
                Operations.NONE);
    }

    RunSummary run(Input input, List<ScriptRef> scripts, EngineConfig config, LogFormat format, Operations ops)
            throws CommandFailed {
        if (config.logDir() != null) {
            prepareLogDir(config.logDir());
        }
        // Scripts query host tables; a reading thread keeps them from the first frame on.
        HostTracking hosts = !scripts.isEmpty() && input.readAhead
                ? HostTracking.ahead(ReadAheadSource.MAX_AHEAD) : null;
        try (PacketSource source = open(input, config.ignoreChecksums(), hosts)) {
            LogManager logs = new LogManager(config.logDir(), format);
            try {
                return run(input, source, scripts, config, logs, ops, hosts);
            } finally {
                IOException e = logs.closeAll();
                if (e != null) {
                    reporter.error("could not close the logs: " + e.getMessage());
                }
            }
        } catch (CaptureFormatException e) {
            throw new CommandFailed(input.name() + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new CommandFailed(input.name() + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CommandFailed(input.name() + ": permission denied");
        } catch (dev.tattler.capture.LiveCaptureException e) {
            throw new CommandFailed(e.getMessage());
        } catch (IOException e) {
            throw new CommandFailed(input.name() + ": " + e.getMessage());
        }
    }

    private RunSummary run(Input input, PacketSource source, List<ScriptRef> scripts, EngineConfig config,
                           LogManager logs, Operations ops, HostTracking hosts) throws IOException, CommandFailed {
        LiveSource live = source instanceof LiveSource ? (LiveSource) source : null;
        EventBus bus = new EventBus(this::javaHandlerFailed);
        EventEngine engine = new EventEngine(config, bus, reporter, logs);
        if (hosts != null) {
            engine.trackHostActivity(hosts);
        }
        Runnable stop = live != null ? live::stop : engine::requestStop;
        try (ScriptSet scriptSet = new ScriptSet(scripts, engine, out, err, javaScript);
             StopSignals signals = StopSignals.install(stop, () -> logs.closeAll());
             HangupSignal hangup = HangupSignal.install(scriptSet::requestReload);
             Housekeeping housekeeping = new Housekeeping(engine, live)) {
            scriptSet.load();
            housekeeping.add(scriptSet::reloadIfRequested);
            if (ops.rotate != null) {
                LogRotation.start(engine, ops.rotate, ZoneId.systemDefault());
            }
            StatsLog stats = ops.statsInterval != null && !ops.statsInterval.isZero()
                    ? StatsLog.start(engine, live, ops.statsInterval) : null;
            housekeeping.start();
            try (MetricsEndpoint metrics = ops.metrics == null ? null : serveMetrics(ops.metrics, housekeeping)) {
                if (live != null) {
                    reporter.info("capturing on " + live.description()
                            + (ops.rotate != null ? ", logs rotated every " + Intervals.format(ops.rotate) : ""));
                    if (!live.nanosecondTimestamps()) {
                        reporter.info(live.iface() + " has no nanosecond timestamps: times are to the microsecond");
                    }
                }
                long started = System.nanoTime();
                RunSummary summary;
                try (RunTiming timing = ops.timing ? RunTiming.start(engine) : null) {
                    try {
                        summary = engine.run(source);
                    } finally {
                        if (timing != null) {
                            timing.loopEnded();
                        }
                        // tattler_done and pending timers still run JavaScript: before the scripts close.
                        engine.finish();
                    }
                    if (timing != null) {
                        err.println("tattler: " + timing.summary());
                    }
                }
                if (live != null) {
                    live.close(); // the capture's final counters, for the last stats row and the summary
                }
                if (stats != null) {
                    stats.finish();
                }
                saveEvidence(engine, input, config);
                String suppressed = engine.notices().suppressionSummary();
                if (suppressed != null) {
                    reporter.info(suppressed);
                }
                if (signals.stopped()) {
                    reporter.info("stopped by " + signals.signal() + " after " + summary.packets()
                            + " packets; logs are complete up to there");
                }
                if (live != null) {
                    reporter.info(liveSummary(live, engine, System.nanoTime() - started));
                    if (live.failure() != null) {
                        throw new CommandFailed(live.failure());
                    }
                }
                return summary;
            }
        }
    }

    private MetricsEndpoint serveMetrics(InetSocketAddress address, Housekeeping housekeeping) throws CommandFailed {
        try {
            MetricsEndpoint m = MetricsEndpoint.start(address, housekeeping::latest);
            reporter.info("metrics on http://" + hostText(address) + ":" + m.port() + "/metrics");
            return m;
        } catch (IOException e) {
            throw new CommandFailed("--metrics: cannot listen on " + hostText(address) + ":" + address.getPort()
                    + ": " + e.getMessage());
        }
    }

    private static String hostText(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    /** One line on how a live capture went: what was seen, what was lost, where. */
    private static String liveSummary(LiveSource live, EventEngine engine, long elapsedNanos) {
        CaptureStats c = live.stats();
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        return String.format(Locale.ROOT, "capture on %s ended after %.1f s: %d packets (%.0f/s), %d dropped by the"
                        + " kernel, %d by the interface; %d events, %d notices",
                live.iface(), seconds, engine.packets(), engine.packets() / seconds, c.kernelDropped,
                c.interfaceDropped, engine.bus().dispatchedTotal(), engine.notices().logged());
    }

    /** Copies the frames scripts named with tattler.evidence into pcaps beside the logs. */
    private void saveEvidence(EventEngine engine, Input input, EngineConfig config) {
        if (engine.evidence().isEmpty()) {
            return;
        }
        if (input.file == null) {
            // Evidence is copied from the capture after the run; a live link's frames are gone by then.
            reporter.info("evidence pcaps are written for capture files only: record the link as well"
                    + " (tcpdump -w) to keep the frames behind a notice");
            return;
        }
        Path dir = config.logDir() == null ? Path.of(".") : config.logDir();
        try {
            for (Path file : engine.evidence().writeFrom(input.file, dir)) {
                reporter.info("evidence written to " + file);
            }
        } catch (IOException e) {
            reporter.error("could not write the evidence pcaps: " + e.getMessage());
        }
    }

    private static PacketSource open(Input input, boolean ignoreChecksums, HostTracking hosts)
            throws IOException, CommandFailed {
        if (input.iface != null) {
            return LiveSource.open(input.iface, input.filter, input.bufferMb);
        }
        if (Files.isDirectory(input.file)) {
            throw new CommandFailed(input.file + ": is a directory, not a capture file");
        }
        PacketSource file = CaptureFiles.open(input.file);
        if (!input.readAhead) {
            return file;
        }
        ReaderPass pass = new ReaderPass(ignoreChecksums, hosts);
        // With -C and no scripts there is nothing to do on the reading thread but read.
        return pass.pays() ? ReadAheadSource.start(file, pass) : ReadAheadSource.start(file);
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
