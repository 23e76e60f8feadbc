package dev.tattler.log;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * Zeek's JSON log format (what {@code LogAscii::use_json} writes): one object per line, keys
 * are the column names with their dots ({@code "id.orig_h"}), times are epoch seconds as numbers
 * with six decimals, unset values are left out, sets are arrays. jq and Zeek's JSON consumers
 * read it as they read Zeek's.
 */
public final class JsonRow extends LogRow {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Per column, {@code "name":} as bytes. */
    private final byte[][] keys;
    /** Whether a value is already in the row (the next one needs a comma). */
    private boolean any;
    /** Writing the elements of an array: values without keys. */
    private boolean inArray;

    JsonRow(LogSchema schema, Sink sink) {
        super(schema, sink);
        List<LogField> fields = schema.fields();
        keys = new byte[fields.size()][];
        for (int i = 0; i < keys.length; i++) {
            StringBuilder sb = new StringBuilder();
            appendString(sb, fields.get(i).name());
            keys[i] = sb.append(':').toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Appends {@code s} as a JSON string literal (also used by the REPL to print values). */
    public static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = c < 0x80 ? escape(c) : null;
            if (escape != null) {
                sb.append(escape);
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    /** How JSON writes an ASCII character {@code c}, or null when as itself. */
    private static String escape(int c) {
        switch (c) {
            case '"': return "\\\"";
            case '\\': return "\\\\";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            default:
                if (c < 0x20 || c == 0x7F) {
                    return "\\u00" + (char) HEX[c >>> 4] + (char) HEX[c & 0xF];
                }
                return null;
        }
    }

    /** Starts a value: false (write nothing) past the last column; writes the comma and key. */
    @Override
    boolean next() {
        if (inArray) {
            return true;
        }
        int c = column++;
        if (c >= keys.length) {
            return false;
        }
        if (any) {
            put(',');
        }
        any = true;
        putAscii(keys[c]);
        return true;
    }

    @Override
    public LogRow bool(boolean b) {
        if (next()) {
            putAscii(b ? "true" : "false");
        }
        return this;
    }

    @Override
    public LogRow string(String s) {
        if (next()) {
            put('"');
            int n = s.length();
            int plain = 0;
            while (plain < n && plain(s.charAt(plain))) {
                plain++;
            }
            if (plain == n) {
                putAscii(s); // the usual case: one copy
                put('"');
                return this;
            }
            reserve(n);
            for (int i = 0; i < n; ) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    i = putUtf8(s, i);
                    continue;
                }
                putChar(c);
                i++;
            }
            put('"');
        }
        return this;
    }

    @Override
    public LogRow string(byte[] latin1, int offset, int count) {
        if (next()) {
            put('"');
            for (int i = offset; i < offset + count; i++) {
                int b = latin1[i] & 0xFF;
                if (b < 0x80) {
                    putChar(b);
                } else {
                    putLatin1(b);
                }
            }
            put('"');
        }
        return this;
    }

    /** An ASCII character JSON writes as itself. */
    private static boolean plain(int c) {
        return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
    }

    /** An ASCII character, escaped when JSON needs it. */
    private void putChar(int c) {
        if (plain(c)) {
            put(c);
        } else {
            putAscii(escape(c));
        }
    }

    @Override
    public LogRow unset() {
        column++;
        return this;
    }

    @Override
    void collection(Collection<?> elements) {
        if (!next()) {
            return;
        }
        put('[');
        boolean outer = inArray;
        inArray = true;
        boolean first = true;
        for (Object element : elements) {
            if (!first) {
                put(',');
            }
            first = false;
            if (element == null) {
                putAscii("null");
            } else {
                value("string", element);
            }
        }
        inArray = outer;
        put(']');
    }

    @Override
    void fraction(double d) {
        if (next()) {
            if (Double.isFinite(d)) {
                putFraction(d);
            } else {
                putAscii("null");
            }
        }
    }

    @Override
    void begin() {
        any = false;
        put('{');
    }

    @Override
    void finish() {
        putAscii("}\n");
    }
}
