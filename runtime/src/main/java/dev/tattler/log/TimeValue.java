package dev.tattler.log;

/**
 * A time or interval held as nanoseconds, so logs print network time exactly (Zeek's six
 * decimals) without going through a double.
 */
public final class TimeValue {
    private final long nanos;

    private TimeValue(long nanos) {
        this.nanos = nanos;
    }

    public static TimeValue ofNanos(long nanos) {
        return new TimeValue(nanos);
    }

    public long nanos() {
        return nanos;
    }

    /** Seconds with six decimals, rounded to the microsecond as Zeek prints them. */
    public static String format(long nanos) {
        long micros = Math.floorDiv(nanos + 500, 1000);
        long seconds = Math.floorDiv(micros, 1_000_000);
        long fraction = Math.floorMod(micros, 1_000_000);
        StringBuilder sb = new StringBuilder(20).append(seconds).append('.');
        String f = Long.toString(fraction);
        for (int i = f.length(); i < 6; i++) {
            sb.append('0');
        }
        return sb.append(f).toString();
    }
}
