package dev.tattler.script;

import dev.tattler.log.Reporter;
import org.graalvm.polyglot.PolyglotException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a failing script call costs. Every call into a script's function (event handler or
 * timer callback) belongs to a {@link Site}; a failure is reported to stderr and reporter.log
 * with the script location, and a site that keeps failing is disabled:
 *
 * <ul>
 *   <li>a call over the time budget is interrupted and reported each time; after
 *       {@value #MAX_TIMEOUTS} timeouts the site is disabled (a handler is unsubscribed);</li>
 *   <li>an exception is reported for the first {@value #SHOWN_EXCEPTIONS} times, then counted;
 *       after {@value #MAX_EXCEPTIONS} exceptions in all the site is disabled;</li>
 *   <li>at the end of the run, each site still enabled whose errors were partly only counted
 *       gets one line with its total.</li>
 * </ul>
 *
 * Timeouts are punished sooner than exceptions because each one has already cost the engine
 * a whole budget of time, while a handler that throws on an odd packet costs little.
 */
final class Guard {
    static final int MAX_TIMEOUTS = 3;
    static final int MAX_EXCEPTIONS = 100;
    static final int SHOWN_EXCEPTIONS = 5;

    /** A place scripts are called from: one subscribed handler, or the timers of one function. */
    abstract static class Site {
        final String what;
        final String origin;
        int timeouts;
        int exceptions;
        boolean disabled;

        /** @param what e.g. "handler for 'udp_request'"; @param origin where it was defined, "x.js:3:1" */
        Site(String what, String origin) {
            this.what = what;
            this.origin = origin;
        }

        /** Stops further calls (unsubscribes the handler, cancels the timers). */
        abstract void disable();
    }

    private final Reporter reporter;
    private final String budgetText;
    private final List<Site> failed = new ArrayList<>();
    private boolean contextLost;

    Guard(Reporter reporter, Duration budget) {
        this.reporter = reporter;
        this.budgetText = seconds(budget);
    }

    /** A call from {@code site} failed with {@code error}: report it, and disable the site if it is time. */
    void failed(Site site, RuntimeException error) {
        reporter.scriptFailed();
        if (site.timeouts == 0 && site.exceptions == 0) {
            failed.add(site);
        }
        PolyglotException pe = error instanceof PolyglotException ? (PolyglotException) error : null;
        boolean lost = pe != null ? pe.isCancelled() : error instanceof IllegalStateException;
        if (lost) {
            // The watchdog had to cancel the whole context (or it is closed): no script can run again.
            site.disabled = true;
            if (!contextLost) {
                contextLost = true;
                reporter.errorAt(site.origin, "scripts stopped: a script could not be interrupted ("
                        + Locations.oneLine(error.getMessage()) + "); all handlers and timers are off");
            }
            return;
        }
        String location = pe == null ? site.origin : Locations.of(pe);
        if ("<script>".equals(location)) {
            location = site.origin;
        }
        if (pe != null && pe.isInterrupted()) {
            site.timeouts++;
            reporter.errorAt(location, site.what + " (" + site.origin + ") ran longer than " + budgetText
                    + " and was interrupted (" + site.timeouts + " of " + MAX_TIMEOUTS + " allowed)");
            if (site.timeouts >= MAX_TIMEOUTS) {
                disable(site, MAX_TIMEOUTS + " timeouts");
            }
            return;
        }
        site.exceptions++;
        if (site.exceptions <= SHOWN_EXCEPTIONS) {
            reporter.errorAt(location, site.what + " (" + site.origin + ") failed: "
                    + (pe == null ? Locations.oneLine(String.valueOf(error.getMessage())) : Locations.message(pe)));
        }
        if (site.exceptions == SHOWN_EXCEPTIONS) {
            reporter.infoAt(site.origin, "further errors from the " + site.what + " are counted, not shown");
        }
        if (site.exceptions >= MAX_EXCEPTIONS) {
            disable(site, MAX_EXCEPTIONS + " errors");
        }
    }

    private void disable(Site site, String why) {
        if (site.disabled) {
            return;
        }
        site.disabled = true;
        site.disable();
        reporter.errorAt(site.origin, site.what + " disabled after " + why);
    }

    /** True once a failure showed that the context is gone. */
    boolean contextLost() {
        return contextLost;
    }

    /** End of run: one line per site still running whose errors were partly only counted. */
    void summarize() {
        for (Site s : failed) {
            if (s.exceptions > SHOWN_EXCEPTIONS && !s.disabled) { // a disabled site's count was said then
                reporter.infoAt(s.origin, "the " + s.what + " failed " + s.exceptions + " times in all"
                        + (s.timeouts > 0 ? " and timed out " + s.timeouts + " times" : ""));
            }
        }
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
    }
}
