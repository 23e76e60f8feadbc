package dev.tattler.repl;

import org.graalvm.polyglot.Value;

/**
 * A JavaScript condition typed after a command ({@code .packets p.dport == 138},
 * {@code .conns c.id.resp_p == 138}, {@code .save f.pcap p.sport == 770}), compiled once into a
 * function of the named argument and called per item. No condition accepts everything.
 */
final class JsFilter {
    private final Session session;
    private final Value function;

    private JsFilter(Session session, Value function) {
        this.session = session;
        this.function = function;
    }

    /** @param argument the name the condition uses for the item ("p", "c") */
    static JsFilter compile(Session session, String argument, String condition) throws ReplException {
        if (condition == null || condition.isBlank()) {
            return new JsFilter(session, null);
        }
        Value f = session.eval(JsErrors.PROMPT, "(function (" + argument + ") { return (" + condition + "\n); })");
        return new JsFilter(session, f);
    }

    boolean accepts(Object item) throws ReplException {
        if (function == null) {
            return true;
        }
        Value v = session.js(() -> function.execute(item));
        return !(v.isNull() || (v.isBoolean() && !v.asBoolean()) || (v.isNumber() && v.fitsInDouble() && v.asDouble() == 0)
                || (v.isString() && v.asString().isEmpty()));
    }

    boolean acceptsAll() {
        return function == null;
    }
}
