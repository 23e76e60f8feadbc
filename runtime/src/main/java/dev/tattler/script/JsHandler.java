package dev.tattler.script;

import dev.tattler.event.EventBus;
import dev.tattler.event.EventHandler;
import dev.tattler.event.EventType;
import org.graalvm.polyglot.Value;

/**
 * A script function subscribed to an event. Calls it with the event's arguments under the
 * {@link Watchdog}; a failure (exception or timeout) goes to the {@link Guard}, which reports
 * it with the script location and may unsubscribe the handler. Nothing is thrown back to the
 * {@link EventBus}: script failures are the script host's to report, the bus's
 * FailureListener sees only Java handlers.
 */
final class JsHandler extends Guard.Site implements EventHandler {
    private final Value function;
    private final int argc;
    private final EventType type;
    private final EventBus bus;
    private final Watchdog watchdog;
    private final Guard guard;
    private final long budgetNanos;

    JsHandler(Value function, EventType type, String origin, EventBus bus, Watchdog watchdog, Guard guard,
              long budgetNanos) {
        super("handler for '" + type.scriptName() + "'", origin);
        this.function = function;
        this.argc = type.args().size();
        this.type = type;
        this.bus = bus;
        this.watchdog = watchdog;
        this.guard = guard;
        this.budgetNanos = budgetNanos;
    }

    @Override
    public void handle(Object first, Object second) {
        if (disabled) {
            return;
        }
        watchdog.enter(budgetNanos);
        try {
            switch (argc) {
                case 0:
                    function.executeVoid();
                    break;
                case 1:
                    function.executeVoid(first);
                    break;
                default:
                    function.executeVoid(first, second);
                    break;
            }
        } catch (RuntimeException e) {
            guard.failed(this, e);
        } finally {
            watchdog.exit();
        }
    }

    /** True when this handler calls {@code f} (the same JavaScript function object). */
    boolean calls(Value f) {
        return function.equals(f);
    }

    @Override
    void disable() {
        bus.unsubscribe(type, this);
    }

    @Override
    public String origin() {
        return origin;
    }
}
