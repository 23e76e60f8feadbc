package dev.tattler.ops;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Intervals as operators write them on a command line: {@code 30s}, {@code 10m}, {@code 1h},
 * {@code 1d}, or a bare number of seconds ({@code 60}). Whole units only: a rotation every
 * 1.5 hours is written {@code 90m}.
 */
public final class Intervals {
    private static final Pattern INTERVAL = Pattern.compile("(\\d{1,9})\\s*([smhd]?)");

    private Intervals() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with a message that shows the accepted forms
     */
    public static Duration parse(String text) {
        Matcher m = INTERVAL.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an interval (use e.g. 30s, 10m, 1h, 1d)");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            case "d":
                return Duration.ofDays(n);
            default:
                return Duration.ofSeconds(n);
        }
    }

    /** The shortest exact form: 3600 s as "1h", 90 s as "90s". */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s != 0 && s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
