package dev.tattler.script;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/** Turns polyglot errors into "file:line:col: message" lines a user can act on. */
final class Locations {
    private Locations() {
    }

    /** The script location of an error: where it was thrown, else the innermost script frame. */
    static String of(PolyglotException e) {
        SourceSection s = e.getSourceLocation();
        if (s == null || !s.isAvailable()) {
            for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
                if (f.isGuestFrame() && f.getSourceLocation() != null && f.getSourceLocation().isAvailable()) {
                    s = f.getSourceLocation();
                    break;
                }
            }
        }
        return format(s);
    }

    static String format(SourceSection s) {
        if (s == null || !s.isAvailable()) {
            return "<script>";
        }
        return name(s.getSource().getName()) + ":" + s.getStartLine() + ":" + s.getStartColumn();
    }

    /** A source's name as users see it: an imported module's "./lib/x.mjs" as "lib/x.mjs". */
    static String name(String sourceName) {
        return sourceName.startsWith("./") ? sourceName.substring(2) : sourceName;
    }

    /** The error's message without GraalJS's own location prefix, on one line. */
    static String message(PolyglotException e) {
        String m = e.getMessage();
        if (m == null) {
            m = e.isHostException() ? e.asHostException().toString() : "error";
        }
        if (e.isHostException() && e.asHostException().getMessage() != null) {
            m = e.asHostException().getMessage();
        }
        return oneLine(m);
    }

    /** The first line of a message. */
    static String oneLine(String m) {
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }
}
