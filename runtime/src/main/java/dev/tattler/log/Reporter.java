package dev.tattler.log;

import java.io.PrintStream;

/**
 * Where the engine tells the user about its own problems (a failing script handler, a capture
 * cut short, an interpreter-only JS runtime): one line each on stderr, prefixed "tattler:".
 * Counts are kept so a run can end with a summary.
 */
public final class Reporter {
    private final PrintStream err;
    private int errors;
    private int warnings;

    public Reporter(PrintStream err) {
        this.err = err;
    }

    public synchronized void error(String message) {
        errors++;
        err.println("tattler: error: " + message);
    }

    public synchronized void warning(String message) {
        warnings++;
        err.println("tattler: warning: " + message);
    }

    public synchronized void info(String message) {
        err.println("tattler: " + message);
    }

    public synchronized int errors() {
        return errors;
    }

    public synchronized int warnings() {
        return warnings;
    }
}
