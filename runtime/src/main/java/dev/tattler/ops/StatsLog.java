package dev.tattler.ops;

import dev.tattler.capture.LiveSource;
import dev.tattler.engine.EventEngine;
import dev.tattler.log.LogSchema;
import dev.tattler.log.LogWriter;
import dev.tattler.log.TimeValue;

import java.io.IOException;
import java.time.Duration;

/**
 * stats.log: a row every N seconds of network time (on a live link, every N seconds) and one
 * at the end, with what happened since the row before, in the spirit of Zeek's stats.log
 * (base/misc/stats.zeek), whose column names it uses where Zeek has the figure:
 *
 * <pre>
 *  ts  mem  pkts_proc  bytes_recv  pkts_link  pkts_dropped  pkts_ifdropped  pkts_queued  pkt_lag
 *      events_proc  script_errors  notices  active_conns
 * </pre>
 *
 * Counts are per interval (Zeek's convention: add them up for totals); {@code mem} (MB of Java
 * heap in use), {@code pkts_queued}, {@code pkt_lag} and {@code active_conns} are the state at
 * {@code ts}. The capture columns are unset for a capture file. A non-zero {@code pkts_dropped}
 * means the engine fell behind the link (docs/monitoring.md says what to do).
 */
public final class StatsLog {
    public static final LogSchema SCHEMA = LogSchema.of("stats",
            "ts", "time", "mem", "count", "pkts_proc", "count", "bytes_recv", "count",
            "pkts_link", "count", "pkts_dropped", "count", "pkts_ifdropped", "count", "pkts_queued", "count",
            "pkt_lag", "interval", "events_proc", "count", "script_errors", "count", "notices", "count",
            "active_conns", "count");

    private final EventEngine engine;
    private final LiveSource live;
    private final long intervalNanos;
    private final LogWriter writer;
    private RunStats last;
    private long due;
    private boolean finished;

    private StatsLog(EventEngine engine, LiveSource live, Duration interval) throws IOException {
        this.engine = engine;
        this.live = live;
        this.intervalNanos = interval.toNanos();
        this.writer = engine.logs().open(SCHEMA);
    }

    /**
     * Starts writing stats.log every {@code interval} of network time (a live run's network time
     * follows the clock even on a quiet link). {@code live} is null for a capture file.
     */
    public static StatsLog start(EventEngine engine, LiveSource live, Duration interval) throws IOException {
        StatsLog s = new StatsLog(engine, live, interval);
        s.last = RunStats.of(engine, live);
        // Fires with the first packet (or a live link's first idle moment), when network time is known.
        engine.timers().schedule(0, s::arm);
        return s;
    }

    private void tick() {
        if (finished || engine.networkTime() < due) {
            return; // the run is ending and its timers are drained early: finish() writes the last row
        }
        row();
        arm();
    }

    private void arm() {
        due = engine.networkTime() + intervalNanos;
        engine.timers().schedule(intervalNanos, this::tick); // ignored once the run is ending
    }

    /** The last row, after the capture stopped: its final drop counts included. Call once, before the logs close. */
    public void finish() {
        if (!finished) {
            finished = true;
            row();
        }
    }

    private void row() {
        RunStats now = RunStats.of(engine, live);
        RunStats was = last;
        last = now;
        boolean capture = now.capture != null && was.capture != null;
        try {
            writer.write(TimeValue.ofNanos(now.networkNanos > 0 ? now.networkNanos : now.wallNanos),
                    now.heapUsed >> 20,
                    now.packets - was.packets,
                    now.bytes - was.bytes,
                    capture ? now.capture.received - was.capture.received : null,
                    capture ? now.capture.kernelDropped - was.capture.kernelDropped : null,
                    capture ? now.capture.interfaceDropped - was.capture.interfaceDropped : null,
                    capture ? (Object) (long) now.capture.queued : null,
                    capture ? TimeValue.ofNanos(now.lagNanos()) : null,
                    now.events - was.events,
                    now.scriptErrors - was.scriptErrors,
                    now.notices - was.notices,
                    (long) now.connections);
        } catch (IOException e) {
            engine.reporter().error("stats.log: " + e.getMessage());
        }
    }
}
