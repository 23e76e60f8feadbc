package dev.tattler.event;

import org.graalvm.polyglot.HostAccess;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the documented fields of event argument classes (their {@link HostAccess.Export}ed
 * fields and {@link Doc} lines), so `tattler events`, docs/events.md and the test that reads
 * every field from JavaScript all work from the classes themselves. Nested records are
 * flattened with dots, as Zeek writes them: {@code id.orig_h}.
 */
public final class EventCatalogue {
    /** One field as scripts reach it: dotted path, JavaScript type, documentation. */
    public static final class Field {
        public final String name;
        public final String type;
        public final String doc;

        Field(String name, String type, String doc) {
            this.name = name;
            this.type = type;
            this.doc = doc;
        }
    }

    private EventCatalogue() {
    }

    /** "udp_request(c, p)" style signature with argument types. */
    public static String signature(EventType t) {
        StringBuilder sb = new StringBuilder(t.scriptName()).append('(');
        for (int i = 0; i < t.args().size(); i++) {
            EventType.Arg a = t.args().get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(a.name).append(": ").append(typeName(a.type));
        }
        return sb.append(')').toString();
    }

    /** The exported fields of an argument class, nested records flattened; empty for String. */
    public static List<Field> fields(Class<?> type) {
        List<Field> out = new ArrayList<>();
        collect(type, "", out);
        return out;
    }

    private static void collect(Class<?> type, String prefix, List<Field> out) {
        for (java.lang.reflect.Field f : type.getDeclaredFields()) {
            if (!f.isAnnotationPresent(HostAccess.Export.class) || Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Doc doc = f.getAnnotation(Doc.class);
            String name = prefix + f.getName();
            if (f.getType().isAnnotationPresent(Doc.class)) {
                out.add(new Field(name, "object", doc == null ? "" : doc.value()));
                collect(f.getType(), name + ".", out);
            } else {
                out.add(new Field(name, typeName(f.getType()), doc == null ? "" : doc.value()));
            }
        }
    }

    /** The JavaScript type a Java field or argument shows up as. */
    public static String typeName(Class<?> c) {
        if (c == String.class) {
            return "string";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "boolean";
        }
        if (c.isPrimitive() || Number.class.isAssignableFrom(c)) {
            return c.isPrimitive() ? "number" : "number|null";
        }
        return c.getSimpleName();
    }
}
