package dev.tattler.ops;

import dev.tattler.engine.EventEngine;
import dev.tattler.log.LogManager;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;

/**
 * {@code --rotate INTERVAL}: closes and renames every log at the boundaries of a
 * {@link RotationSchedule}, on network time, through a timer on the engine's own timer queue.
 * So a rotation falls exactly between the last packet before a boundary and the first after
 * it, for a capture file as for a live link (whose network time follows the clock even when
 * the link is quiet), and every row lands in exactly one file. At the end of the run the
 * {@link LogManager} renames the last period's files too.
 */
public final class LogRotation {
    private final EventEngine engine;
    private final LogManager logs;
    private final RotationSchedule schedule;
    private long next;

    private LogRotation(EventEngine engine, RotationSchedule schedule) {
        this.engine = engine;
        this.logs = engine.logs();
        this.schedule = schedule;
    }

    /** Turns rotation on for {@code engine}'s logs; call before the run starts. */
    public static LogRotation start(EventEngine engine, Duration interval, ZoneId zone) {
        LogRotation r = new LogRotation(engine, new RotationSchedule(interval, zone));
        engine.logs().enableRotation(System.currentTimeMillis() * 1_000_000L, r::closeTime);
        // Fires with the first packet (or the first idle moment of a live link): network time is known then.
        engine.timers().schedule(0, r::begin);
        return r;
    }

    private long closeTime() {
        long t = engine.networkTime();
        return t > 0 ? t : System.currentTimeMillis() * 1_000_000L;
    }

    private void begin() {
        long now = engine.networkTime();
        logs.enableRotation(now, this::closeTime); // a capture file's first period starts with its first packet
        arm(now);
    }

    private void arm(long now) {
        next = schedule.next(now);
        engine.timers().schedule(next - now, this::rotate);
    }

    private void rotate() {
        long now = engine.networkTime();
        if (now < next) {
            return; // the run is ending and its timers are drained: the final close names the last period
        }
        try {
            logs.rotate(next);
        } catch (IOException e) {
            engine.reporter().error("log rotation failed: " + e.getMessage());
        }
        arm(now);
    }
}
