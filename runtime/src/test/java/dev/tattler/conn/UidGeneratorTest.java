package dev.tattler.conn;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Uid text: the 96-bit number in base62 after the prefix, checked against BigInteger's arithmetic. */
class UidGeneratorTest {
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Test
    void base62OfTheWhole96Bits() {
        long[][] edges = {{0, 0}, {0, 1}, {0, 61}, {0, 62}, {0, 916_132_831}, {0, 916_132_832}, {0, 916_132_833},
            {0, 62L * 916_132_832}, {0, -1}, {1, 0}, {0xFFFF_FFFFL, -1}, {0x8000_0000L, 0}, {0, 0xFFFF_FFFFL}};
        for (long[] e : edges) {
            assertEquals(expected(e[0], e[1]), UidGenerator.format('C', e[0], e[1]), e[0] + " " + e[1]);
        }
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 100_000; i++) {
            long hi = random.nextLong() >>> (32 + random.nextInt(33)); // short numbers too
            long lo = random.nextInt(4) == 0 ? random.nextLong() >>> random.nextInt(64) : random.nextLong();
            assertEquals(expected(hi, lo), UidGenerator.format('C', hi, lo), hi + " " + lo);
        }
    }

    @Test
    void seededUidsRepeat() {
        UidGenerator a = new UidGenerator(7);
        UidGenerator b = new UidGenerator(7);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.next('C'), b.next('C'));
        }
    }

    private static String expected(long hi, long lo) {
        BigInteger n = BigInteger.valueOf(hi & 0xFFFF_FFFFL).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
        StringBuilder sb = new StringBuilder();
        BigInteger base = BigInteger.valueOf(62);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(base);
            sb.append(DIGITS.charAt(qr[1].intValue()));
            n = qr[0];
        }
        return "C" + sb.reverse();
    }
}
