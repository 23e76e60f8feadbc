package dev.tattler.script;

import dev.tattler.engine.NetworkTimers;
import org.graalvm.polyglot.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tattler.schedule(seconds, fn)} and {@code tattler.cancel(id)}: script callbacks on the
 * engine's {@link NetworkTimers}, run under the watchdog like handlers. Failures are accounted
 * per function <em>definition</em> (its source location), because a periodic job usually
 * schedules a fresh arrow function each time: once that definition is disabled, its pending
 * timers are cancelled and its later schedules are ignored (they return 0).
 */
final class JsTimers {
    private final NetworkTimers timers;
    private final Watchdog watchdog;
    private final Guard guard;
    private final long budgetNanos;
    private final Map<String, TimerSite> sites = new HashMap<>();
    private final Map<Long, Timer> live = new HashMap<>();

    /** The timers scheduled by one function definition. */
    private final class TimerSite extends Guard.Site {
        TimerSite(String origin) {
            super("timer callback", origin);
        }

        @Override
        void disable() {
            List<Long> ids = new ArrayList<>();
            for (Timer t : live.values()) {
                if (t.site == this) {
                    ids.add(t.id);
                }
            }
            for (long id : ids) {
                cancel(id);
            }
        }
    }

    private final class Timer implements NetworkTimers.Callback {
        final Value fn;
        final TimerSite site;
        long id;

        Timer(Value fn, TimerSite site) {
            this.fn = fn;
            this.site = site;
        }

        @Override
        public void fire() {
            live.remove(id);
            if (site.disabled) {
                return;
            }
            watchdog.enter(budgetNanos);
            try {
                fn.executeVoid();
            } catch (RuntimeException e) {
                guard.failed(site, e);
            } finally {
                watchdog.exit();
            }
        }
    }

    JsTimers(NetworkTimers timers, Watchdog watchdog, Guard guard, long budgetNanos) {
        this.timers = timers;
        this.watchdog = watchdog;
        this.guard = guard;
        this.budgetNanos = budgetNanos;
    }

    long schedule(Value seconds, Value fn) {
        Double delay = JsValues.number(seconds, "tattler.schedule(seconds, fn): seconds");
        if (delay == null || delay < 0) {
            throw new IllegalArgumentException("tattler.schedule(seconds, fn): seconds must be a number, 0 or more, not "
                    + JsValues.describe(seconds));
        }
        if (fn == null || !fn.canExecute()) {
            throw new IllegalArgumentException("tattler.schedule(seconds, fn): fn must be a function, not "
                    + JsValues.describe(fn));
        }
        String origin = Locations.format(fn.getSourceLocation());
        TimerSite site = sites.computeIfAbsent(origin, TimerSite::new);
        if (site.disabled) {
            return 0;
        }
        Timer t = new Timer(fn, site);
        long nanos = delay * 1e9 >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(delay * 1e9);
        t.id = timers.schedule(nanos, t);
        if (t.id != 0) {
            live.put(t.id, t);
        }
        return t.id;
    }

    boolean cancel(Value id) {
        Long n = JsValues.integer(id, "tattler.cancel(id): id", Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
        return n != null && cancel((long) n);
    }

    private boolean cancel(long id) {
        live.remove(id);
        return timers.cancel(id);
    }

    /** Cancels every pending timer of these scripts (their host is closing). */
    void cancelAll() {
        for (long id : new ArrayList<>(live.keySet())) {
            cancel(id);
        }
    }
}
