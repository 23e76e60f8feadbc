package dev.tattler.capture;

/**
 * Integer reads from a byte array in either byte order. Capture files come in both orders
 * (the writer's native one), and a pcapng file may even switch between sections, so the order
 * is a per-call argument rather than a fixed {@link java.nio.ByteBuffer} setting.
 */
final class Bytes {
    private Bytes() {
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    static int u16(byte[] b, int i, boolean bigEndian) {
        return bigEndian
                ? (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF)
                : (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
    }

    static int i32(byte[] b, int i, boolean bigEndian) {
        return bigEndian
                ? (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF)
                : (b[i + 3] & 0xFF) << 24 | (b[i + 2] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
    }

    static long u32(byte[] b, int i, boolean bigEndian) {
        return i32(b, i, bigEndian) & 0xFFFF_FFFFL;
    }

    static long i64(byte[] b, int i, boolean bigEndian) {
        long first = u32(b, i, bigEndian);
        long second = u32(b, i + 4, bigEndian);
        return bigEndian ? first << 32 | second : second << 32 | first;
    }

    /** "1f 8b 08 00" for messages about unrecognised content. */
    static String hex(byte[] b, int from, int count) {
        StringBuilder s = new StringBuilder(count * 3);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(Character.forDigit(b[from + i] >> 4 & 0xF, 16));
            s.append(Character.forDigit(b[from + i] & 0xF, 16));
        }
        return s.toString();
    }
}
