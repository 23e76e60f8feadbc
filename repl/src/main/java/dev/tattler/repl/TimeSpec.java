package dev.tattler.repl;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The time in {@code .run until TS}, in nanoseconds since the epoch. Accepted, all in UTC as
 * Tattler prints times: epoch seconds ({@code 1013691605.5}), a date and time
 * ({@code 2002-02-14T12:00:05Z}, {@code 2002-02-14 12:00:05.25}), a time of day on the current
 * packet's date ({@code 12:00:05}), or an offset from the current packet ({@code +30s},
 * {@code +5m}, {@code +1h}, {@code +2.5}).
 */
final class TimeSpec {
    private TimeSpec() {
    }

    static long parse(String text, long nowNanos) throws ReplException {
        String s = text.trim();
        try {
            if (s.startsWith("+")) {
                return nowNanos + seconds(s.substring(1));
            }
            if (s.matches("\\d+(\\.\\d+)?")) {
                return Math.round(Double.parseDouble(s) * 1e9);
            }
            if (s.matches("\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?")) {
                LocalDate day = nowNanos == 0 ? LocalDate.of(1970, 1, 1)
                        : LocalDate.ofInstant(Instant.ofEpochSecond(0, nowNanos), ZoneOffset.UTC);
                return nanos(LocalDateTime.of(day, LocalTime.parse(s.length() == 4 ? "0" + s : s)).toInstant(ZoneOffset.UTC));
            }
            String iso = s.replace(' ', 'T');
            if (iso.endsWith("Z")) {
                return nanos(Instant.parse(iso));
            }
            return nanos(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ReplException("cannot read the time '" + text + "': use epoch seconds, 2002-02-14T12:00:05Z,"
                    + " 12:00:05 (UTC) or +30s");
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** "30s", "5m", "1h", "250ms" or plain seconds, as nanoseconds. */
    private static long seconds(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        double unit = 1;
        String number = lower;
        if (lower.endsWith("ms")) {
            unit = 1e-3;
            number = lower.substring(0, lower.length() - 2);
        } else if (lower.endsWith("s")) {
            number = lower.substring(0, lower.length() - 1);
        } else if (lower.endsWith("m")) {
            unit = 60;
            number = lower.substring(0, lower.length() - 1);
        } else if (lower.endsWith("h")) {
            unit = 3600;
            number = lower.substring(0, lower.length() - 1);
        }
        return Math.round(Double.parseDouble(number) * unit * 1e9);
    }
}
