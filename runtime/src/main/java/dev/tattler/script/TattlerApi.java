package dev.tattler.script;

import dev.tattler.event.EventBus;
import dev.tattler.event.EventType;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

import java.util.List;

/**
 * The global {@code tattler} object scripts see. Only {@link HostAccess.Export} members are
 * visible from JavaScript.
 *
 * <pre>
 * tattler.on('udp_request', (c, p) =&gt; { ... }, { priority: 5 });
 * </pre>
 */
public final class TattlerApi {
    private final EventBus bus;

    TattlerApi(EventBus bus) {
        this.bus = bus;
    }

    /** Subscribes {@code handler} to {@code event} with priority 0. */
    @HostAccess.Export
    public void on(String event, Value handler) {
        on(event, handler, null);
    }

    /** Subscribes with options: {@code { priority: N }} (higher runs first, default 0). */
    @HostAccess.Export
    public void on(String event, Value handler, Value options) {
        EventType type = EventType.byName(event);
        if (type == null) {
            List<String> close = EventType.suggestions(event);
            throw new IllegalArgumentException("unknown event '" + event + "'"
                    + (close.isEmpty() ? " (run 'tattler events' for the list)"
                    : " (did you mean " + quoteAll(close) + "?)"));
        }
        if (handler == null || !handler.canExecute()) {
            throw new IllegalArgumentException("tattler.on('" + event + "', ...): the handler must be a function");
        }
        int priority = 0;
        if (options != null && !options.isNull()) {
            if (!options.hasMember("priority")) {
                throw new IllegalArgumentException("tattler.on('" + event + "', fn, options): options may only set 'priority'");
            }
            Value p = options.getMember("priority");
            if (!p.fitsInInt()) {
                throw new IllegalArgumentException("tattler.on('" + event + "', ...): priority must be an integer");
            }
            priority = p.asInt();
        }
        String origin = Locations.format(handler.getSourceLocation());
        bus.subscribe(type, new JsHandler(handler, type.args().size(), origin), priority);
    }

    private static String quoteAll(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append(i == names.size() - 1 ? " or " : ", ");
            }
            sb.append('\'').append(names.get(i)).append('\'');
        }
        return sb.toString();
    }
}
