package dev.tattler.log;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Zeek's JSON log format (what {@code LogAscii::use_json} writes): one object per line, keys
 * are the column names with their dots ({@code "id.orig_h"}), times are epoch seconds as numbers
 * with six decimals, unset values are left out, sets are arrays. jq and Zeek's JSON consumers
 * read it as they read Zeek's.
 */
public final class JsonLogWriter implements LogWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final BufferedWriter out;
    private final List<LogField> fields;
    private final StringBuilder line = new StringBuilder(256);
    private boolean closed;

    public JsonLogWriter(Path file, LogSchema schema) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
        this.fields = schema.fields();
    }

    @Override
    public synchronized void write(Object... values) throws IOException {
        if (closed) {
            throw new IOException("log already closed");
        }
        line.setLength(0);
        line.append('{');
        boolean first = true;
        for (int i = 0; i < fields.size() && i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                continue;
            }
            if (!first) {
                line.append(',');
            }
            first = false;
            appendString(line, fields.get(i).name());
            line.append(':');
            appendValue(line, fields.get(i).type(), value);
        }
        line.append("}\n");
        out.append(line);
    }

    static void appendValue(StringBuilder sb, String type, Object value) {
        if (value instanceof TimeValue) {
            sb.append(TimeValue.format(((TimeValue) value).nanos()));
        } else if (("time".equals(type) || "interval".equals(type)) && value instanceof Number) {
            sb.append(TimeValue.format(((Number) value).doubleValue()));
        } else if (value instanceof Boolean) {
            sb.append(((Boolean) value) ? "true" : "false");
        } else if (value instanceof Collection) {
            sb.append('[');
            boolean first = true;
            for (Object element : (Collection<?>) value) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                appendValue(sb, "string", element);
            }
            sb.append(']');
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if ("count".equals(type) || "int".equals(type) || "port".equals(type)) {
                sb.append((long) d);
            } else if (Double.isFinite(d)) {
                sb.append(String.format(java.util.Locale.ROOT, "%.6f", d));
            } else {
                sb.append("null");
            }
        } else if (value instanceof Number) {
            sb.append(((Number) value).longValue());
        } else {
            appendString(sb, value.toString());
        }
    }

    /** Appends {@code s} as a JSON string literal (also used by the REPL to print values). */
    public static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7F) {
                        sb.append("\\u00").append(HEX[c >>> 4]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    @Override
    public synchronized void flush() throws IOException {
        if (!closed) {
            out.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
