package dev.tattler.event;

/** Network time as scripts see it: seconds since the epoch as a double, as Zeek's `time`. */
public final class Times {
    private Times() {
    }

    public static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
