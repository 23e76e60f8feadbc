package dev.tattler.script;

import dev.tattler.event.EventBus;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Runs user JavaScript: one sandboxed GraalJS context on the engine thread, with the
 * {@code tattler} API bound as a global. Scripts see only what {@link HostAccess#EXPLICIT}
 * exports: no Java classes, no files, no threads, no processes.
 *
 * <pre>
 *  script.js ──eval──> Context ──tattler.on(name, fn)──> EventBus ──handle──> fn(args)
 * </pre>
 */
public final class ScriptHost implements AutoCloseable {
    private final Context context;

    public ScriptHost(JsRuntime runtime, EventBus bus, OutputStream out, OutputStream err) {
        context = Context.newBuilder("js")
                .engine(runtime.engine())
                .allowHostAccess(HostAccess.EXPLICIT)
                .allowHostClassLookup(name -> false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .option("js.load", "false")
                .option("js.print", "false")
                .out(out)
                .err(err)
                .build();
        context.getBindings("js").putMember("tattler", new TattlerApi(bus));
    }

    /** Loads a script file; its top level runs now and subscribes its handlers. */
    public void load(Path file) throws ScriptLoadException {
        String code;
        try {
            code = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ScriptLoadException(file + ": no such script");
        } catch (IOException e) {
            throw new ScriptLoadException(file + ": cannot read: " + e.getMessage());
        }
        load(file.getFileName().toString(), code);
    }

    /** Loads a script from text (bundled scripts, tests); {@code name} appears in messages. */
    public void load(String name, String code) throws ScriptLoadException {
        Source source = Source.newBuilder("js", code, name).buildLiteral();
        try {
            context.eval(source);
        } catch (PolyglotException e) {
            if (e.isSyntaxError()) {
                throw new ScriptLoadException(Locations.of(e) + ": SyntaxError: " + syntaxMessage(e));
            }
            throw new ScriptLoadException(Locations.of(e) + ": " + Locations.message(e));
        }
    }

    /** GraalJS prefixes syntax errors with "name:line:col "; keep only the explanation. */
    private static String syntaxMessage(PolyglotException e) {
        String m = Locations.message(e);
        int space = m.indexOf(' ');
        if (space > 0 && m.substring(0, space).matches(".*:\\d+:\\d+")) {
            m = m.substring(space + 1);
        }
        return m;
    }

    @Override
    public void close() {
        context.close(true);
    }
}
