package dev.tattler.ops;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Rotation times as Zeek's calc_next_rotate gives them: multiples of the interval from local midnight. */
class RotationScheduleTest {
    private static long at(String iso) {
        Instant t = Instant.parse(iso);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static String next(String interval, String zone, String iso) {
        long n = new RotationSchedule(Intervals.parse(interval), ZoneId.of(zone)).next(at(iso));
        return Instant.ofEpochSecond(n / 1_000_000_000L).toString();
    }

    @Test
    void hourlyOnTheHourAndDailyAtMidnight() {
        assertEquals("2026-11-27T11:00:00Z", next("1h", "UTC", "2026-11-27T10:17:03.5Z"));
        assertEquals("2026-11-27T11:00:00Z", next("1h", "UTC", "2026-11-27T10:00:00Z"), "strictly after");
        assertEquals("2026-11-28T00:00:00Z", next("1d", "UTC", "2026-11-27T10:17:03Z"));
        assertEquals("2026-11-27T10:20:00Z", next("10m", "UTC", "2026-11-27T10:17:03Z"));
        assertEquals("2026-11-27T10:17:30Z", next("30s", "UTC", "2026-11-27T10:17:03Z"));
    }

    @Test
    void localMidnightCountsNotUtcs() {
        // 23:30 in Berlin (UTC+1 in November) is 22:30 UTC: the next daily rotation is local midnight, 23:00 UTC.
        assertEquals("2026-11-27T23:00:00Z", next("1d", "Europe/Berlin", "2026-11-27T22:30:00Z"));
        assertEquals("2026-11-27T23:00:00Z", next("1h", "Europe/Berlin", "2026-11-27T22:30:00Z"));
    }

    @Test
    void anIntervalThatDoesNotDivideADayStartsOverAtMidnight() {
        assertEquals("2026-11-27T21:00:00Z", next("7h", "UTC", "2026-11-27T20:00:00Z"));
        assertEquals("2026-11-28T00:00:00Z", next("7h", "UTC", "2026-11-27T22:00:00Z"));
    }

    @Test
    void multiDayIntervalsRotateAtMidnightEveryNDays() {
        // 2026-11-27 is day 20784 since 1970-01-01: the next multiple of 2 is 20786, 2026-11-29.
        assertEquals("2026-11-29T00:00:00Z", next("2d", "UTC", "2026-11-27T10:00:00Z"));
        assertThrows(IllegalArgumentException.class,
                () -> new RotationSchedule(Duration.ofHours(36), ZoneOffset.UTC));
        assertThrows(IllegalArgumentException.class, () -> new RotationSchedule(Duration.ZERO, ZoneOffset.UTC));
    }
}
