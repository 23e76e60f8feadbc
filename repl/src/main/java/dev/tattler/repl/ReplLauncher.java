package dev.tattler.repl;

import dev.tattler.log.LogFormat;
import dev.tattler.script.JsRuntime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts {@code tattler repl}: builds the session from the command line's options, opens the
 * capture or interface, loads the scripts, then hands over to the terminal
 * ({@link InteractiveRepl}) when stdin and stdout are one, or reads piped input
 * ({@link ScriptedRepl}).
 */
public final class ReplLauncher {
    /** The command line, parsed and checked by the caller. */
    public record Options(String capture, String iface, String bpf, List<String> scripts, List<String> localNets,
                          boolean ignoreChecksums, Map<String, String> scriptOptions, Path logDir, boolean json) {
    }

    private ReplLauncher() {
    }

    /** Runs the REPL to its end; returns the exit status. */
    public static int run(Options options, PrintStream out, PrintStream err) {
        Settings settings = new Settings(options.localNets(), options.ignoreChecksums(), options.scriptOptions(),
                options.logDir(), options.json() ? LogFormat.JSON : LogFormat.TSV);
        try {
            if (Terminals.interactive()) {
                return InteractiveRepl.run(Terminals.system(), settings, options);
            }
            Console console = new Console(out, err);
            try (Repl repl = start(console, settings, options)) {
                return ScriptedRepl.run(repl, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            }
        } catch (ReplException e) {
            err.println("tattler: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("tattler: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The session with the command line's input and scripts. A capture that cannot be opened
     * or a script that does not load ends the start with one line, as for {@code tattler run}.
     */
    static Repl start(Console console, Settings settings, Options options) throws ReplException {
        Repl repl = new Repl(console, settings);
        try {
            repl.call(() -> {
                Session s = repl.session();
                if (options.capture() != null) {
                    s.open(Path.of(options.capture()));
                } else if (options.iface() != null) {
                    s.live(LiveFeed.open(options.iface(), options.bpf()));
                }
                for (String script : options.scripts()) {
                    s.load(ScriptSpec.resolve(script));
                }
                return null;
            });
        } catch (ReplException e) {
            repl.close();
            throw e;
        }
        return repl;
    }

    /** The one-time greeting on a terminal. */
    static String banner(Session s) {
        StringBuilder sb = new StringBuilder("Tattler REPL: type JavaScript or a command (.help); Tab completes,"
                + " Ctrl-C stops a replay, Ctrl-D leaves.");
        if (s.inputName() != null) {
            sb.append("\n").append(s.live() != null ? "capturing on " : "opened ").append(s.inputName())
                    .append(s.live() != null ? "" : ": .run replays it, .step goes packet by packet");
        }
        if (!s.scripts().isEmpty()) {
            sb.append("\nloaded ").append(String.join(", ", s.scripts().stream().map(ScriptSpec::name).toList()));
        }
        if (!s.jsOptimized()) {
            sb.append("\n").append(JsRuntime.interpreterWarning());
        }
        return sb.toString();
    }
}
