package dev.tattler.repl;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/**
 * A JavaScript failure as one line: "TypeError: Cannot read property 'x' of undefined", with
 * the script location when the error comes from a loaded script rather than from what was
 * typed, "interrupted" for Ctrl-C.
 */
final class JsErrors {
    /** The source name of everything typed at the prompt. */
    static final String PROMPT = "<prompt>";

    private JsErrors() {
    }

    static String message(PolyglotException e) {
        if (e.isInterrupted() || e.isCancelled()) {
            return "interrupted";
        }
        String m = e.getMessage();
        if (e.isHostException() && e.asHostException().getMessage() != null) {
            m = e.asHostException().getMessage();
        }
        if (m == null) {
            m = e.isHostException() ? e.asHostException().toString() : "error";
        }
        m = m.lines().findFirst().orElse(m);
        if (e.isSyntaxError()) {
            // GraalJS says "<prompt>:1:4 Expected ..." : the location of typed input is noise
            m = m.replaceFirst("^" + java.util.regex.Pattern.quote(PROMPT) + ":\\d+:\\d+ ", "");
            return m.startsWith("SyntaxError") ? m : "SyntaxError: " + m;
        }
        SourceSection s = e.getSourceLocation();
        if (s != null && s.isAvailable() && !s.getSource().getName().equals(PROMPT)
                && !s.getSource().getName().startsWith("<")) {
            m += " (at " + s.getSource().getName() + ":" + s.getStartLine() + ")";
        }
        return m;
    }
}
