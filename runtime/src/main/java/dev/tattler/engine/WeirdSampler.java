package dev.tattler.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * Zeek's weird sampling: the first {@value #THRESHOLD} weirds of a name are reported, then one
 * in every {@value #RATE}, so a capture full of one malformation cannot flood weird.log or the
 * scripts. Every occurrence is still counted; the counts go into the run's summary.
 */
final class WeirdSampler {
    static final int THRESHOLD = 25;
    static final int RATE = 1000;

    private final Map<String, long[]> counts = new HashMap<>();

    /** Counts one occurrence of {@code name}; true when this one should be reported. */
    boolean count(String name) {
        long n = ++counts.computeIfAbsent(name, k -> new long[1])[0];
        return n <= THRESHOLD || (n - THRESHOLD) % RATE == 0;
    }

    /** Occurrences of every name so far, reported or not. */
    Map<String, Long> totals() {
        Map<String, Long> out = new HashMap<>();
        counts.forEach((name, n) -> out.put(name, n[0]));
        return out;
    }
}
