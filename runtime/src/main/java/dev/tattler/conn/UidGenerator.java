package dev.tattler.conn;

import java.util.SplittableRandom;

/**
 * Connection uids in Zeek's form: "C" followed by 96 random bits in base62. Seeded, so the
 * same capture gives the same uids run after run (Zeek's own tests seed them the same way).
 */
public final class UidGenerator {
    private static final char[] DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private final SplittableRandom random;

    public UidGenerator(long seed) {
        random = new SplittableRandom(seed);
    }

    public String next(char prefix) {
        long hi = random.nextLong() >>> 32; // 32 bits
        long lo = random.nextLong();        // 64 bits
        char[] buf = new char[20];
        int pos = buf.length;
        // 96-bit number = hi * 2^64 + lo, divided by 62 repeatedly using 32-bit limbs.
        long[] limbs = {hi, lo >>> 32, lo & 0xFFFF_FFFFL};
        while (limbs[0] != 0 || limbs[1] != 0 || limbs[2] != 0) {
            long rem = 0;
            for (int i = 0; i < limbs.length; i++) {
                long cur = (rem << 32) | limbs[i];
                limbs[i] = cur / 62;
                rem = cur % 62;
            }
            buf[--pos] = DIGITS[(int) rem];
        }
        buf[--pos] = prefix;
        return new String(buf, pos, buf.length - pos);
    }
}
