package dev.tattler.repl;

import dev.tattler.event.EventBus;
import dev.tattler.event.EventHandler;
import dev.tattler.event.EventType;
import org.graalvm.polyglot.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Watches ({@code .watch EVENT [JS expression]}) and breakpoints ({@code .break EVENT [JS
 * condition]}): Java handlers on the event bus that evaluate the user's expression with the
 * event's arguments under their catalogue names ({@code c}, {@code p}, {@code n}, ...).
 *
 * <ul>
 *   <li>A watch prints a line per event: the expression's value, or a brief description of the
 *       arguments when there is no expression or it is {@code true}; {@code false}, {@code null}
 *       and {@code undefined} print nothing, so an expression is also a filter.</li>
 *   <li>A breakpoint pauses the replay after the packet on which its condition is truthy.</li>
 * </ul>
 *
 * Both survive {@code .reset} and {@code .open}: they are kept as text and compiled again in
 * each new context. An expression that throws is removed at once with one error line, rather
 * than printing the same error for every packet.
 */
final class Probes {
    /** One watch or breakpoint. */
    final class Probe implements EventHandler {
        final int id;
        final boolean breakpoint;
        final EventType event;
        final String expression;
        private Value function;
        private EventBus bus;

        Probe(int id, boolean breakpoint, EventType event, String expression) {
            this.id = id;
            this.breakpoint = breakpoint;
            this.event = event;
            this.expression = expression;
        }

        private void compile(Investigation inv) throws ReplException {
            bus = inv.engine.bus();
            if (expression != null) {
                StringJoiner params = new StringJoiner(", ");
                for (EventType.Arg a : event.args()) {
                    params.add(a.name);
                }
                function = session.eval(JsErrors.PROMPT, "(function (" + params + ") { return (" + expression + "\n); })");
            }
            bus.subscribe(event, this, Integer.MIN_VALUE + 2); // after the scripts' handlers: they see the event first
        }

        @Override
        public void handle(Object first, Object second) {
            String text;
            try {
                text = evaluate(first, second);
            } catch (ReplException e) {
                remove(this);
                session.console.error(describe() + " removed: " + e.getMessage());
                return;
            }
            if (text == null) {
                return;
            }
            String where = "#" + session.history().last();
            if (breakpoint) {
                session.pause("break " + id + " (" + event.scriptName() + ") at packet " + where + ": " + text);
            } else {
                session.console.println("[" + event.scriptName() + " " + where + "] " + text);
            }
        }

        /** The line to print, or null when the expression says "not this one". */
        private String evaluate(Object first, Object second) throws ReplException {
            if (function == null) {
                return Brief.of(first, second);
            }
            Value v = session.js(() -> event.args().size() == 0 ? function.execute()
                    : event.args().size() == 1 ? function.execute(first) : function.execute(first, second));
            if (v.isNull() || (v.isBoolean() && !v.asBoolean())) {
                return null;
            }
            if (v.isBoolean() || breakpoint) {
                return breakpoint && !truthy(v) ? null : Brief.of(first, second);
            }
            return v.isString() ? v.asString() : ValueFormatter.inline(v);
        }

        @Override
        public String origin() {
            return describe();
        }

        String describe() {
            return (breakpoint ? "break " : "watch ") + id + " " + event.scriptName()
                    + (expression == null ? "" : " " + expression);
        }
    }

    private final Session session;
    private final List<Probe> probes = new ArrayList<>();
    private int nextId = 1;

    Probes(Session session) {
        this.session = session;
    }

    /** Adds and arms a watch or breakpoint on the current replay. */
    Probe add(boolean breakpoint, EventType event, String expression) throws ReplException {
        Probe p = new Probe(nextId, breakpoint, event, expression == null || expression.isBlank() ? null : expression);
        p.compile(session.investigation());
        nextId++;
        probes.add(p);
        return p;
    }

    /** Arms every probe again in a new replay's context. */
    void install(Investigation inv) {
        for (Probe p : new ArrayList<>(probes)) {
            try {
                p.compile(inv);
            } catch (ReplException e) {
                probes.remove(p);
                session.console.error(p.describe() + " removed: " + e.getMessage());
            }
        }
    }

    /** The watches (or breakpoints). */
    List<Probe> list(boolean breakpoints) {
        List<Probe> out = new ArrayList<>();
        for (Probe p : probes) {
            if (p.breakpoint == breakpoints) {
                out.add(p);
            }
        }
        return out;
    }

    void remove(Probe p) {
        probes.remove(p);
        if (p.bus != null) {
            p.bus.unsubscribe(p.event, p);
        }
    }

    private static boolean truthy(Value v) {
        if (v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber() && v.fitsInDouble()) {
            double d = v.asDouble();
            return d != 0 && !Double.isNaN(d);
        }
        if (v.isString()) {
            return !v.asString().isEmpty();
        }
        return true;
    }
}
