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

    /** 62^5: five base62 digits, and small enough that a 32-bit limb shifted in fits a long. */
    private static final long FIVE_DIGITS = 62L * 62 * 62 * 62 * 62;
    /** ceil(2^36 / 62): (n * BY_62) >>> 36 is n / 62 for every n below 2^30, without a division. */
    private static final long BY_62 = (1L << 36) / 62 + 1;

    /**
     * The text of a 96-bit uid: {@code prefix} and the number in base62. The number is divided
     * by 62^5 at a time in 32-bit limbs, and each remainder's five digits taken in int
     * arithmetic: C1, which compiles short runs, makes every long division a call into the VM,
     * and one division by 62 per digit made 100 such calls a uid.
     */
    public static String format(char prefix, long hi, long lo) {
        char[] buf = new char[20];
        int pos = buf.length;
        long l0 = hi & 0xFFFF_FFFFL;
        long l1 = lo >>> 32;
        long l2 = lo & 0xFFFF_FFFFL;
        while (l0 != 0 || l1 != 0 || l2 != 0) {
            long q = l0 / FIVE_DIGITS;
            long cur = (l0 - q * FIVE_DIGITS) << 32 | l1;
            l0 = q;
            q = cur / FIVE_DIGITS;
            cur = (cur - q * FIVE_DIGITS) << 32 | l2;
            l1 = q;
            q = cur / FIVE_DIGITS;
            int rem = (int) (cur - q * FIVE_DIGITS);
            l2 = q;
            boolean last = l0 == 0 && l1 == 0 && l2 == 0;
            for (int i = 0; i < 5 && !(last && rem == 0); i++) { // no leading zeros
                int quotient = (int) (rem * BY_62 >>> 36);
                buf[--pos] = DIGITS[rem - quotient * 62];
                rem = quotient;
            }
        }
        buf[--pos] = prefix;
        return new String(buf, pos, buf.length - pos);
    }
}
