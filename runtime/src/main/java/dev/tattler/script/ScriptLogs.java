package dev.tattler.script;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.log.LogField;
import dev.tattler.log.LogManager;
import dev.tattler.log.LogSchema;
import dev.tattler.log.LogWriter;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code tattler.log}: logs that scripts define, written like the engine's own (Zeek TSV or
 * JSON lines, whichever the run uses) through the run's {@link LogManager}, so they are closed
 * with the rest.
 *
 * <pre>
 * tattler.log.create('worm770', { fields: { ts: 'time', host: 'addr', ports: 'vector[count]' } });
 * tattler.log.write('worm770', { ts: tattler.now(), host: '10.0.0.5', ports: [63451, 63452] });
 * </pre>
 *
 * Columns come in the order the {@code fields} object lists them. Types are Zeek's: time,
 * interval, addr, port, count, int, double, string, bool, enum, and set[T] / vector[T] of
 * string, enum, addr, port, count or int. A record's missing, null or undefined fields are
 * unset ({@code -}); a dotted column such as {@code id.orig_h} may also be given as a nested
 * object ({@code { id: { orig_h: ... } }}). Every mistake (unknown log, bad type, unknown field,
 * wrong value, a name that is not a plain word or that the engine uses) is an exception at
 * the call site. The log file is created on its first row, as Zeek does.
 */
