package dev.tattler.log;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

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
 * unset.
 */
public final class TsvLogWriter implements LogWriter {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final BufferedWriter out;
    private final List<LogField> fields;
    private final Supplier<LocalDateTime> clock;
    private final StringBuilder line = new StringBuilder(256);
    private boolean closed;

    public TsvLogWriter(Path file, LogSchema schema) throws IOException {
        this(file, schema, LocalDateTime::now);
    }

    TsvLogWriter(Path file, LogSchema schema, Supplier<LocalDateTime> clock) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
        this.fields = schema.fields();
        this.clock = clock;
        out.write("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n");
        out.write("#path\t" + schema.path() + "\n");
        out.write("#open\t" + STAMP.format(clock.get()) + "\n");
        StringBuilder names = new StringBuilder("#fields");
        StringBuilder types = new StringBuilder("#types");
        for (LogField f : fields) {
            names.append('\t').append(f.name());
            types.append('\t').append(f.type());
        }
        out.write(names.append('\n').toString());
        out.write(types.append('\n').toString());
        out.flush();
    }

    @Override
    public synchronized void write(Object... values) throws IOException {
        if (closed) {
            throw new IOException("log already closed");
        }
        line.setLength(0);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append('\t');
            }
            Object value = i < values.length ? values[i] : null;
            appendValue(line, fields.get(i).type(), value);
        }
        line.append('\n');
        out.append(line);
    }

    static void appendValue(StringBuilder sb, String type, Object value) {
        if (value == null) {
            sb.append('-');
        } else if (value instanceof TimeValue) {
            sb.append(TimeValue.format(((TimeValue) value).nanos()));
        } else if (("time".equals(type) || "interval".equals(type)) && value instanceof Number) {
            sb.append(TimeValue.format(((Number) value).doubleValue()));
        } else if (value instanceof Boolean) {
            sb.append((Boolean) value ? 'T' : 'F');
        } else if (value instanceof Collection) {
            Collection<?> c = (Collection<?>) value;
            if (c.isEmpty()) {
                sb.append("(empty)");
                return;
            }
            for (Iterator<?> it = c.iterator(); it.hasNext(); ) {
                appendString(sb, String.valueOf(it.next()), true);
                if (it.hasNext()) {
                    sb.append(',');
                }
            }
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if ("count".equals(type) || "int".equals(type) || "port".equals(type)) {
                sb.append((long) d);
            } else {
                sb.append(String.format(java.util.Locale.ROOT, "%.6f", d));
            }
        } else if (value instanceof Number) {
            sb.append(((Number) value).longValue());
        } else {
            String s = value.toString();
            if (s.isEmpty()) {
                sb.append("(empty)");
            } else if (s.equals("-")) {
                sb.append("\\x2d");
            } else {
                appendString(sb, s, false);
            }
        }
    }

    private static void appendString(StringBuilder sb, String s, boolean inSet) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' || ch == '\t' || ch < 0x20 || ch == 0x7F || (inSet && ch == ',')) {
                sb.append("\\x").append(HEX[(ch >>> 4) & 0xF]).append(HEX[ch & 0xF]);
            } else {
                sb.append(ch);
            }
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (!closed) {
            out.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        out.write("#close\t" + STAMP.format(clock.get()) + "\n");
        out.close();
    }
}
