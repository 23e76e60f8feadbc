package dev.tattler.script;

import org.graalvm.polyglot.Engine;

/**
 * The shared GraalVM engine for every script context, and the answer to "is JavaScript
 * JIT-compiled here?". On a stock JDK the Truffle runtime falls back to the interpreter
 * unless the launcher put the Graal compiler on the upgrade module path (see DESIGN.md); that
 * costs about 10x per handler call, so {@link #optimized()} is shown by `tattler --version`
 * and warned about once per run.
 */
public final class JsRuntime implements AutoCloseable {
    private final Engine engine;

    public JsRuntime() {
        engine = Engine.newBuilder("js")
                .option("engine.WarnInterpreterOnly", "false") // we say it ourselves, once
                .build();
    }

    public Engine engine() {
        return engine;
    }

    /** True when JavaScript is compiled by Graal; false for the interpreter-only fallback. */
    public boolean optimized() {
        return !engine.getImplementationName().toLowerCase(java.util.Locale.ROOT).contains("interpreted");
    }

    /** "optimized" or "interpreter", as `tattler --version` prints it. */
    public String mode() {
        return optimized() ? "optimized" : "interpreter";
    }

    /**
     * True when the launcher chose the interpreter on purpose, for a run too short for the JIT's
     * compilations to pay back (the demo): then running interpreted is no fault to warn about.
     */
    public static boolean interpreterChosen() {
        return "short-run".equals(System.getProperty("tattler.jit"));
    }

    /** The warning for the interpreter-only case, with the fix. */
    public static String interpreterWarning() {
        String hint = System.getProperty("tattler.jit.hint",
                "start tattler with ./tattler, which enables the Graal JIT on a JDK 25");
        return "JavaScript runs interpreter-only, handlers about 10x slower: " + hint
                + " (see docs/getting-started.md)";
    }

    @Override
    public void close() {
        engine.close();
    }
}
