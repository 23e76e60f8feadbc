package dev.tattler.repl;

import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where everything the REPL says goes, from any thread: command results, one-line errors,
 * notifications that arrive while the user types (watches, breakpoints during live capture,
 * {@code console.log} from handlers) and a transient progress line.
 *
 * <p>Interactive, text goes through jline's {@link LineReader#printAbove}, which prints above
 * the prompt and redraws what the user is typing (jline3's PrintAboveExample); piped, results
 * go to stdout and errors to stderr, with no progress line and no colour, so output can be
 * compared and grepped.
 */
final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final Terminal terminal;
    private volatile LineReader reader;
    private boolean progressShown;
    private int errors;

    /** Piped: plain text on two streams. */
    Console(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        this.terminal = null;
    }

    /** Interactive: through the terminal, above the prompt once {@link #attach} gave the reader. */
    Console(Terminal terminal) {
        this.out = null;
        this.err = null;
        this.terminal = terminal;
    }

    void attach(LineReader reader) {
        this.reader = reader;
    }

    boolean interactive() {
        return terminal != null;
    }

    /** Columns for tables: the terminal's width, or unlimited when piped. */
    int width() {
        if (terminal == null) {
            return Integer.MAX_VALUE;
        }
        int w = terminal.getWidth();
        return w <= 0 ? 100 : w;
    }

    /** A result (one or more lines). */
    synchronized void println(String text) {
        if (terminal == null) {
            out.println(text);
            out.flush();
            return;
        }
        write(text);
    }

    /** An error, one line: "error: ..." in red on a terminal, on stderr when piped. */
    synchronized void error(String message) {
        errors++;
        if (terminal == null) {
            err.println("error: " + message);
            err.flush();
            return;
        }
        write(new AttributedString("error: " + message, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED))
                .toAnsi(terminal));
    }

    /** A dimmed remark (progress summaries, hints); plain text when piped. */
    synchronized void note(String message) {
        if (terminal == null) {
            out.println(message);
            out.flush();
            return;
        }
        write(new AttributedString(message, AttributedStyle.DEFAULT.faint()).toAnsi(terminal));
    }

    /** Errors reported so far: the piped REPL's exit status depends on it. */
    synchronized int errors() {
        return errors;
    }

    /**
     * Shows or replaces the progress line (terminals only, not dumb ones: it is redrawn in place
     * with a carriage return). Anything printed next clears it first.
     */
    synchronized void progress(String text) {
        if (terminal == null || Terminal.TYPE_DUMB.equals(terminal.getType())
                || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            return;
        }
        String line = text.length() >= width() ? text.substring(0, width() - 1) : text;
        terminal.writer().print("\r" + line + "\033[K");
        terminal.flush();
        progressShown = true;
    }

    synchronized void clearProgress() {
        if (progressShown) {
            terminal.writer().print("\r\033[K");
            terminal.flush();
            progressShown = false;
        }
    }

    private void write(String text) {
        clearProgress();
        LineReader r = reader;
        if (r != null) {
            r.printAbove(text);
        } else {
            terminal.writer().println(text);
            terminal.flush();
        }
    }

    /**
     * A stream for the scripts' {@code console.log} (or {@code console.error}): complete lines
     * become results (or, for errors, plain lines on stderr when piped).
     */
    OutputStream stream(boolean errors) {
        return new LineStream(errors);
    }

    private final class LineStream extends OutputStream {
        private final boolean errors;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineStream(boolean errors) {
            this.errors = errors;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                emit();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() {
            if (line.size() > 0) {
                emit();
            }
        }

        private void emit() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (errors && terminal == null) {
                synchronized (Console.this) {
                    err.println(text);
                    err.flush();
                }
            } else {
                println(text);
            }
        }
    }
}
