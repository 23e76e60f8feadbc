package dev.tattler.ops;

import dev.tattler.capture.CaptureStats;
import dev.tattler.capture.LiveSource;
import dev.tattler.engine.EventEngine;

/**
 * One snapshot of a run's counters, all cumulative since the start: what the engine processed,
 * what the capture saw and lost (live runs), and the state of the process. Taken on the engine
 * thread between two packets, then read from anywhere (stats.log, the metrics endpoint), so the
 * engine's own counters need no synchronization.
 */
public final class RunStats {
    /** When the snapshot was taken: wall clock and network time, epoch nanoseconds. */
    public final long wallNanos;
    public final long networkNanos;
    public final long packets;
    public final long bytes;
    public final long events;
    public final long scriptErrors;
    public final long notices;
    public final int connections;
    public final long heapUsed;
    public final long heapMax;
    /** Null for a capture file. */
    public final CaptureStats capture;

    private RunStats(EventEngine engine, CaptureStats capture) {
        Runtime rt = Runtime.getRuntime();
        this.wallNanos = System.currentTimeMillis() * 1_000_000L;
        this.networkNanos = engine.networkTime();
        this.packets = engine.packets();
        this.bytes = engine.bytes();
        this.events = engine.bus().dispatchedTotal();
        this.scriptErrors = engine.reporter().scriptFailures();
        this.notices = engine.notices().logged();
        this.connections = engine.connectionCount();
        this.heapUsed = rt.totalMemory() - rt.freeMemory();
        this.heapMax = rt.maxMemory();
        this.capture = capture;
    }

    /** Takes a snapshot; engine thread only. {@code live} is null for a capture file. */
    public static RunStats of(EventEngine engine, LiveSource live) {
        return new RunStats(engine, live == null ? null : live.stats());
    }

    /**
     * How far the engine is behind a live link, in nanoseconds: the age of the frame it was at
     * while frames were waiting for it; 0 when it had caught up (on a quiet link network time
     * trails the clock on purpose, which is no lag).
     */
    public long lagNanos() {
        return capture == null || capture.queued == 0 ? 0 : Math.max(0, wallNanos - networkNanos);
    }
}
