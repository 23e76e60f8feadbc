package dev.tattler.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test utility: reads a Zeek log the way zeek-cut does — columns found by name from
 * {@code #fields}, values as written — and checks the header on the way (Zeek's exact
 * {@code #separator \x09} first line, the other header lines tab-separated, {@code #types} as
 * long as {@code #fields}, every row that long, and a {@code #close} line last when the log
 * was closed). {@link #readJson} reads the same log written as JSON lines, every line a JSON
 * object, into the same shape (values rendered as text, sets/vectors joined with commas).
 */
public final class ZeekLog {
    /** Header values by name: separator, set_separator, empty_field, unset_field, path, open, close. */
    public final Map<String, String> header = new LinkedHashMap<>();
    public final List<String> fields = new ArrayList<>();
    public final List<String> types = new ArrayList<>();
    /** Rows as column name to value text ("-" unset, "(empty)" empty, as in the file). */
    public final List<Map<String, String>> rows = new ArrayList<>();
    /** For JSON logs: each line as parsed. */
    public final List<Map<String, Object>> objects = new ArrayList<>();

    private ZeekLog() {
    }

    /** Reads a TSV log, failing (AssertionError) on anything zeek-cut would choke on. */
    public static ZeekLog read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        ZeekLog log = new ZeekLog();
        check(!lines.isEmpty(), file + " is empty");
        check(lines.get(0).equals("#separator \\x09"), file + ": first line must be '#separator \\x09', is '" + lines.get(0) + "'");
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                int tab = line.indexOf('\t');
                check(tab > 0, file + ":" + (i + 1) + ": header line without a tab: " + line);
                String key = line.substring(1, tab);
                String value = line.substring(tab + 1);
                if (key.equals("fields")) {
                    Collections.addAll(log.fields, value.split("\t", -1));
                } else if (key.equals("types")) {
                    Collections.addAll(log.types, value.split("\t", -1));
                } else {
                    log.header.put(key, value);
                }
                if (key.equals("close")) {
                    check(i == lines.size() - 1, file + ": #close is not the last line");
                }
                continue;
            }
            check(!log.fields.isEmpty(), file + ":" + (i + 1) + ": data before #fields");
            String[] values = line.split("\t", -1);
            check(values.length == log.fields.size(), file + ":" + (i + 1) + ": " + values.length + " values for "
                    + log.fields.size() + " fields: " + line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int k = 0; k < values.length; k++) {
                row.put(log.fields.get(k), values[k]);
            }
            log.rows.add(row);
        }
        check(log.types.size() == log.fields.size(), file + ": #types and #fields differ in length");
        for (String h : List.of("set_separator", "empty_field", "unset_field", "path", "open")) {
            check(log.header.containsKey(h), file + ": no #" + h + " line");
        }
        return log;
    }

    /** Reads a JSON-lines log: every line must be one JSON object. */
    @SuppressWarnings("unchecked")
    public static ZeekLog readJson(Path file) throws IOException {
        ZeekLog log = new ZeekLog();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            Object o;
            try {
                o = Json.parse(line);
            } catch (IllegalArgumentException e) {
                throw new AssertionError(file + ":" + n + ": not JSON (" + e.getMessage() + "): " + line);
            }
            check(o instanceof Map, file + ":" + n + ": not a JSON object: " + line);
            Map<String, Object> m = (Map<String, Object>) o;
            log.objects.add(m);
            Map<String, String> row = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : m.entrySet()) {
                row.put(e.getKey(), text(e.getValue()));
            }
            log.rows.add(row);
        }
        return log;
    }

    private static String text(Object v) {
        if (v instanceof List) {
            List<String> parts = new ArrayList<>();
            for (Object o : (List<?>) v) {
                parts.add(text(o));
            }
            return parts.isEmpty() ? "(empty)" : String.join(",", parts);
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? "T" : "F";
        }
        return String.valueOf(v);
    }

    /** True when the log ended with its #close line (TSV). */
    public boolean closed() {
        return header.containsKey("close");
    }

    /** A column's values, in row order (zeek-cut NAME). */
    public List<String> column(String name) {
        check(fields.isEmpty() || fields.contains(name), "no column " + name + " in " + fields);
        List<String> out = new ArrayList<>();
        for (Map<String, String> r : rows) {
            out.add(r.get(name));
        }
        return out;
    }

    /** The type of a column from #types. */
    public String type(String name) {
        int i = fields.indexOf(name);
        check(i >= 0, "no column " + name + " in " + fields);
        return types.get(i);
    }

    /** Zeek's escaping undone: \xHH to the character. */
    public static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\x", i) && i + 4 <= s.length()) {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                sb.append(s.charAt(i));
            }
        }
        return sb.toString();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    /** A strict little JSON parser (RFC 8259): objects keep key order; numbers are Double or Long. */
    public static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        public static Object parse(String text) {
            Json p = new Json(text);
            p.ws();
            Object v = p.value();
            p.ws();
            if (p.i != text.length()) {
                throw new IllegalArgumentException("trailing text at " + p.i);
            }
            return v;
        }

        private Object value() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default: return number();
            }
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, i)) {
                throw new IllegalArgumentException("bad literal at " + i);
            }
            i += word.length();
            return v;
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            ws();
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                ws();
                if (peek() != '"') {
                    throw new IllegalArgumentException("expected a key at " + i);
                }
                String k = string();
                ws();
                expect(':');
                ws();
                if (m.containsKey(k)) {
                    throw new IllegalArgumentException("duplicate key " + k);
                }
                m.put(k, value());
                ws();
                if (peek() == ',') {
                    i++;
                    continue;
                }
                expect('}');
                return m;
            }
        }

        private List<Object> array() {
            List<Object> l = new ArrayList<>();
            i++;
            ws();
            if (peek() == ']') {
                i++;
                return l;
            }
            while (true) {
                ws();
                l.add(value());
                ws();
                if (peek() == ',') {
                    i++;
                    continue;
                }
                expect(']');
                return l;
            }
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException("raw control character in a string at " + (i - 1));
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"': sb.append('"'); break;
                    case '\\': sb.append('\\'); break;
                    case '/': sb.append('/'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                        break;
                    default: throw new IllegalArgumentException("bad escape \\" + e);
                }
            }
        }

        private Object number() {
            int start = i;
            if (peek() == '-') {
                i++;
            }
            digits();
            boolean fraction = false;
            if (peek() == '.') {
                fraction = true;
                i++;
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                fraction = true;
                i++;
                if (peek() == '+' || peek() == '-') {
                    i++;
                }
                digits();
            }
            String t = s.substring(start, i);
            if (!t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                throw new IllegalArgumentException("bad number '" + t + "' at " + start);
            }
            return fraction ? (Object) Double.parseDouble(t) : (Object) Long.parseLong(t);
        }

        private void digits() {
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }

        private void ws() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }
    }
}
