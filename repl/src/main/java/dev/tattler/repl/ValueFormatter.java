package dev.tattler.repl;

import dev.tattler.log.JsonRow;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prints JavaScript values readably, never as {@code [object Object]}: an array of records
 * (connections, packets, notices, any objects) as an aligned {@link Table} with nested objects
 * flattened into dotted columns ({@code id.orig_h}); any other object as indented JSON; a
 * string as itself. Tables show times as dates (for the columns Tattler's objects use for
 * times) and stop after {@link #MAX_ROWS} rows with a count of the rest, so printing the
 * million-element {@code packets} array by mistake costs a screenful, not a minute.
 */
final class ValueFormatter {
    static final int MAX_ROWS = 100;
    private static final int MAX_DEPTH = 6;
    private static final int MAX_JSON_ELEMENTS = 50;
    private static final int INLINE_WIDTH = 72;
    private static final Set<String> TIME_COLUMNS = Set.of("ts", "start_time", "first", "last", "first_seen",
            "last_seen");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private ValueFormatter() {
    }

    /** The text for a top-level result, or null for nothing at all (undefined). */
    static String format(Value v, int width) {
        if (v == null || (v.isNull() && "undefined".equals(v.toString()))) {
            return null;
        }
        if (v.isString()) {
            return v.asString();
        }
        if (isRecordArray(v)) {
            return table(v, width);
        }
        return json(v, 0, width);
    }

    /** A record: an object with members that is neither an array, a function nor a special value. */
    static boolean isRecord(Value v) {
        return v != null && v.hasMembers() && !v.hasArrayElements() && !v.canExecute() && !v.isString()
                && !v.isNumber() && !v.isBoolean() && !v.isNull() && !v.isDate() && !v.isInstant()
                && !v.isException() && !v.hasHashEntries();
    }

    private static boolean isRecordArray(Value v) {
        if (!v.hasArrayElements() || v.getArraySize() == 0) {
            return false;
        }
        long n = Math.min(v.getArraySize(), MAX_ROWS);
        for (long i = 0; i < n; i++) {
            if (!isRecord(v.getArrayElement(i))) {
                return false;
            }
        }
        return true;
    }

    private static String table(Value array, int width) {
        long size = array.getArraySize();
        long n = Math.min(size, MAX_ROWS);
        List<Value> rows = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        for (long i = 0; i < n; i++) {
            Value row = array.getArrayElement(i);
            rows.add(row);
            columns(row, "", columns);
        }
        Table t = new Table(new ArrayList<>(columns));
        for (Value row : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                cells.add(cell(path(row, c), c));
            }
            t.add(cells);
        }
        String text = t.render(width);
        if (size > n) {
            text += "\n… " + String.format(Locale.ROOT, "%,d", size - n) + " more (of "
                    + String.format(Locale.ROOT, "%,d", size) + "); narrow it with filter() or slice()";
        }
        return text;
    }

    /** Column names of a record: its plain members, and one level of nested records as a.b. */
    private static void columns(Value row, String prefix, Set<String> out) {
        for (String key : row.getMemberKeys()) {
            Value m = row.getMember(key);
            if (m != null && m.canExecute()) {
                continue;
            }
            if (prefix.isEmpty() && isRecord(m)) {
                columns(m, key + ".", out);
            } else {
                out.add(prefix + key);
            }
        }
    }

    private static Value path(Value row, String column) {
        Value v = row;
        for (String part : column.split("\\.")) {
            if (v == null || !v.hasMembers()) {
                return null;
            }
            v = v.getMember(part);
        }
        return v;
    }

    private static String cell(Value v, String column) {
        if (v == null || v.isNull()) {
            return "-";
        }
        String leaf = column.substring(column.lastIndexOf('.') + 1);
        if (v.isNumber() && v.fitsInDouble()) {
            double d = v.asDouble();
            if (TIME_COLUMNS.contains(leaf) && d > 1e8 && d < 1e11) {
                return TIME.format(Instant.ofEpochMilli(Math.round(d * 1000)));
            }
            return number(d);
        }
        if (v.isString()) {
            return v.asString();
        }
        if (v.hasArrayElements()) {
            StringBuilder sb = new StringBuilder();
            long n = Math.min(v.getArraySize(), 20);
            for (long i = 0; i < n; i++) {
                sb.append(i > 0 ? "," : "").append(cell(v.getArrayElement(i), ""));
            }
            return sb.append(v.getArraySize() > n ? ",…" : "").toString();
        }
        return inline(v);
    }

    /** A number as a person reads it: integers whole, others to at most six decimals. */
    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = String.format(Locale.ROOT, "%.6f", d);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** A value on one line, as compact JSON (for table cells and watch lines). */
    static String inline(Value v) {
        return json(v, 0, Integer.MAX_VALUE, true);
    }

    private static String json(Value v, int depth, int width) {
        return json(v, depth, width, false);
    }

    private static String json(Value v, int depth, int width, boolean flat) {
        if (v == null) {
            return "undefined";
        }
        if (v.isNull()) {
            return v.toString(); // null or undefined
        }
        if (v.isString()) {
            return quote(v.asString());
        }
        if (v.isBoolean() || v.isNumber()) {
            return v.toString();
        }
        if (v.isInstant()) {
            return quote(v.asInstant().toString());
        }
        if (v.isException()) {
            return quote(exceptionText(v));
        }
        if (v.canExecute()) {
            return "[function]";
        }
        if (v.isHostObject() && !v.hasMembers() && !v.hasArrayElements()) {
            return quote(String.valueOf(v));
        }
        if (depth >= MAX_DEPTH) {
            return v.hasArrayElements() ? "[…]" : "{…}";
        }
        List<String> parts = new ArrayList<>();
        boolean array = v.hasArrayElements();
        long more = 0;
        if (array) {
            long n = Math.min(v.getArraySize(), MAX_JSON_ELEMENTS);
            for (long i = 0; i < n; i++) {
                parts.add(json(v.getArrayElement(i), depth + 1, width, flat));
            }
            more = v.getArraySize() - n;
        } else if (v.hasHashEntries()) {
            Value it = v.getHashEntriesIterator();
            while (it.hasIteratorNextElement() && parts.size() < MAX_JSON_ELEMENTS) {
                Value entry = it.getIteratorNextElement();
                Value key = entry.getArrayElement(0);
                parts.add(quote(key.isString() ? key.asString() : key.toString()) + ": "
                        + json(entry.getArrayElement(1), depth + 1, width, flat));
            }
            more = v.getHashSize() - parts.size();
        } else if (v.hasMembers()) {
            for (String key : v.getMemberKeys()) {
                Value m = v.getMember(key);
                parts.add(quote(key) + ": " + json(m, depth + 1, width, flat));
            }
        } else {
            return quote(v.toString());
        }
        if (more > 0) {
            parts.add("\"… " + more + " more\"");
        }
        String open = array ? "[" : "{";
        String close = array ? "]" : "}";
        String one = open + String.join(", ", parts) + close;
        if (flat || parts.isEmpty() || (one.length() <= Math.min(width, INLINE_WIDTH) - 2 * depth && !one.contains("\n"))) {
            return one;
        }
        String indent = "  ".repeat(depth + 1);
        StringBuilder sb = new StringBuilder(open).append('\n');
        for (int i = 0; i < parts.size(); i++) {
            sb.append(indent).append(parts.get(i)).append(i < parts.size() - 1 ? ",\n" : "\n");
        }
        return sb.append("  ".repeat(depth)).append(close).toString();
    }

    private static String exceptionText(Value v) {
        try {
            v.throwException();
        } catch (PolyglotException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
        return v.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        JsonRow.appendString(sb, s);
        return sb.toString();
    }
}
