package dev.tattler.script;

import org.graalvm.polyglot.Context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops a script call that runs past its time budget, so no script can hang the engine. The
 * engine thread marks each call into JavaScript with {@link #enter}/{@link #exit}: two plain
 * stores with release order, no clock read, no fence, no allocation (this is paid on every
 * event). A daemon thread looks a few times per budget; the first time it sees a call it starts
 * that call's clock, and for a call it keeps seeing past its limit it calls
 * {@link Context#interrupt(Duration)}, which makes the running JavaScript throw (the call ends
 * with a PolyglotException whose {@code isInterrupted()} is true) and leaves the context usable
 * (DESIGN.md, sandboxing facts). A call is thus stopped between its budget and its budget plus
 * two looks (a look is an eighth of the budget, 2..100 ms).
 *
 * <pre>
 *   state: even = no call; odd = in a call. enter and exit each add one, so every call has
 *   its own odd value, which the watcher compares between two looks.
 * </pre>
 *
 * <p>Nested calls (a handler raising a notice whose handler is also JavaScript) count as one:
 * the budget runs from the outermost entry. Should interrupting fail repeatedly (JavaScript
 * stuck in host code), the context is cancelled as a last resort; every later call then fails
 * with {@code isCancelled()}.
 */
final class Watchdog implements AutoCloseable {
    private static final int INTERRUPT_ATTEMPTS = 4;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Watchdog.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Context context;
    private final Thread thread;
    private final long pollNanos;
    /** Written by the engine thread only; read by the watcher through {@link #STATE} with acquire order. */
    private long state;
    /** The current call's limit: written before {@link #state} turns odd, so the watcher sees it. */
    private long limitNanos;
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

    /** A call into JavaScript begins (engine thread); the outermost one is a new call to watch. */
    void enter(long limit) {
        if (depth++ == 0) {
            limitNanos = limit;
            STATE.setRelease(this, state + 1);
        }
    }

    /** The call returned or threw. */
    void exit() {
        if (--depth == 0) {
            STATE.setRelease(this, state + 1);
        }
    }

    /** True once the context had to be cancelled because interrupting did not work. */
    boolean cancelledContext() {
        return cancelled;
    }

    private void watch() {
        long seenCall = 0; // an odd state: the call being timed
        long seenAt = 0;
        long failedCall = -1;
        int failures = 0;
        while (!closed) {
            LockSupport.parkNanos(pollNanos);
            long call = (long) STATE.getAcquire(this);
            long now = System.nanoTime();
            if ((call & 1) == 0 || closed) {
                continue;
            }
            if (call != seenCall) {
                seenCall = call; // a call not seen before: its clock starts now
                seenAt = now;
                continue;
            }
            if (now - seenAt < limitNanos) {
                continue;
            }
            try {
                context.interrupt(Duration.ofMillis(500));
                failures = 0;
            } catch (TimeoutException e) {
                failures = call == failedCall ? failures + 1 : 1;
                failedCall = call;
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
