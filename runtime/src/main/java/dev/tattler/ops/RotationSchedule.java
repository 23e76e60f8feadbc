package dev.tattler.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When logs rotate: at multiples of the interval counted from local midnight, as Zeek's
 * {@code calc_next_rotate} does with the default {@code log_rotate_base_time} of 0:00. Hourly
 * rotation happens on the hour, daily at midnight, every 10 minutes at :00, :10, ...; an
 * interval that does not divide a day starts over at each midnight. Intervals longer than a
 * day must be whole days and rotate at midnight every N days (counted from 1970-01-01).
 */
public final class RotationSchedule {
    private static final Duration DAY = Duration.ofDays(1);

    private final long intervalNanos;
    private final long days;
    private final ZoneId zone;

    public RotationSchedule(Duration interval, ZoneId zone) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the rotation interval must be positive");
        }
        if (interval.compareTo(DAY) > 0 && !interval.equals(DAY.multipliedBy(interval.toDays()))) {
            throw new IllegalArgumentException("a rotation interval longer than a day must be whole days, e.g. 7d");
        }
        this.intervalNanos = interval.toNanos();
        this.days = interval.compareTo(DAY) > 0 ? interval.toDays() : 0;
        this.zone = zone;
    }

    /** The first rotation time strictly after {@code nanos} (epoch nanoseconds). */
    public long next(long nanos) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        LocalDate day = t.atZone(zone).toLocalDate();
        if (days > 0) {
            return nanosOf(LocalDate.ofEpochDay((day.toEpochDay() / days + 1) * days).atStartOfDay(zone));
        }
        long midnight = nanosOf(day.atStartOfDay(zone));
        long nextMidnight = nanosOf(day.plusDays(1).atStartOfDay(zone));
        long since = nanos - midnight;
        long boundary = midnight + (since / intervalNanos + 1) * intervalNanos;
        return Math.min(boundary, nextMidnight);
    }

    private static long nanosOf(ZonedDateTime z) {
        return z.toEpochSecond() * 1_000_000_000L;
    }
}