public final class ScriptLogs {
    /** Logs the engine writes itself; a script cannot take their names. */
    static final Set<String> RESERVED = Set.of("conn", "weird", "notice", "reporter", "stats");

    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,63}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Set<String> SCALARS = Set.of("time", "interval", "addr", "port", "count", "int",
            "double", "string", "bool", "enum");
    private static final Set<String> ELEMENTS = Set.of("string", "enum", "addr", "port", "count", "int");

    private final LogManager logs;
    private final Map<String, Log> created = new LinkedHashMap<>();

    private static final class Log {
        final LogSchema schema;
        final String[] names;
        final String[][] parts;
        final String[] types;
        /** Per column, how an error names it: "tattler.log.write('x', record): field 'ts' (time)". */
        final String[] whats;
        /** "tattler.log.write('x', record)", for errors. */
        final String call;
        final Set<String> topLevel = new LinkedHashSet<>();
        LogWriter writer;

        Log(LogSchema schema) {
            this.schema = schema;
            int n = schema.fields().size();
            names = new String[n];
            parts = new String[n][];
            types = new String[n];
            whats = new String[n];
            call = writeCall(schema.path());
            for (int i = 0; i < n; i++) {
                LogField f = schema.fields().get(i);
                names[i] = f.name();
                parts[i] = f.name().split("\\.");
                types[i] = f.type();
                whats[i] = call + ": field '" + f.name() + "' (" + f.type() + ")";
                topLevel.add(f.name());
                topLevel.add(parts[i][0]);
            }
        }
    }

    ScriptLogs(LogManager logs) {
        this.logs = logs;
    }

    /** {@code tattler.log.create(path, { fields: { name: 'type', ... } })}. */
    @HostAccess.Export
    public void create(Value path, Value options) {
        String name = JsValues.string(path, "tattler.log.create(path, options): path");
        if (name == null || !PATH.matcher(name).matches()) {
            throw new IllegalArgumentException("tattler.log.create: the log name must be a plain word (letters, digits,"
                    + " _ and -, as 'worm770'), not " + JsValues.describe(path));
        }
        String call = "tattler.log.create('" + name + "', ...)";
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException(call + ": " + name + ".log is written by the engine; choose another name");
        }
        if (options == null || !options.hasMembers() || options.canExecute() || options.hasArrayElements()) {
            throw new IllegalArgumentException(call + ": options must be an object { fields: { name: 'type', ... } }");
        }
        for (String key : options.getMemberKeys()) {
            if (!key.equals("fields")) {
                throw new IllegalArgumentException(call + ": unknown option '" + key + "' (only 'fields')");
            }
        }
        Value fields = options.getMember("fields");
        if (fields == null || !fields.hasMembers() || fields.canExecute() || fields.hasArrayElements()
                || fields.getMemberKeys().isEmpty()) {
            throw new IllegalArgumentException(call + ": fields must be an object of column names to Zeek types,"
                    + " e.g. { ts: 'time', host: 'addr' }");
        }
        List<LogField> columns = new ArrayList<>();
        for (String field : fields.getMemberKeys()) {
            if (!FIELD.matcher(field).matches()) {
                throw new IllegalArgumentException(call + ": bad field name '" + field + "' (letters, digits, _ and dots)");
            }
            Value t = fields.getMember(field);
            String type = t != null && t.isString() ? t.asString() : null;
            if (type == null || !validType(type)) {
                throw new IllegalArgumentException(call + ": field '" + field + "' has unknown type "
                        + JsValues.describe(t) + " (use time, interval, addr, port, count, int, double, string, bool,"
                        + " enum, set[T] or vector[T] of string, enum, addr, port, count, int)");
            }
            columns.add(new LogField(field, type));
        }
        LogSchema schema = new LogSchema(name, columns);
        Log existing = created.get(name);
        if (existing != null) {
            if (!existing.schema.sameColumns(schema)) {
                throw new IllegalArgumentException(call + ": log '" + name + "' already exists with other fields");
            }
            return;
        }
        created.put(name, new Log(schema));
    }

    /** {@code tattler.log.write(path, record)}. */
    @HostAccess.Export
    public void write(Value path, Value record) {
        String name = JsValues.string(path, "tattler.log.write(path, record): path");
        Log log = name == null ? null : created.get(name);
        if (log == null) {
            throw new IllegalArgumentException("tattler.log.write: no log " + JsValues.describe(path)
                    + "; create it first with tattler.log.create(path, { fields: {...} })"
                    + (created.isEmpty() ? "" : " (logs: " + String.join(", ", created.keySet()) + ")"));
        }
        String call = log.call;
        if (record == null || !record.hasMembers() || record.canExecute() || record.hasArrayElements()) {
            throw new IllegalArgumentException(call + ": record must be an object, not " + JsValues.describe(record));
        }
        for (String key : record.getMemberKeys()) {
            if (!log.topLevel.contains(key)) {
                throw new IllegalArgumentException(call + ": log '" + name + "' has no field '" + key + "' (fields: "
                        + String.join(", ", log.names) + ")");
            }
        }
        Object[] row = new Object[log.names.length];
        for (int i = 0; i < row.length; i++) {
            Value v = lookup(record, log.names[i], log.parts[i]);
            row[i] = convert(v, log.types[i], log.whats[i]);
        }
        try {
            if (log.writer == null) {
                log.writer = logs.open(log.schema);
            }
            log.writer.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ".log: " + e.getMessage(), e);
        }
    }

    private static String writeCall(String name) {
        return "tattler.log.write('" + name + "', record)";
    }

    /** The value for a column: the member named as the column, else the nested path (id.orig_h). */
    private static Value lookup(Value record, String name, String[] parts) {
        Value v = record.getMember(name);
        if (v != null || parts.length == 1) {
            return v;
        }
        v = record;
        for (String p : parts) {
            if (v == null || v.isNull() || !v.hasMembers()) {
                return null;
            }
            v = v.getMember(p);
        }
        return v;
    }

    private static boolean validType(String type) {
        if (SCALARS.contains(type)) {
            return true;
        }
        String element = elementType(type);
        return element != null && ELEMENTS.contains(element);
    }

    /** "count" for "set[count]" or "vector[count]", else null. */
    private static String elementType(String type) {
        if (type.endsWith("]")) {
            if (type.startsWith("set[")) {
                return type.substring(4, type.length() - 1);
            }
            if (type.startsWith("vector[")) {
                return type.substring(7, type.length() - 1);
            }
        }
        return null;
    }

    /** A JS value as the log writers take it (see {@link LogWriter}); null for unset. */
    private static Object convert(Value v, String type, String what) {
        if (JsValues.absent(v)) {
            return null;
        }
        switch (type) {
            case "time":
            case "interval":
                if (v.isInstant()) {
                    java.time.Instant t = v.asInstant();
                    return t.getEpochSecond() + t.getNano() / 1e9;
                }
                return JsValues.number(v, what);
            case "double":
                return JsValues.number(v, what);
            case "count":
                return JsValues.integer(v, what, 0, Long.MAX_VALUE);
            case "int":
                return JsValues.integer(v, what, Long.MIN_VALUE, Long.MAX_VALUE);
            case "port":
                return JsValues.integer(v, what, 0, 65535);
            case "bool":
                return JsValues.bool(v, what);
            case "addr": {
                String a = JsValues.string(v, what);
                if (!LocalAddresses.isAddress(a)) {
                    throw new IllegalArgumentException(what + " must be an IPv4 or IPv6 address, not '" + a + "'");
                }
                return a;
            }
            case "string":
            case "enum":
                if (v.isString()) {
                    return v.asString();
                }
                if (v.isNumber() || v.isBoolean()) {
                    return v.toString(); // JavaScript's own String(v)
                }
                throw new IllegalArgumentException(what + " must be a string, not " + JsValues.describe(v));
            default:
                return collection(v, type, what);
        }
    }

    private static Object collection(Value v, String type, String what) {
        String element = elementType(type);
        if (v.isString() || !(v.hasArrayElements() || v.hasIterator())) {
            throw new IllegalArgumentException(what + " must be an array (or a Set), not " + JsValues.describe(v));
        }
        java.util.Collection<Object> out = type.startsWith("set[") ? new LinkedHashSet<>() : new ArrayList<>();
        if (v.hasArrayElements()) {
            for (long i = 0; i < v.getArraySize(); i++) {
                out.add(element(v.getArrayElement(i), element, what));
            }
        } else {
            Value it = v.getIterator();
            while (it.hasIteratorNextElement()) {
                out.add(element(it.getIteratorNextElement(), element, what));
            }
        }
        return out instanceof List ? out : new ArrayList<>(out);
    }

    private static Object element(Value v, String type, String what) {
        Object o = convert(v, type, what + " element");
        if (o == null) {
            throw new IllegalArgumentException(what + ": elements cannot be null or undefined");
        }
        return o;
    }
}
