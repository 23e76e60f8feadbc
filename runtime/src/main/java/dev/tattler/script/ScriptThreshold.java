package dev.tattler.script;

import dev.tattler.conn.HostThreshold;
import dev.tattler.event.Times;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * What {@code tattler.threshold({ count, within, by })} returns: a count of packets per host in
 * a sliding window, kept in Java ({@link HostThreshold}), that gates handlers subscribed with
 * {@code { threshold: t }} and answers the script's questions about a host.
 *
 * <pre>
 * const talkers = tattler.threshold({ count: 20, within: 120 });          // by source address
 * tattler.on('udp_request', (c, p) =&gt; { talkers.first(p.src); }, { filter: 'udp', threshold: talkers });
 * </pre>
 */
public final class ScriptThreshold {
    private final HostThreshold counts;
    private final String description;

    ScriptThreshold(HostThreshold counts, String description) {
        this.counts = counts;
        this.description = description;
    }

    /** The gate the bus asks. */
    HostThreshold counts() {
        return counts;
    }

    /**
     * When {@code address} reached the threshold: the time (seconds) of the first of the packets
     * that made the count, or null if it has not (or was forgotten, or reset).
     */
    @HostAccess.Export
    public Double first(Value address) {
        String a = address("first", address);
        try {
            long at = counts.crossedAt(a);
            return at < 0 ? null : Times.seconds(at);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("threshold.first: " + e.getMessage());
        }
    }

    /** Forgets {@code address}'s count so that it may reach the threshold again; true when it was counted. */
    @HostAccess.Export
    public boolean reset(Value address) {
        String a = address("reset", address);
        try {
            return counts.reset(a);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("threshold.reset: " + e.getMessage());
        }
    }

    private static String address(String method, Value address) {
        String call = "threshold." + method + "(address)";
        String a = JsValues.string(address, call + ": address");
        if (a == null) {
            throw new IllegalArgumentException(call + ": address must be a string, not null");
        }
        return a;
    }

    @Override
    @HostAccess.Export
    public String toString() {
        return description;
    }
}
