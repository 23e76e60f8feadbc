package dev.tattler.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP during a run asks for the scripts to be reloaded (as daemons reread their
 * configuration on HUP): the handler only passes the request on, the reload itself happens on
 * the engine thread between two packets. Without it the JVM would treat SIGHUP as a reason to
 * exit. Where HUP cannot be handled (the process runs under nohup, or with -Xrs), nothing is
 * installed and the signal keeps its default.
 */
final class HangupSignal implements AutoCloseable {
    private final Signal hup;
    private final SignalHandler previous;

    private HangupSignal(Signal hup, SignalHandler previous) {
        this.hup = hup;
        this.previous = previous;
    }

    static HangupSignal install(Runnable onHangup) {
        try {
            // Under nohup the JVM keeps HUP ignored and installs nothing (JVM_RegisterSignal).
            Signal hup = new Signal("HUP");
            return new HangupSignal(hup, Signal.handle(hup, s -> onHangup.run()));
        } catch (IllegalArgumentException e) {
            return new HangupSignal(null, null); // reserved by the JVM (-Xrs)
        }
    }

    @Override
    public void close() {
        if (hup != null) {
            Signal.handle(hup, previous);
        }
    }
}
