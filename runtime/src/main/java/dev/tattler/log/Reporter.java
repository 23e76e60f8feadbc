package dev.tattler.log;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Where the engine tells the user about its own problems (a failing script handler, a capture
 * cut short, an interpreter-only JS runtime): one line each on stderr, prefixed "tattler:",
 * and a row in reporter.log with Zeek's columns ({@code ts level message location}, level
 * {@code Reporter::INFO|WARNING|ERROR}). Counts are kept so a run can end with a summary.
 *
 * <pre>
 *  error("worm.js:12:5", "handler failed") ─┬─> stderr: tattler: error: worm.js:12:5: handler failed
 *                                           └─> reporter.log: ts  Reporter::ERROR  handler failed  worm.js:12:5
 * </pre>
 *
 * <p>reporter.log is opened on the first entry once {@link #attach attached} to a run's logs,
 * as Zeek creates it only when something is reported; entries made before that (e.g. while
 * scripts load) are kept, up to {@value #EARLY_LIMIT}, and written then. {@code ts} is network
 * time once the engine {@link #useClock supplies it} and a packet was seen, else wall-clock time,
 * as Zeek does. Thread-safe: the script watchdog and shutdown hooks may report too.
 */
public final class Reporter {
    /** Zeek's {@code Reporter::Level} values as they appear in reporter.log. */
    public enum Level {
        INFO("Reporter::INFO", ""),
        WARNING("Reporter::WARNING", "warning: "),
        ERROR("Reporter::ERROR", "error: ");

        final String zeekName;
        final String prefix;

        Level(String zeekName, String prefix) {
            this.zeekName = zeekName;
            this.prefix = prefix;
        }
    }

    /** reporter.log's columns, as Zeek's {@code Reporter::Info}. */
    public static final LogSchema SCHEMA = LogSchema.of("reporter",
            "ts", "time", "level", "enum", "message", "string", "location", "string");

    private static final int EARLY_LIMIT = 1000;

    private final PrintStream err;
    private final List<Object[]> early = new ArrayList<>();
    private LogManager logs;
    private LogWriter writer;
    private LongSupplier clock;
    private int errors;
    private int warnings;
    private long scriptFailures;
    private boolean logBroken;

    /** Reports on {@code err} only, until {@link #attach} gives it a run's logs. */
    public Reporter(PrintStream err) {
        this.err = err;
    }

    /** Reports on {@code err} and into {@code logs} (reporter.log). */
    public Reporter(PrintStream err, LogManager logs) {
        this.err = err;
        attach(logs);
    }

    /** Starts writing reporter.log into {@code logs}, with the entries so far; a second call is ignored. */
    public synchronized void attach(LogManager logs) {
        if (this.logs != null || logs == null) {
            return;
        }
        this.logs = logs;
        for (Object[] row : early) {
            write(row);
        }
        early.clear();
    }

    /** Whether reporter.log is being written (an attached LogManager). */
    public synchronized boolean attached() {
        return logs != null;
    }

    /** Takes {@code ts} from network time (nanoseconds; 0 before the first packet). */
    public synchronized void useClock(LongSupplier networkNanos) {
        this.clock = networkNanos;
    }

    public void error(String message) {
        report(Level.ERROR, null, message);
    }

    public void warning(String message) {
        report(Level.WARNING, null, message);
    }

    public void info(String message) {
        report(Level.INFO, null, message);
    }

    /** An error at a script location such as "worm.js:12:5" (reporter.log's {@code location}). */
    public void errorAt(String location, String message) {
        report(Level.ERROR, location, message);
    }

    public void warningAt(String location, String message) {
        report(Level.WARNING, location, message);
    }

    public void infoAt(String location, String message) {
        report(Level.INFO, location, message);
    }

    /** One entry: a stderr line and a reporter.log row; {@code location} may be null. */
    public synchronized void report(Level level, String location, String message) {
        if (level == Level.ERROR) {
            errors++;
        } else if (level == Level.WARNING) {
            warnings++;
        }
        err.println("tattler: " + level.prefix + (location == null ? "" : location + ": ") + message);
        Object[] row = {TimeValue.ofNanos(now()), level.zeekName, message, location};
        if (logs == null) {
            if (early.size() < EARLY_LIMIT) {
                early.add(row);
            }
        } else {
            write(row);
        }
    }

    private long now() {
        long t = clock == null ? 0 : clock.getAsLong();
        if (t > 0) {
            return t;
        }
        return System.currentTimeMillis() * 1_000_000L;
    }

    private void write(Object[] row) {
        if (logBroken) {
            return;
        }
        try {
            if (writer == null) {
                writer = logs.open(SCHEMA);
            }
            writer.write(row);
        } catch (IOException e) {
            // The logs are closed (the run is over: the stderr line is all there can be) or the
            // disk failed, which deserves one note that reporter.log is incomplete.
            logBroken = true;
            String why = String.valueOf(e.getMessage());
            if (!why.endsWith("closed")) {
                err.println("tattler: warning: reporter.log not written from here on: " + why);
            }
        }
    }

    public synchronized int errors() {
        return errors;
    }

    /**
     * Counts one failed script call (an exception or a timeout), whether or not it is shown: a
     * handler that keeps failing is reported a few times, then only counted (stats.log, metrics).
     */
    public synchronized void scriptFailed() {
        scriptFailures++;
    }

    /** Script calls that failed so far, shown or not. */
    public synchronized long scriptFailures() {
        return scriptFailures;
    }

    public synchronized int warnings() {
        return warnings;
    }
}
