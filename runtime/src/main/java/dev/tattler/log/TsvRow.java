package dev.tattler.log;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Iterator;

/**
 * Zeek's ASCII log format, byte for byte, so zeek-cut and existing tooling read it:
 *
 * <pre>
 * #separator \x09
 * #set_separator	,
 * #empty_field	(empty)
 * #unset_field	-
 * #path	weird
 * #open	2026-11-27-19-30-00
 * #fields	ts	uid	...
 * #types	time	string	...
 * 1234567890.123456	-	...
 * #close	2026-11-27-19-30-02
 * </pre>
 *
 * Strings are escaped as Zeek does: the separator, backslash and control bytes as \xHH, an
 * empty string as "(empty)", a string that is exactly "-" as "\x2d" so it cannot be read as
 * unset; in a set, the set separator ',' too. Other characters are written as UTF-8.
 */
final class TsvRow extends LogRow {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    TsvRow(LogSchema schema, Sink sink) {
        super(schema, sink);
    }

    /** The lines before the first row; {@code opened} is the {@code #open} time. */
    static byte[] header(LogSchema schema, LocalDateTime opened) {
        StringBuilder sb = new StringBuilder(512)
                .append("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n")
                .append("#path\t").append(schema.path()).append('\n')
                .append("#open\t").append(STAMP.format(opened)).append('\n');
        StringBuilder types = new StringBuilder("#types");
        sb.append("#fields");
        for (LogField f : schema.fields()) {
            sb.append('\t').append(f.name());
            types.append('\t').append(f.type());
        }
        sb.append('\n').append(types).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The line after the last row; {@code closed} is the {@code #close} time. */
    static byte[] trailer(LocalDateTime closed) {
        return ("#close\t" + STAMP.format(closed) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Starts a column: false (write nothing) past the last one. */
    @Override
    boolean next() {
        int c = column++;
        if (c >= columns) {
            return false;
        }
        if (c > 0) {
            put('\t');
        }
        return true;
    }

    @Override
    public LogRow bool(boolean b) {
        if (next()) {
            put(b ? 'T' : 'F');
        }
        return this;
    }

    @Override
    public LogRow string(String s) {
        if (next()) {
            if (s.isEmpty()) {
                putAscii("(empty)");
            } else if (s.equals("-")) {
                putAscii("\\x2d");
            } else {
                putEscaped(s, false);
            }
        }
        return this;
    }

    @Override
    public LogRow string(byte[] latin1, int offset, int count) {
        if (next()) {
            if (count == 0) {
                putAscii("(empty)");
            } else if (count == 1 && latin1[offset] == '-') {
                putAscii("\\x2d");
            } else {
                for (int i = offset; i < offset + count; i++) {
                    int b = latin1[i] & 0xFF;
                    if (escaped(b, false)) {
                        putHex(b);
                    } else {
                        putLatin1(b);
                    }
                }
            }
        }
        return this;
    }

    @Override
    public LogRow unset() {
        if (next()) {
            put('-');
        }
        return this;
    }

    @Override
    void collection(Collection<?> elements) {
        if (!next()) {
            return;
        }
        if (elements.isEmpty()) {
            putAscii("(empty)");
            return;
        }
        for (Iterator<?> it = elements.iterator(); it.hasNext(); ) {
            putEscaped(String.valueOf(it.next()), true);
            if (it.hasNext()) {
                put(',');
            }
        }
    }

    @Override
    void fraction(double d) {
        if (next()) {
            putFraction(d);
        }
    }

    @Override
    void begin() {
    }

    @Override
    void finish() {
        put('\n');
    }

    private void putEscaped(String s, boolean inSet) {
        int n = s.length();
        int plain = 0;
        while (plain < n && s.charAt(plain) < 0x80 && !escaped(s.charAt(plain), inSet)) {
            plain++;
        }
        if (plain == n) {
            putAscii(s); // the usual case (addresses, uids, states): one copy
            return;
        }
        reserve(n);
        for (int i = 0; i < n; ) {
            char ch = s.charAt(i);
            if (ch >= 0x80) {
                i = putUtf8(s, i);
                continue;
            }
            if (escaped(ch, inSet)) {
                putHex(ch);
            } else {
                put(ch);
            }
            i++;
        }
    }

    private static boolean escaped(int ch, boolean inSet) {
        return ch == '\\' || ch == '\t' || ch < 0x20 || ch == 0x7F || (inSet && ch == ',');
    }

    private void putHex(int ch) {
        reserve(4);
        bytes[length++] = '\\';
        bytes[length++] = 'x';
        bytes[length++] = HEX[(ch >>> 4) & 0xF];
        bytes[length++] = HEX[ch & 0xF];
    }
}
