package dev.tattler.repl;

import org.graalvm.polyglot.Value;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The REPL's core, shared by the terminal ({@link InteractiveRepl}) and piped input
 * ({@link ScriptedRepl}): one input at a time, a dot-command or JavaScript, run on the
 * {@link EngineThread} while the calling thread waits, shows progress and forwards Ctrl-C.
 * Whatever goes wrong becomes one error line; the session always survives.
 */
final class Repl implements AutoCloseable {
    private static final long PROGRESS_AFTER_MILLIS = 400;

    private final EngineThread engine = new EngineThread();
    private final Console console;
    private final Session session;

    Repl(Console console, Settings settings) throws ReplException {
        this.console = console;
        this.session = call(() -> new Session(console, settings));
        engine.idle(session::pumpLive);
    }

    Console console() {
        return console;
    }

    /** Runs {@code work} on the engine thread and waits for it; ReplException passes through. */
    <T> T call(Callable<T> work) throws ReplException {
        FutureTask<T> task = engine.submit(work);
        return await(task);
    }

    /** As {@link #call}, giving up (null) after {@code millis}: for completion, which must not hang the prompt. */
    <T> T query(Callable<T> work, long millis) {
        FutureTask<T> task = engine.submit(work);
        try {
            return task.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            task.cancel(false);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    Session session() {
        return session;
    }

    /** Ctrl-C, from a signal handler: stops what the engine thread is doing for the prompt. */
    void interrupt() {
        session.interrupt();
    }

    /**
     * Runs one input. Returns false when it asked to leave ({@code .quit}, {@code .exit}).
     */
    boolean execute(String input) {
        String line = input.strip();
        if (line.isEmpty()) {
            return true;
        }
        if (line.equals(".quit") || line.equals(".exit")) {
            return false;
        }
        try {
            call(() -> {
                session.clearStop();
                dispatch(line);
                return null;
            });
        } catch (ReplException e) {
            console.error(e.getMessage());
        }
        return true;
    }

    private <T> T await(FutureTask<T> task) throws ReplException {
        long started = System.nanoTime();
        long startFrames = session == null ? 0 : session.frames();
        try {
            while (true) {
                try {
                    return task.get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (millis >= PROGRESS_AFTER_MILLIS && session != null) {
                        console.progress(progress(millis, session.frames() - startFrames));
                    }
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ReplException r) {
                throw r;
            }
            if (cause instanceof OutOfMemoryError) {
                throw new ReplException("out of memory; start tattler with a larger heap, e.g. TATTLER_HEAP=4g");
            }
            throw new ReplException("internal error: " + cause + " (please report it with what you typed)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.interrupt();
            throw new ReplException("interrupted");
        } finally {
            console.clearProgress();
        }
    }

    private String progress(long millis, long frames) {
        if (frames == 0) {
            return String.format(Locale.ROOT, "working… %.1f s (Ctrl-C stops)", millis / 1000.0);
        }
        double rate = frames / (millis / 1000.0);
        return String.format(Locale.ROOT, "replaying… %,d packets, at %s, %,.0f packets/s (Ctrl-C stops)",
                frames, NavigationCommands.position(session), rate);
    }

    /** Engine thread: a command, or JavaScript. */
    private void dispatch(String line) throws ReplException {
        if (line.length() > 1 && line.charAt(0) == '.' && Character.isLetter(line.charAt(1))) {
            int space = indexOfSpace(line);
            String name = line.substring(0, space);
            Commands.Command c = Commands.find(name);
            if (c == null) {
                List<String> close = Commands.startingWith(name.substring(0, Math.min(3, name.length())));
                throw new ReplException("unknown command " + name + (close.isEmpty() ? "" : " (did you mean "
                        + String.join(" or ", close) + "?)") + "; .help lists them");
            }
            c.action().run(session, line.substring(space).strip());
            return;
        }
        Value v = evaluate(line);
        String text = session.js(() -> ValueFormatter.format(v, console.width()));
        if (text != null) {
            console.println(text);
        }
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return s.length();
    }

    /** As Node's REPL: "{ a: 1 }" typed alone is an object, not a block. */
    private Value evaluate(String code) throws ReplException {
        if (code.startsWith("{") && !code.endsWith(";")) {
            try {
                return session.eval(JsErrors.PROMPT, "(" + code + "\n)");
            } catch (ReplException e) {
                // not an object literal after all: a block statement
            }
        }
        return session.eval(JsErrors.PROMPT, code);
    }

    @Override
    public void close() {
        try {
            call(() -> {
                session.close();
                return null;
            });
        } catch (ReplException e) {
            // leaving anyway
        }
        engine.close();
    }
}
