package dev.tattler.script;

import org.graalvm.polyglot.Context;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops a script call that runs past its time budget, so no script can hang the engine. The
 * engine thread marks each call into JavaScript with {@link #enter}/{@link #exit} (a clock read
 * and two volatile writes: no allocation, no lock); a daemon thread looks a few times per
 * budget and, for a call over its limit, calls {@link Context#interrupt(Duration)}, which makes
 * the running JavaScript throw (the call ends with a PolyglotException whose
 * {@code isInterrupted()} is true) and leaves the context usable (DESIGN.md, sandboxing facts).
 *
 * <p>Nested calls (a handler raising a notice whose handler is also JavaScript) count as one:
 * the budget runs from the outermost entry. Should interrupting fail repeatedly (JavaScript
 * stuck in host code), the context is cancelled as a last resort; every later call then fails
 * with {@code isCancelled()}.
 */
final class Watchdog implements AutoCloseable {
    private static final int INTERRUPT_ATTEMPTS = 4;

    private final Context context;
    private final Thread thread;
    private final long pollNanos;
    private volatile long startedAt;
    private volatile long limitNanos;
    private volatile long call;
    private volatile boolean closed;
    private volatile boolean cancelled;
    private int depth;

    Watchdog(Context context, Duration budget) {
        this.context = context;
        long b = budget.toNanos();
        this.pollNanos = Math.max(2_000_000L, Math.min(100_000_000L, b / 8));
        this.thread = new Thread(this::watch, "tattler-script-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** A call into JavaScript begins (engine thread); the outermost one starts the clock. */
    void enter(long limit) {
        if (depth++ == 0) {
            limitNanos = limit;
            call++;
            startedAt = System.nanoTime();
        }
    }

    /** The call returned or threw. */
    void exit() {
        if (--depth == 0) {
            startedAt = 0;
        }
    }

    /** True once the context had to be cancelled because interrupting did not work. */
    boolean cancelledContext() {
        return cancelled;
    }

    private void watch() {
        long failedCall = -1;
        int failures = 0;
        while (!closed) {
            LockSupport.parkNanos(pollNanos);
            long started = startedAt;
            long id = call;
            if (started == 0 || System.nanoTime() - started < limitNanos || closed) {
                continue;
            }
            if (id != call) {
                continue; // that call just ended and another began
            }
            try {
                context.interrupt(Duration.ofMillis(500));
                failures = 0;
            } catch (TimeoutException e) {
                failures = id == failedCall ? failures + 1 : 1;
                failedCall = id;
                if (failures >= INTERRUPT_ATTEMPTS) {
                    cancelled = true;
                    try {
                        context.close(true);
                    } catch (RuntimeException ignored) {
                        // already closing
                    }
                    return;
                }
            } catch (RuntimeException e) {
                return; // the context is closed: nothing left to watch
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
