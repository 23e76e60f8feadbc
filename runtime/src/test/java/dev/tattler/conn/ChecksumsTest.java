package dev.tattler.conn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The word-at-a-time checksum sum folds to RFC 1071's 16-bit sum for every length and offset. */
class ChecksumsTest {
    /** RFC 1071 as written: 16-bit big-endian words, an odd last byte padded with zero. */
    private static int reference(byte[] d, int off, int len, long acc) {
        for (int i = 0; i < len; i += 2) {
            int hi = d[off + i] & 0xFF;
            int lo = i + 1 < len ? d[off + i + 1] & 0xFF : 0;
            acc += (hi << 8) | lo;
        }
        return Checksums.fold(acc);
    }

    @Test
    void foldsToTheSixteenBitSum() {
        SplittableRandom rnd = new SplittableRandom(42);
        byte[] data = new byte[9100];
        for (int round = 0; round < 20_000; round++) {
            if (round % 100 == 0) {
                rnd.nextBytes(data);
                if (round % 300 == 0) {
                    java.util.Arrays.fill(data, (byte) 0xFF); // every carry at once
                }
            }
            int len = round < 64 ? round : rnd.nextInt(data.length - 16);
            int off = rnd.nextInt(data.length - len + 1);
            long acc = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1 << 20);
            assertEquals(reference(data, off, len, acc), Checksums.fold(Checksums.sum(data, off, len, acc)),
                    "len " + len + " at " + off);
        }
    }
}
