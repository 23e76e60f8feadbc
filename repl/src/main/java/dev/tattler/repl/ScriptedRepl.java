package dev.tattler.repl;

import org.jline.utils.Signals;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * The REPL without a terminal: commands and JavaScript read line by line (JavaScript with open
 * brackets continues on the next lines, as at the prompt), results on stdout, errors on stderr.
 * Ctrl-C (SIGINT) stops the input being run, as at the prompt. Exit status 1 when any input
 * failed, so a scripted investigation can be checked.
 */
final class ScriptedRepl {
    private ScriptedRepl() {
    }

    static int run(Repl repl, BufferedReader in) throws IOException {
        Object previous = Signals.register("INT", repl::interrupt);
        try {
            StringBuilder pending = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (pending.length() == 0 && line.strip().startsWith(".")) {
                    if (!repl.execute(line)) {
                        break;
                    }
                    continue;
                }
                pending.append(line).append('\n');
                if (JsLexer.incomplete(pending.toString())) {
                    continue;
                }
                String input = pending.toString();
                pending.setLength(0);
                if (!repl.execute(input)) {
                    break;
                }
            }
            if (pending.length() > 0) {
                repl.execute(pending.toString()); // reports what is still open
            }
        } finally {
            Signals.unregister("INT", previous);
        }
        return repl.console().errors() > 0 ? 1 : 0;
    }
}
