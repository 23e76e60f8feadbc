package dev.tattler.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Dispatches events to their handlers in priority order (higher first, as Zeek's
 * {@code &priority}; equal priorities in subscription order). Producers ask {@link #wants}
 * before building an event's objects, so an event nobody handles costs one array read.
 *
 * <p>A handler that fails never stops the loop: its exception goes to the
 * {@link FailureListener} and the next handler runs (as the LMAX Disruptor's processor does).
 */
public final class EventBus {
    /** Told of a handler that threw; decides what to report. */
    public interface FailureListener {
        void failed(EventType event, EventHandler handler, RuntimeException error);
    }

    private static final EventHandler[] NONE = new EventHandler[0];

    private final EventHandler[][] handlers = new EventHandler[EventType.values().length][];
    private final List<List<Entry>> entries = new ArrayList<>();
    private final long[] dispatched = new long[EventType.values().length];
    private final FailureListener failures;
    private int sequence;

    private static final class Entry {
        final EventHandler handler;
        final int priority;
        final int order;

        Entry(EventHandler handler, int priority, int order) {
            this.handler = handler;
            this.priority = priority;
            this.order = order;
        }
    }

    public EventBus(FailureListener failures) {
        this.failures = failures;
        Arrays.fill(handlers, NONE);
        for (int i = 0; i < handlers.length; i++) {
            entries.add(new ArrayList<>());
        }
    }

    public void subscribe(EventType event, EventHandler handler, int priority) {
        List<Entry> list = entries.get(event.ordinal());
        list.add(new Entry(handler, priority, sequence++));
        list.sort(Comparator.comparingInt((Entry e) -> -e.priority).thenComparingInt(e -> e.order));
        EventHandler[] array = new EventHandler[list.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = list.get(i).handler;
        }
        handlers[event.ordinal()] = array;
    }

    /** Removes a handler (e.g. one disabled after repeated failures). */
    public void unsubscribe(EventType event, EventHandler handler) {
        List<Entry> list = entries.get(event.ordinal());
        list.removeIf(e -> e.handler == handler);
        EventHandler[] array = new EventHandler[list.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = list.get(i).handler;
        }
        handlers[event.ordinal()] = array;
    }

    /** True when at least one handler is subscribed: build the event's objects only then. */
    public boolean wants(EventType event) {
        return handlers[event.ordinal()].length != 0;
    }

    public void publish(EventType event, Object first, Object second) {
        EventHandler[] list = handlers[event.ordinal()];
        dispatched[event.ordinal()]++;
        for (EventHandler h : list) {
            try {
                h.handle(first, second);
            } catch (RuntimeException e) {
                failures.failed(event, h, e);
            }
        }
    }

    /** How many times {@code event} was published (with at least the check done). */
    public long dispatched(EventType event) {
        return dispatched[event.ordinal()];
    }

    /** Events published so far, all types together (for stats.log and metrics). */
    public long dispatchedTotal() {
        long n = 0;
        for (long d : dispatched) {
            n += d;
        }
        return n;
    }
}
