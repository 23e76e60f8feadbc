package dev.tattler.repl;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The REPL at a terminal, with jline: history kept in {@code ~/.tattler_history} (the
 * {@code tattler.history} property moves it), Ctrl-R search, Tab completion
 * ({@link ReplCompleter}), highlighting ({@link ReplHighlighter}), multi-line JavaScript
 * ({@link ReplParser}), and output from the engine printed above the prompt while typing
 * ({@link Console}).
 *
 * <p>Ctrl-C at the prompt clears the line; while a command runs it reaches
 * {@link Repl#interrupt} through the terminal's INT signal, which stops a replay or
 * interrupts JavaScript, and the prompt comes back. Only Ctrl-D (on an empty line) or
 * {@code .quit} leave.
 */
final class InteractiveRepl {
    private InteractiveRepl() {
    }

    static int run(Terminal terminal, Settings settings, ReplLauncher.Options options) throws ReplException, IOException {
        try (terminal) {
            Console console = new Console(terminal);
            try (Repl repl = ReplLauncher.start(console, settings, options)) {
                loop(terminal, repl, console);
            }
        }
        return 0;
    }

    /** Reads and runs lines until Ctrl-D or .quit; also what tests drive on an in-memory terminal. */
    static void loop(Terminal terminal, Repl repl, Console console) {
        ReplCompleter completer = new ReplCompleter(repl);
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("tattler")
                .parser(new ReplParser())
                .completer(completer)
                .highlighter(new ReplHighlighter())
                .variable(LineReader.HISTORY_FILE, historyFile())
                .variable(LineReader.HISTORY_SIZE, 5000)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P ... ")
                .variable(LineReader.INDENTATION, 2)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is JavaScript's not, not history
                .option(LineReader.Option.INSERT_TAB, false)
                .option(LineReader.Option.CASE_INSENSITIVE, false)
                .build();
        console.attach(reader);
        terminal.handle(Terminal.Signal.INT, signal -> repl.interrupt());
        console.println(ReplLauncher.banner(repl.session()));
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt(repl.session(), terminal));
            } catch (UserInterruptException e) {
                if (e.getPartialLine().isEmpty()) {
                    console.note("(Ctrl-D or .quit leaves)");
                }
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            completer.accepted(line);
            if (!repl.execute(line)) {
                break;
            }
        }
    }

    /** "tattler #1234> ": where the replay is, so .step and .run show their effect. */
    private static String prompt(Session s, Terminal terminal) {
        long last = s.history().last();
        String text = s.inputName() == null ? "tattler> " : "tattler #" + last + (s.ended() ? " end" : "") + "> ";
        return new AttributedString(text, AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW)).toAnsi(terminal);
    }

    static Path historyFile() {
        String configured = System.getProperty("tattler.history");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".tattler_history");
    }
}
