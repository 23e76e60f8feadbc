package dev.tattler.scripts;

import dev.tattler.event.Doc;
import dev.tattler.event.EventCatalogue;
import dev.tattler.event.EventType;
import org.graalvm.polyglot.HostAccess;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * tattler.d.ts cannot drift from the engine: its event section (the argument interfaces and
 * the {@code Events} map) must be exactly what the event catalogue generates, and, read back,
 * it must declare every event in {@link EventType} with its arguments and every documented
 * field {@link EventCatalogue} lists, with a matching type. When the catalogue changes,
 * regenerate the section with
 * {@code mvn -q -pl scripts test -Dtest=TattlerDtsTest -Dtattler.dts.update=true}.
 */
class TattlerDtsTest {
    private static final Path DTS = Path.of("src/main/resources/dev/tattler/scripts/tattler.d.ts");
    private static final String BEGIN = "  // ---- BEGIN GENERATED from the event catalogue (TattlerDtsTest) ----\n";
    private static final String END = "  // ---- END GENERATED ----\n";

    @Test
    void eventSectionIsGeneratedFromTheCatalogue() throws Exception {
        String text = Files.readString(DTS);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        assertTrue(b >= 0 && e > b, "tattler.d.ts lacks the generated section markers");
        String expected = generate();
        String actual = text.substring(b + BEGIN.length(), e);
        if (Boolean.getBoolean("tattler.dts.update") && !expected.equals(actual)) {
            Files.writeString(DTS, text.substring(0, b + BEGIN.length()) + expected + text.substring(e));
            actual = expected;
        }
        assertEquals(expected, actual, "tattler.d.ts is out of date with the event catalogue: regenerate it with "
                + "mvn -q -pl scripts test -Dtest=TattlerDtsTest -Dtattler.dts.update=true");
    }

    @Test
    void declaresEveryEventAndEveryDocumentedField() throws Exception {
        String text = Files.readString(DTS);
        String events = block(text, "interface Events");
        for (EventType t : EventType.values()) {
            Matcher m = Pattern.compile("(?m)^\\s*" + t.scriptName() + ": \\((.*)\\) => void;$").matcher(events);
            if (!m.find()) {
                fail("tattler.d.ts does not declare event " + t.scriptName());
            }
            String params = m.group(1);
            List<String> declared = params.isEmpty() ? List.of() : List.of(params.split(", "));
            assertEquals(t.args().size(), declared.size(), t.scriptName() + " arguments: " + params);
            for (int i = 0; i < declared.size(); i++) {
                EventType.Arg arg = t.args().get(i);
                String want = arg.type == String.class ? "string" : arg.type.getSimpleName();
                assertTrue(declared.get(i).equals(arg.name + ": " + want)
                                || declared.get(i).equals(arg.name + ": " + want + " | null"),
                        t.scriptName() + " argument " + i + " should be " + arg.name + ": " + want + ", is " + declared.get(i));
            }
            for (EventType.Arg arg : t.args()) {
                if (arg.type == String.class) {
                    continue;
                }
                for (EventCatalogue.Field f : EventCatalogue.fields(arg.type)) {
                    checkField(text, arg.type, f);
                }
            }
        }
    }

    /** A flattened field "id.orig_h" of ConnInfo: ConnInfo declares id: ConnId, ConnId declares orig_h: string. */
    private static void checkField(String text, Class<?> owner, EventCatalogue.Field f) throws Exception {
        String[] parts = f.name.split("\\.");
        Class<?> c = owner;
        for (int i = 0; i < parts.length; i++) {
            String body = block(text, "interface " + c.getSimpleName());
            Field jf = c.getField(parts[i]);
            Matcher m = Pattern.compile("(?m)^\\s*readonly " + Pattern.quote(parts[i]) + ": ([^;]+);$").matcher(body);
            if (!m.find()) {
                fail("tattler.d.ts: interface " + c.getSimpleName() + " does not declare " + parts[i]
                        + " (" + owner.getSimpleName() + "." + f.name + ")");
            }
            String ts = m.group(1);
            String base = tsBase(jf.getType());
            assertTrue(ts.equals(base) || ts.equals(base + " | null"),
                    c.getSimpleName() + "." + parts[i] + " is declared " + ts + ", expected " + base);
            if (i == parts.length - 1 && f.type.endsWith("|null")) {
                assertTrue(ts.endsWith(" | null"), c.getSimpleName() + "." + parts[i] + " can be null: " + ts);
            }
            c = jf.getType();
        }
    }

