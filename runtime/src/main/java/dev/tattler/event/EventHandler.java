package dev.tattler.event;

/**
 * Something subscribed to an event: a script function or a Java consumer such as a log writer.
 * Arguments beyond the event's own are null.
 */
public interface EventHandler {
    void handle(Object first, Object second);

    /** Where the handler was defined, for error messages (e.g. "count.js:3"). */
    String origin();
}
