package dev.tattler.filter;

/** {@code src}, {@code dst}, {@code src or dst} (the default) and {@code src and dst}. */
enum Direction {
    SRC, DST, EITHER, BOTH;

    /** Combines the source-side and destination-side tests as this direction asks. */
    boolean of(boolean source, boolean destination) {
        switch (this) {
            case SRC:
                return source;
            case DST:
                return destination;
            case EITHER:
                return source || destination;
            default:
                return source && destination;
        }
    }
}
