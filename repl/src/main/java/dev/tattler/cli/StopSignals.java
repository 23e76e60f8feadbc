package dev.tattler.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.HashMap;
import java.util.Map;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a run: the first asks the engine to stop between two
 * packets, so the run ends as at the end of a capture (pending timers, {@code tattler_done},
 * every log closed) and the process exits normally. A second signal means "now": the logs are
 * closed as they are (whole lines only, the writers are synchronized) and the process exits
 * with 130 (INT) or 143 (TERM).
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK 17+): a plain
 * shutdown hook could not let the engine finish its JavaScript on the main thread first.
 */
final class StopSignals implements AutoCloseable {
    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private final Runnable stop;
    private final Runnable closeLogs;
    private volatile String signal;

    private StopSignals(Runnable stop, Runnable closeLogs) {
        this.stop = stop;
        this.closeLogs = closeLogs;
    }

    static StopSignals install(Runnable stop, Runnable closeLogs) {
        StopSignals s = new StopSignals(stop, closeLogs);
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal sig = new Signal(name);
                s.previous.put(sig, Signal.handle(sig, s::handle));
            } catch (IllegalArgumentException e) {
                // the signal is not available here (or the JVM reserves it): keep the default
            }
        }
        return s;
    }

    private void handle(Signal sig) {
        if (signal == null) {
            signal = "SIG" + sig.getName();
            stop.run();
            return;
        }
        closeLogs.run();
        Runtime.getRuntime().halt(128 + sig.getNumber());
    }

    boolean stopped() {
        return signal != null;
    }

    String signal() {
        return signal;
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
