package dev.tattler.conn;

import java.util.SplittableRandom;

/**
 * Connection uids in Zeek's form: "C" followed by 96 random bits in base62. Seeded, so the
 * same capture gives the same uids run after run (Zeek's own tests seed them the same way).
 * A connection keeps the 96 bits ({@link #nextHigh()} then {@link #nextLow()}) and formats them
 * only when a log or a script needs the text.
 */
public final class UidGenerator {
    private static final char[] DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private final SplittableRandom random;

    public UidGenerator(long seed) {
        random = new SplittableRandom(seed);
    }

    /** A whole uid as text. */
    public String next(char prefix) {
        long hi = nextHigh();
        return format(prefix, hi, nextLow());
    }

    /** The top 32 of the next uid's 96 bits; call {@link #nextLow()} right after. */
    public long nextHigh() {
        return random.nextLong() >>> 32;
    }

    /** The low 64 bits of the uid whose top came from {@link #nextHigh()}. */
    public long nextLow() {
        return random.nextLong();
    }

    /** The text of a 96-bit uid: {@code prefix} and the number in base62. */
    public static String format(char prefix, long hi, long lo) {
        char[] buf = new char[20];
        int pos = buf.length;
        // 96-bit number = hi * 2^64 + lo, divided by 62 repeatedly using 32-bit limbs.
        long l0 = hi & 0xFFFF_FFFFL;
        long l1 = lo >>> 32;
        long l2 = lo & 0xFFFF_FFFFL;
        while (l0 != 0 || l1 != 0 || l2 != 0) {
            long cur = l0;
            l0 = cur / 62;
            long rem = cur % 62;
            cur = (rem << 32) | l1;
            l1 = cur / 62;
            rem = cur % 62;
            cur = (rem << 32) | l2;
            l2 = cur / 62;
            rem = cur % 62;
            buf[--pos] = DIGITS[(int) rem];
        }
        buf[--pos] = prefix;
        return new String(buf, pos, buf.length - pos);
    }
}
