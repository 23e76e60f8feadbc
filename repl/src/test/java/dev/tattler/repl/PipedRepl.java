package dev.tattler.repl;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Test utility: runs the REPL on piped lines, as {@code tattler repl < commands} does, and keeps its output. */
final class PipedRepl {
    record Result(String out, String err, int status) {
    }

    private PipedRepl() {
    }

    static ReplLauncher.Options capture(String file, String... scripts) {
        return new ReplLauncher.Options(file, null, null, List.of(scripts), List.of(), false, Map.of(), null, false);
    }

    static Result run(ReplLauncher.Options options, String input) throws Exception {
        return run(Settings.defaults(), options, input);
    }

    static Result run(Settings settings, ReplLauncher.Options options, String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status;
        try (Repl repl = ReplLauncher.start(new Console(o, e), settings, options)) {
            status = ScriptedRepl.run(repl, new BufferedReader(new StringReader(input)));
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
        return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), status);
    }
}
