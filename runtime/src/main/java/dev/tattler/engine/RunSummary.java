package dev.tattler.engine;

import java.util.Map;

/** What a run saw: packet count, weirds by name, and why the capture ended early (or null). */
public final class RunSummary {
    private final long packets;
    private final Map<String, Long> weirds;
    private final String truncation;

    RunSummary(long packets, Map<String, Long> weirds, String truncation) {
        this.packets = packets;
        this.weirds = Map.copyOf(weirds);
        this.truncation = truncation;
    }

    public long packets() {
        return packets;
    }

    public Map<String, Long> weirds() {
        return weirds;
    }

    /** The capture's cut, as the reader described it, or null when it ended cleanly. */
    public String truncation() {
        return truncation;
    }
}
