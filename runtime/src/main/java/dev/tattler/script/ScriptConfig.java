package dev.tattler.script;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code tattler.config}: the options given as {@code --set name=value}, as a frozen JavaScript
 * object. Values are typed the way a script author expects: {@code 5}, {@code -2.5} and
 * {@code 1e3} are numbers, {@code true}/{@code false} booleans, everything else a string (so
 * {@code 007} and {@code 10.0.0.1} stay strings). Each option is there under its full name,
 * {@code config['worm770.window']}, and dotted names are also nested,
 * {@code config.worm770.window}, unless that would clash with another option's value (then only
 * the flat name exists). A plain JavaScript object rather than a host proxy, so scripts can
 * read it at full speed, list it with {@code Object.keys}, and cannot change it.
 */
final class ScriptConfig {
    /** JSON numbers without leading zeros: what a user means as a number. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private static final String FREEZE = "(function (json) {\n"
            + "  const o = JSON.parse(json);\n"
            + "  (function freeze(x) {\n"
            + "    for (const k of Object.keys(x)) if (typeof x[k] === 'object' && x[k] !== null) freeze(x[k]);\n"
            + "    return Object.freeze(x);\n"
            + "  })(o);\n"
            + "  return o;\n"
            + "})";

    private ScriptConfig() {
    }

    static Value build(Context context, Map<String, String> options) {
        Value freeze = context.eval(Source.create("js", FREEZE));
        return freeze.execute(json(options));
    }

    /** The options as a JSON object text: flat names first, then the nested views. */
    static String json(Map<String, String> options) {
        Map<String, Object> top = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            top.put(e.getKey(), typed(e.getValue()));
        }
        for (Map.Entry<String, String> e : options.entrySet()) {
            nest(top, e.getKey(), typed(e.getValue()));
        }
        StringBuilder sb = new StringBuilder();
        write(sb, top);
        return sb.toString();
    }

    /** Adds a.b.c as top[a][b][c] unless a part is empty or a value is already in the way. */
    @SuppressWarnings("unchecked")
    private static void nest(Map<String, Object> top, String name, Object value) {
        String[] parts = name.split("\\.", -1);
        if (parts.length < 2) {
            return;
        }
        for (String p : parts) {
            if (p.isEmpty()) {
                return;
            }
        }
        Map<String, Object> at = top;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = at.get(parts[i]);
            if (next == null) {
                next = new LinkedHashMap<String, Object>();
                at.put(parts[i], next);
            } else if (!(next instanceof Map)) {
                return; // a.b=1 and a=2: 'a' stays the value
            }
            at = (Map<String, Object>) next;
        }
        String last = parts[parts.length - 1];
        if (!(at.get(last) instanceof Map)) { // a.b.c=1 then a.b=2: 'b' stays the object
            at.put(last, value);
        }
    }

    /** "5" → 5.0 literal text kept as a number, "true" → Boolean, else the String. */
    static Object typed(String value) {
        if (value.equals("true")) {
            return Boolean.TRUE;
        }
        if (value.equals("false")) {
            return Boolean.FALSE;
        }
        if (NUMBER.matcher(value).matches() && Double.isFinite(Double.parseDouble(value))) {
            return new JsonNumber(value);
        }
        return value;
    }

    /** A number kept as the text the user wrote, so JSON.parse reads exactly that. */
    static final class JsonNumber {
        final String text;

        JsonNumber(String text) {
            this.text = text;
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder sb, Object v) {
        if (v instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof JsonNumber) {
            sb.append(((JsonNumber) v).text);
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else {
            string(sb, (String) v);
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