    /** The text between "{" after {@code header} and its closing brace. */
    private static String block(String text, String header) {
        int h = text.indexOf(header + " {");
        if (h < 0) {
            fail("tattler.d.ts has no " + header);
        }
        int start = text.indexOf('{', h) + 1;
        int depth = 1;
        int i = start;
        while (depth > 0 && i < text.length()) {
            char ch = text.charAt(i++);
            depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
        }
        return text.substring(start, i - 1);
    }

    // ---------------------------------------------------------------- the generator

    /** The event section: one interface per argument type (nested ones included), then the Events map. */
    static String generate() {
        Set<Class<?>> types = new LinkedHashSet<>();
        for (EventType t : EventType.values()) {
            for (EventType.Arg a : t.args()) {
                collect(a.type, types);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Class<?> c : types) {
            Doc doc = c.getAnnotation(Doc.class);
            sb.append('\n');
            if (doc != null) {
                sb.append("  /** ").append(doc.value()).append(" */\n");
            }
            sb.append("  interface ").append(c.getSimpleName()).append(" {\n");
            for (Field f : exported(c)) {
                Doc d = f.getAnnotation(Doc.class);
                if (d != null) {
                    sb.append("    /** ").append(d.value()).append(" */\n");
                }
                sb.append("    readonly ").append(f.getName()).append(": ").append(tsType(f.getType(), d)).append(";\n");
            }
            sb.append("  }\n");
        }
        sb.append("\n  /** Every event: its name and the handler's arguments (see docs/events.md). */\n");
        sb.append("  interface Events {\n");
        for (EventType t : EventType.values()) {
            sb.append("    /** ").append(t.description()).append(" */\n");
            sb.append("    ").append(t.scriptName()).append(": (");
            List<String> params = new ArrayList<>();
            for (EventType.Arg a : t.args()) {
                String type = a.type == String.class ? "string" : a.type.getSimpleName();
                boolean nullable = t.description().contains(a.name + " is null");
                params.add(a.name + ": " + type + (nullable ? " | null" : ""));
            }
            sb.append(String.join(", ", params)).append(") => void;\n");
        }
        sb.append("  }\n");
        return sb.toString();
    }

    private static void collect(Class<?> c, Set<Class<?>> into) {
        if (c == String.class || into.contains(c)) {
            return;
        }
        into.add(c);
        for (Field f : exported(c)) {
            if (f.getType().isAnnotationPresent(Doc.class)) {
                collect(f.getType(), into);
            }
        }
    }

    private static List<Field> exported(Class<?> c) {
        List<Field> out = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            if (f.isAnnotationPresent(HostAccess.Export.class) && !Modifier.isStatic(f.getModifiers())) {
                out.add(f);
            }
        }
        return out;
    }

    private static String tsBase(Class<?> c) {
        if (c == String.class) {
            return "string";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "boolean";
        }
        if (c.isPrimitive() || Number.class.isAssignableFrom(c)) {
            return "number";
        }
        return c.getSimpleName();
    }

    /** How @Doc lines say a value may be null: "..., or null", "... else null", "..., null when ...". */
    private static final Pattern MAY_BE_NULL = Pattern.compile("(\\bor|\\belse|\\balways|,) null\\b");

    /** Boxed numbers are nullable; strings and objects when their documentation says they may be null. */
    private static String tsType(Class<?> c, Doc doc) {
        boolean nullable = !c.isPrimitive() && (Number.class.isAssignableFrom(c) || Boolean.class == c
                || (doc != null && MAY_BE_NULL.matcher(doc.value()).find()));
        return tsBase(c) + (nullable ? " | null" : "");
    }
}
