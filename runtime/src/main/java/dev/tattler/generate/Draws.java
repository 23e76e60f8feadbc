package dev.tattler.generate;

import java.util.SplittableRandom;

/**
 * The random quantities the scenarios draw, in one place so that every scenario draws them the
 * same way: the result depends only on the generator's state, never on the platform (hence
 * {@link StrictMath}), which is what keeps a seed's capture byte-identical on every JVM.
 */
final class Draws {
    private static final long MS = 1_000_000L;

    private Draws() {
    }

    /** A uniformly drawn duration in [lo, hi] ns. */
    static long between(SplittableRandom rnd, long lo, long hi) {
        return lo + rnd.nextLong(hi - lo + 1);
    }

    /** An exponentially distributed gap with this mean, at least a millisecond. */
    static long exponential(SplittableRandom rnd, long mean) {
        return Math.max(MS, (long) (-StrictMath.log(1.0 - rnd.nextDouble()) * mean));
    }

    /** Fills {@code b[0..len)} with random bytes, eight from each draw. */
    static void fill(SplittableRandom rnd, byte[] b, int len) {
        for (int i = 0; i < len; i += 8) {
            long v = rnd.nextLong();
            for (int k = 0; k < 8 && i + k < len; k++) {
                b[i + k] = (byte) (v >>> (8 * k));
            }
        }
    }
}
