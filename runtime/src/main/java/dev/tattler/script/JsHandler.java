package dev.tattler.script;

import dev.tattler.event.EventHandler;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * A script function subscribed to an event. Calls it with the event's arguments; a JavaScript
 * exception comes back as a {@link HandlerException} carrying "file:line:col: message".
 */
final class JsHandler implements EventHandler {
    private final Value function;
    private final int argc;
    private final String origin;

    JsHandler(Value function, int argc, String origin) {
        this.function = function;
        this.argc = argc;
        this.origin = origin;
    }

    @Override
    public void handle(Object first, Object second) {
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
        } catch (PolyglotException e) {
            if (e.isCancelled() || e.isExit()) {
                throw e;
            }
            throw new HandlerException(Locations.of(e) + ": " + Locations.message(e));
        }
    }

    @Override
    public String origin() {
        return origin;
    }
}
