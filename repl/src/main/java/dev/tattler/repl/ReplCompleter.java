package dev.tattler.repl;

import dev.tattler.event.ArpInfo;
import dev.tattler.event.BroadcastInfo;
import dev.tattler.event.ConnInfo;
import dev.tattler.event.EventType;
import dev.tattler.event.NoticeInfo;
import dev.tattler.event.PacketInfo;
import dev.tattler.event.WeirdInfo;
import dev.tattler.scripts.BundledScripts;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tab completion: command names; a command's first argument (file paths, event names, bundled
 * scripts, interfaces); JavaScript names and members. Members come from the live value when the
 * chain before the dot names one ({@code tattler.}, {@code conns.}), else from the event
 * object's class for the argument names events use ({@code c.id.}, {@code p.}), which is what a
 * handler, a {@code .watch} expression or a filter like {@code conns.filter(c => c.} needs.
 */
final class ReplCompleter implements Completer {
    private static final Pattern CHAIN = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");
    private static final Pattern DECLARATION = Pattern.compile("\\b(?:let|const|var|function|class)\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern EVENT_STRING = Pattern.compile("\\bon\\(\\s*['\"]$");
    private static final long QUERY_MILLIS = 500;
    /** The names events and the REPL's arrays use for their objects. */
    private static final Map<String, Class<?>> CONVENTIONAL = Map.of("c", ConnInfo.class, "p", PacketInfo.class,
            "n", NoticeInfo.class, "w", WeirdInfo.class, "arp", ArpInfo.class, "b", BroadcastInfo.class,
            "h", HostInfo.class);

    private final Repl repl;
    private final Completers.FileNameCompleter files = new Completers.FileNameCompleter();
    private final Set<String> declared = new TreeSet<>();

    ReplCompleter(Repl repl) {
        this.repl = repl;
    }

    /** Remembers the names a line declared (let, const, ...), which are not properties of globalThis. */
    void accepted(String line) {
        Matcher m = DECLARATION.matcher(line);
        while (m.find()) {
            declared.add(m.group(1));
        }
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (!ReplParser.isCommand(line.line())) {
            String before = line.line().substring(0, line.cursor() - line.wordCursor());
            js(line.word().substring(0, line.wordCursor()), before, CONVENTIONAL, candidates);
            return;
        }
        List<String> words = line.words();
        if (line.wordIndex() == 0) {
            for (Commands.Command c : Commands.ALL) {
                candidates.add(new Candidate(c.name(), c.name(), null, c.help(), null, null, true));
            }
            return;
        }
        Commands.Command command = Commands.find(words.get(0));
        if (command == null) {
            return;
        }
        String word = line.word().substring(0, line.wordCursor());
        String name = command.name();
        if (line.wordIndex() == 1 && command.arg() != Commands.Arg.NONE) {
            argument(reader, line, command.arg(), candidates);
        } else if (name.equals(".watch") || name.equals(".break")) {
            EventType event = EventType.byName(words.get(1));
            if (event != null) {
                Map<String, Class<?>> args = new LinkedHashMap<>();
                for (EventType.Arg a : event.args()) {
                    args.put(a.name, a.type);
                }
                jsWord(word, args, candidates);
            }
        } else if (name.equals(".packets") || name.equals(".save") || name.equals(".conns")) {
            jsWord(word, Map.of(name.equals(".conns") ? "c" : "p", name.equals(".conns") ? ConnInfo.class
                    : PacketInfo.class), candidates);
        }
    }

    private void argument(LineReader reader, ParsedLine line, Commands.Arg arg, List<Candidate> candidates) {
        switch (arg) {
            case FILE -> files.complete(reader, line, candidates);
            case EVENT -> events(candidates);
            case SCRIPT -> {
                for (String s : BundledScripts.NAMES) {
                    candidates.add(new Candidate(s, s, "bundled", null, null, null, true));
                }
                files.complete(reader, line, candidates);
            }
            case INTERFACE -> {
                String[] names = new File("/sys/class/net").list();
                for (String n : names == null ? new String[0] : names) {
                    candidates.add(new Candidate(n));
                }
            }
            default -> {
            }
        }
    }

    private static void events(List<Candidate> candidates) {
        for (EventType e : EventType.values()) {
            candidates.add(new Candidate(e.scriptName(), e.scriptName(), null, null, null, null, true));
        }
    }

    /** A word inside a command's JavaScript: the chain at its end is what completes. */
    private void jsWord(String word, Map<String, Class<?>> typed, List<Candidate> candidates) {
        Matcher m = Pattern.compile("[\\w$.]*$").matcher(word);
        String chain = m.find() ? m.group() : "";
        js(chain, word.substring(0, word.length() - chain.length()), typed, candidates);
    }

    private void js(String chain, String before, Map<String, Class<?>> typed, List<Candidate> candidates) {
        if (EVENT_STRING.matcher(before).find()) {
            events(candidates);
            return;
        }
        int dot = chain.lastIndexOf('.');
        if (dot < 0) {
            Set<String> names = new TreeSet<>(typed.keySet());
            names.addAll(declared);
            names.addAll(JsBindings.NAMES);
            names.addAll(JsLexer.KEYWORDS);
            String globals = repl.query(() -> repl.session().eval("<complete>",
                    "Object.getOwnPropertyNames(globalThis).join('\\n')").asString(), QUERY_MILLIS);
            if (globals != null) {
                names.addAll(List.of(globals.split("\n")));
            }
            for (String n : names) {
                candidates.add(new Candidate(n, n, null, null, null, null, false));
            }
            return;
        }
        String base = chain.substring(0, dot);
        if (!CHAIN.matcher(base).matches()) {
            return;
        }
        Set<String> members = members(base, typed);
        for (String member : members) {
            candidates.add(new Candidate(base + "." + member, member, null, null, null, null, false));
        }
    }

    /** Members of what {@code base} names: a value in the context, else an event object's class. */
    private Set<String> members(String base, Map<String, Class<?>> typed) {
        String[] parts = base.split("\\.");
        Class<?> type = typed.get(parts[0]);
        boolean typedArgument = type != null && typed != CONVENTIONAL;
        Set<String> live = typedArgument ? null : repl.query(() -> liveMembers(base), QUERY_MILLIS);
        if (live != null && !live.isEmpty()) {
            return live;
        }
        Set<String> out = new TreeSet<>();
        for (int i = 1; type != null && i < parts.length; i++) {
            type = fieldType(type, parts[i]);
        }
        if (type != null) {
            for (Field f : type.getFields()) {
                if (f.isAnnotationPresent(HostAccess.Export.class) && !Modifier.isStatic(f.getModifiers())) {
                    out.add(f.getName());
                }
            }
        }
        return out;
    }

    private static Class<?> fieldType(Class<?> type, String name) {
        try {
            return type.getField(name).getType();
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    /** Engine thread: the members of the value {@code base} evaluates to (an identifier chain: no calls). */
    private Set<String> liveMembers(String base) {
        Session s = repl.session();
        Set<String> out = new TreeSet<>();
        Value v;
        try {
            v = s.eval("<complete>", base);
        } catch (ReplException e) {
            return out; // not defined (yet)
        }
        if (v.isNull()) {
            return out;
        }
        String prototype = v.hasArrayElements() ? "Array.prototype" : v.isString() ? "String.prototype"
                : v.isNumber() ? "Number.prototype" : null;
        if (v.hasMembers() && !v.hasArrayElements()) {
            out.addAll(v.getMemberKeys());
        }
        try {
            if (prototype != null) {
                out.addAll(List.of(s.eval("<complete>", "Object.getOwnPropertyNames(" + prototype + ").join('\\n')")
                        .asString().split("\n")));
                out.add("length");
            } else if (!v.isHostObject() && v.hasMembers()) {
                Value walk = s.eval("<complete>", "(o) => { const ks = []; let x = Object.getPrototypeOf(o);"
                        + " while (x && x !== Object.prototype) { ks.push(...Object.getOwnPropertyNames(x)); x = Object.getPrototypeOf(x); }"
                        + " return ks.join('\\n'); }");
                String inherited = walk.execute(v).asString();
                if (!inherited.isEmpty()) {
                    out.addAll(List.of(inherited.split("\n")));
                }
            }
        } catch (ReplException | RuntimeException e) {
            // what was found so far
        }
        out.remove("constructor");
        return out;
    }
}
