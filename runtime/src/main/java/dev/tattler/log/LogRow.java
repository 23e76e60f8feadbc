package dev.tattler.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * One row of a log being encoded straight into bytes, value by value in column order, then
 * handed to its log with {@link #end()}; the same object then starts the next row. A writer on
 * a hot path (conn.log) keeps one and allocates nothing per row:
 *
 * <pre>
 *   LogRow row = writer.row();                       // once
 *   row.time(ts).string(uid).string(host).count(port).unset().bool(true).end();   // per row
 * </pre>
 *
 * <p>Subclasses are the formats ({@link TsvRow}, {@link JsonRow}): they decide separators,
 * quoting and escaping, how unset values and sets are written. Shared here: the byte buffer,
 * numbers, Zeek's six-decimal times, UTF-8, and {@link #values} for rows given as objects (the
 * scripts' logs, notice.log, reporter.log). Values past the last column are ignored, missing
 * ones are unset. Not thread-safe: one row per thread; {@link #end()} is what synchronizes with
 * the log (rotation, close).
 */
public abstract class LogRow {
    private static final byte[] DIGIT_PAIRS = digitPairs();

    /** The columns this row is encoded for. */
    final LogSchema schema;
    /** How many columns: read per value, so a field rather than the schema's list. */
    final int columns;
    private final Sink sink;
    /** The row so far: {@code bytes[0, length)}. */
    byte[] bytes = new byte[512];
    int length;
    /** Index of the next value's column. */
    int column;

    /** Where finished rows go: the log (file, rotation, close) this row was made for. */
    interface Sink {
        void append(LogRow row) throws IOException;
    }

    LogRow(LogSchema schema, Sink sink) {
        this.schema = schema;
        this.columns = schema.fields().size();
        this.sink = sink;
        begin();
    }

    /** A time or an interval, in nanoseconds: seconds with six decimals, as Zeek prints them. */
    public final LogRow time(long nanos) {
        if (next()) {
            putTime(nanos);
        }
        return this;
    }

    /** A count, int or port. */
    public final LogRow count(long n) {
        if (next()) {
            putDecimal(n);
        }
        return this;
    }

    public abstract LogRow bool(boolean b);

    /** A string, enum or addr. */
    public abstract LogRow string(String s);

    /** A string given as ISO-8859-1 bytes (e.g. conn.log's history letters), without a String. */
    public abstract LogRow string(byte[] latin1, int offset, int count);

    /** An unset value (TSV {@code -}; left out of JSON). */
    public abstract LogRow unset();

    /**
     * Ends the row and hands it to its log (creating the file with the first row).
     *
     * @throws IOException the log is closed, or writing failed
     */
    public final void end() throws IOException {
        while (column < columns) {
            unset();
        }
        finish();
        try {
            sink.append(this);
        } finally {
            length = 0;
            column = 0;
            begin();
        }
    }

    /**
     * A whole row from objects, types as {@link LogWriter#write} describes; a column's declared
     * type decides how a number is written (a time, a count or a double).
     */
    final void values(Object[] values) throws IOException {
        List<LogField> fields = schema.fields();
        for (int i = 0; i < values.length && i < fields.size(); i++) {
            value(fields.get(i).type(), values[i]);
        }
        end();
    }

    /** One value of type {@code type} given as an object; null is unset. */
    void value(String type, Object value) {
        if (value == null) {
            unset();
        } else if (value instanceof TimeValue) {
            time(((TimeValue) value).nanos());
        } else if (("time".equals(type) || "interval".equals(type)) && value instanceof Number) {
            time(secondsToNanos(((Number) value).doubleValue()));
        } else if (value instanceof Boolean) {
            bool((Boolean) value);
        } else if (value instanceof Collection) {
            collection((Collection<?>) value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if ("count".equals(type) || "int".equals(type) || "port".equals(type)) {
                count((long) d);
            } else {
                fraction(d);
            }
        } else if (value instanceof Number) {
            count(((Number) value).longValue());
        } else {
            string(value.toString());
        }
    }

    /**
     * Starts the next value: writes what goes before it (separator, JSON key) and returns true,
     * or returns false (write nothing) past the last column.
     */
    abstract boolean next();

    /** A set or vector. */
    abstract void collection(Collection<?> elements);

    /** A double that is not a time: six decimals. */
    abstract void fraction(double d);

    /** Starts a row (e.g. JSON's opening brace). */
    abstract void begin();

    /** Ends a row's bytes (the newline). */
    abstract void finish();

    // --- encoding helpers for the formats ------------------------------------------------------

    static long secondsToNanos(double seconds) {
        return Math.round(seconds * 1e9);
    }

    /** Makes room for {@code n} more bytes. */
    final void reserve(int n) {
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
    }

    final void put(int b) {
        reserve(1);
        bytes[length++] = (byte) b;
    }

    /** ASCII text as is (constants, already escaped). */
    final void putAscii(String s) {
        int n = s.length();
        reserve(n);
        s.getBytes(0, n, bytes, length); // ASCII only: the deprecated byte copy is exact
        length += n;
    }

    final void putAscii(byte[] ascii) {
        reserve(ascii.length);
        System.arraycopy(ascii, 0, bytes, length, ascii.length);
        length += ascii.length;
    }

    /** {@code n} in decimal. */
    final void putDecimal(long n) {
        if (n < 0) {
            if (n == Long.MIN_VALUE) {
                putAscii(Long.toString(n));
                return;
            }
            put('-');
            n = -n;
        }
        int digits = digits(n);
        reserve(digits);
        int end = length + digits;
        putDigits(n, end, digits);
        length = end;
    }

    /** Seconds with six decimals, rounded to the microsecond, as {@link TimeValue#format(long)}. */
    final void putTime(long nanos) {
        long micros = Math.floorDiv(nanos + 500, 1000);
        long seconds = Math.floorDiv(micros, 1_000_000);
        long fraction = Math.floorMod(micros, 1_000_000);
        putDecimal(seconds);
        reserve(7);
        bytes[length++] = '.';
        putDigits(fraction, length + 6, 6);
        length += 6;
    }

    /** {@code String.format("%.6f")}, for doubles a script gives: rare, so plain. */
    final void putFraction(double d) {
        putAscii(String.format(Locale.ROOT, "%.6f", d));
    }

    /**
     * The last {@code count} decimal digits of {@code n} (zero-padded), ending before {@code end}.
     * In int arithmetic once the rest fits: C1, which compiles short runs, makes every long
     * division a call into the VM, and nearly every number in a log fits in an int.
     */
    private void putDigits(long n, int end, int count) {
        int pos = end;
        while (count >= 2 && n > Integer.MAX_VALUE) {
            int pair = (int) (n % 100) * 2;
            n /= 100;
            bytes[--pos] = DIGIT_PAIRS[pair + 1];
            bytes[--pos] = DIGIT_PAIRS[pair];
            count -= 2;
        }
        int m = (int) n;
        while (count >= 2) {
            int pair = m % 100 * 2;
            m /= 100;
            bytes[--pos] = DIGIT_PAIRS[pair + 1];
            bytes[--pos] = DIGIT_PAIRS[pair];
            count -= 2;
        }
        if (count == 1) {
            bytes[--pos] = (byte) ('0' + m % 10);
        }
    }

    private static int digits(long n) {
        int d = 1;
        for (long p = 10; d < 19 && n >= p; p *= 10) {
            d++;
        }
        return d;
    }

    /**
     * Encodes {@code s.charAt(i)} (not ASCII) as UTF-8 and returns the index of the next char:
     * a surrogate pair is one code point, a lone surrogate becomes '?' as Java's encoder writes it.
     */
    final int putUtf8(String s, int i) {
        char c = s.charAt(i);
        reserve(4);
        if (c < 0x800) {
            bytes[length++] = (byte) (0xC0 | c >> 6);
            bytes[length++] = (byte) (0x80 | c & 0x3F);
        } else if (!Character.isSurrogate(c)) {
            bytes[length++] = (byte) (0xE0 | c >> 12);
            bytes[length++] = (byte) (0x80 | c >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            bytes[length++] = (byte) (0xF0 | cp >> 18);
            bytes[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
            bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | cp & 0x3F);
            return i + 2;
        } else {
            bytes[length++] = '?';
        }
        return i + 1;
    }

    /** An ISO-8859-1 byte as UTF-8 (bytes 0x80-0xFF take two). */
    final void putLatin1(int b) {
        if (b < 0x80) {
            put(b);
        } else {
            reserve(2);
            bytes[length++] = (byte) (0xC0 | b >> 6);
            bytes[length++] = (byte) (0x80 | b & 0x3F);
        }
    }

    /** The row's text (tests, the REPL). */
    final String text() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private static byte[] digitPairs() {
        byte[] pairs = new byte[200];
        for (int i = 0; i < 100; i++) {
            pairs[2 * i] = (byte) ('0' + i / 10);
            pairs[2 * i + 1] = (byte) ('0' + i % 10);
        }
        return pairs;
    }
}
