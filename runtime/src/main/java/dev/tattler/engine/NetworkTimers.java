package dev.tattler.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Timers on network time, as Zeek's timer manager runs them: a callback is due a number of
 * seconds of <em>packet</em> time after it was scheduled, and fires when the engine's network
 * time reaches that point — before the packet that moved time past it is processed. Reading
 * a day-long capture in ten seconds fires an hour timer after the right packets, not after an
 * hour of wall time.
 *
 * <pre>
 *  schedule(delay, cb) ─> queue ordered by (due, order of scheduling)
 *  advance(t)          ─> fires every timer with due ≤ t   (the engine calls it per packet)
 *  drain()             ─> fires everything left, in order  (end of input, before tattler_done)
 * </pre>
 *
 * <p>Differences from Zeek, on purpose: a timer scheduled before the first packet (network
 * time still unknown, {@code tattler_init} or a script's top level) counts its delay from the
 * first packet's time, where Zeek counts from time 0 and so fires it at once. As in Zeek,
 * timers scheduled while the pending ones are drained at the end are ignored (Zeek's
 * {@code schedule} does nothing once terminating), so a self-rescheduling timer cannot keep
 * a run alive. A timer that schedules a timer already due waits for the next packet, so a
 * zero-delay loop cannot stall the packet loop either.
 *
 * <p>One instance per engine thread; not thread-safe. {@link #advance} costs one comparison
 * when nothing is due.
 */
public final class NetworkTimers {
    /** What runs when a timer fires; on the engine thread, with network time already advanced. */
    public interface Callback {
        void fire();
    }

    private static final class Timer {
        final long id;
        final long seq;
        final Callback callback;
        long due;
        boolean cancelled;

        Timer(long id, long seq, long due, Callback callback) {
            this.id = id;
            this.seq = seq;
            this.due = due;
            this.callback = callback;
        }
    }

    private final Consumer<RuntimeException> failures;
    private PriorityQueue<Timer> queue = newQueue();
    private final Map<Long, Timer> pending = new HashMap<>();
    private long nextId = 1;
    private long nextSeq;
    private long now;
    private boolean anchored;
    private boolean draining;
    private int cancelledInQueue;
    /** Earliest due time in the queue, so advance() is one compare when nothing is due. */
    private long nextDue = Long.MAX_VALUE;

    /** @param failures told of a callback that threw; the timers go on */
    public NetworkTimers(Consumer<RuntimeException> failures) {
        this.failures = failures;
    }

    private static PriorityQueue<Timer> newQueue() {
        return new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    }

    /**
     * Schedules {@code callback} {@code delayNanos} of network time from now. Returns the timer's
     * id (positive) for {@link #cancel}, or 0 when the run is ending and the timer is ignored.
     */
    public long schedule(long delayNanos, Callback callback) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("a timer's delay cannot be negative");
        }
        if (draining) {
            return 0;
        }
        // Before the first packet the due time holds the bare delay; anchor() adds the first
        // packet's time to every such timer at once.
        long due = anchored ? saturatedAdd(now, delayNanos) : delayNanos;
        Timer t = new Timer(nextId++, nextSeq++, due, callback);
        queue.add(t);
        pending.put(t.id, t);
        if (anchored && due < nextDue) {
            nextDue = due;
        }
        return t.id;
    }

    /** Cancels a pending timer; false when it already fired, was cancelled or never existed. */
    public boolean cancel(long id) {
        Timer t = pending.remove(id);
        if (t == null) {
            return false;
        }
        t.cancelled = true;
        // Removal from the heap is lazy; compact when cancelled timers are most of it, so a script
        // that keeps re-arming long timeouts cannot grow the queue without bound.
        if (++cancelledInQueue > 64 && cancelledInQueue > queue.size() / 2) {
            PriorityQueue<Timer> live = newQueue();
            for (Timer x : queue) {
                if (!x.cancelled) {
                    live.add(x);
                }
            }
            queue = live;
            cancelledInQueue = 0;
        }
        return true;
    }

    /** Timers scheduled and neither fired nor cancelled. */
    public int pending() {
        return pending.size();
    }

    /** Network time as the timers know it, in nanoseconds. */
    public long now() {
        return now;
    }

    /**
     * Moves network time to {@code nanos} (never backwards) and fires the timers due by then, in
     * due order. Timers that firing callbacks schedule for a time already reached wait for the
     * next call.
     */
    public void advance(long nanos) {
        if (nanos > now) {
            now = nanos;
        }
        if (!anchored) {
            anchor(); // the first packet: network time is known from here on
        }
        if (now < nextDue) {
            return;
        }
        fire(now, nextSeq);
    }

    /** Fires every pending timer in due order, network time unchanged; later schedules are ignored. */
    public void drain() {
        if (!anchored) {
            anchor();
        }
        draining = true;
        fire(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    private void anchor() {
        anchored = true;
        List<Timer> waiting = new ArrayList<>(queue);
        queue.clear();
        for (Timer t : waiting) {
            t.due = saturatedAdd(now, t.due);
            queue.add(t);
        }
        nextDue = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().due;
    }

    private void fire(long upTo, long seqLimit) {
        Timer t;
        while ((t = queue.peek()) != null && t.due <= upTo && t.seq < seqLimit) {
            queue.poll();
            if (t.cancelled) {
                cancelledInQueue--;
                continue;
            }
            pending.remove(t.id);
            try {
                t.callback.fire();
            } catch (RuntimeException e) {
                failures.accept(e);
            }
        }
        nextDue = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().due;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
