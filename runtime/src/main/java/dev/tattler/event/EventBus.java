package dev.tattler.event;

import dev.tattler.decode.PacketView;
import dev.tattler.filter.PacketFilter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dispatches events to their handlers in priority order (higher first, as Zeek's
 * {@code &priority}; equal priorities in subscription order). Producers ask {@link #wants}
 * before building an event's objects, so an event nobody handles costs one array read.
 *
 * <p>A handler may have a {@link PacketFilter}: it then runs only when the packet the engine
 * declared with {@link #packet} matches, and {@link #wants} is false when no handler's filter
 * matches, so a filtered-out packet costs a few field reads and no event objects. Each filter
 * text is compiled once and evaluated at most once per packet, whatever the number of its
 * handlers and events.
 *
 * <p>A filtered handler may also have a {@link Gate}, a condition with state (a count
 * threshold) tested after the filter, on the packets it matched: the handler runs only when
 * both pass. A gate is asked at most once per packet, however many handlers share it.
 *
 * <p>A handler that fails never stops the loop: its exception goes to the
 * {@link FailureListener} and the next handler runs (as the LMAX Disruptor's processor does).
 */
public final class EventBus {
    /** Told of a handler that threw; decides what to report. */
    public interface FailureListener {
        void failed(EventType event, EventHandler handler, RuntimeException error);
    }

    /**
     * A condition with state, asked about the packets a handler's filter matched (or every packet
     * the handler's events are raised for, without a filter): it may count them, so it is asked
     * once per packet, and the bus remembers its answer for the rest of that packet's events.
     */
    public interface Gate {
        boolean pass(PacketView v);
    }

    private static final EventHandler[] NONE = new EventHandler[0];
    private static final Filter[] UNFILTERED = new Filter[0];
    /** {@link #wanted} values: no handler, at least one unfiltered handler, only filtered handlers. */
    private static final byte NOBODY = 0;
    private static final byte EVERY_PACKET = 1;
    private static final byte FILTERED = 2;

    private final EventHandler[][] handlers = new EventHandler[EventType.values().length][];
    /** Per event, parallel to {@link #handlers}: each handler's filter, or null (or an empty array: none has one). */
    private final Filter[][] filters = new Filter[EventType.values().length][];
    private final byte[] wanted = new byte[EventType.values().length];
    private final Map<String, Filter> filtersByText = new HashMap<>();
    /** Filters with a gate, by filter text (empty: none) and gate: a gate's count is its own. */
    private final Map<GatedKey, Filter> gated = new HashMap<>();
    /** Each gate's answer for the current packet, whatever filters it is used with. */
    private final Map<Gate, GateAnswer> answers = new IdentityHashMap<>();
    /** The packet events are being raised for, or null (timers, end of input). */
    private PacketView packet;
    /** Counts {@link #packet} calls: a filter's cached result is for one generation. */
    private long generation;
    private final List<List<Entry>> entries = new ArrayList<>();
    private final long[] dispatched = new long[EventType.values().length];
    private final FailureListener failures;
    private int sequence;

    private static final class Entry {
        final EventHandler handler;
        final int priority;
        final int order;
        final Filter filter;

        Entry(EventHandler handler, int priority, int order, Filter filter) {
            this.handler = handler;
            this.priority = priority;
            this.order = order;
            this.filter = filter;
        }
    }

    /**
     * One compiled filter (null: every packet) and gate (null: none), shared by every handler
     * subscribed with both, and its result for the current packet.
     */
    private static final class Filter {
        final PacketFilter compiled;
        final GateAnswer gate;
        long generation = -1;
        boolean result;

        Filter(PacketFilter compiled, GateAnswer gate) {
            this.compiled = compiled;
            this.gate = gate;
        }

        boolean matches(PacketView v, long now) {
            if (v == null) {
                return false;
            }
            if (generation != now) {
                result = (compiled == null || compiled.matches(v)) && (gate == null || gate.pass(v, now));
                generation = now;
            }
            return result;
        }
    }

    /** A gate's answer for the current packet, shared by every filter it is used with. */
    private static final class GateAnswer {
        final Gate gate;
        long generation = -1;
        boolean result;

        GateAnswer(Gate gate) {
            this.gate = gate;
        }

        boolean pass(PacketView v, long now) {
            if (generation != now) {
                result = gate.pass(v);
                generation = now;
            }
            return result;
        }
    }

    private record GatedKey(String filter, Gate gate) {
    }

    public EventBus(FailureListener failures) {
        this.failures = failures;
        Arrays.fill(handlers, NONE);
        Arrays.fill(filters, UNFILTERED);
        for (int i = 0; i < handlers.length; i++) {
            entries.add(new ArrayList<>());
        }
    }

    public void subscribe(EventType event, EventHandler handler, int priority) {
        subscribe(event, handler, priority, null);
    }

    /**
     * The compiled filter for {@code text}: compiled on first use, then shared by every handler
     * subscribed with it. {@link dev.tattler.filter.FilterException} when it does not compile.
     */
    public PacketFilter filter(String text) {
        return filtersByText.computeIfAbsent(text, t -> new Filter(PacketFilter.compile(t), null)).compiled;
    }

    /**
     * Subscribes a handler that runs only for packets {@code filter} matches (null: every time).
     * IllegalArgumentException when the event is not raised for a packet ({@link EventType#raisedForPacket}).
     */
    public void subscribe(EventType event, EventHandler handler, int priority, PacketFilter filter) {
        subscribe(event, handler, priority, filter, null);
    }

    /**
     * Subscribes a handler that runs only for packets {@code filter} matches (null: every packet)
     * and {@code gate} then passes (null: no gate; with neither, every time).
     * IllegalArgumentException when the event is not raised for a packet ({@link EventType#raisedForPacket}).
     */
    public void subscribe(EventType event, EventHandler handler, int priority, PacketFilter filter, Gate gate) {
        if ((filter != null || gate != null) && !event.raisedForPacket()) {
            throw new IllegalArgumentException("'" + event.scriptName() + "' is not raised for a packet, so it takes"
                    + " no " + (filter != null ? "filter" : "threshold"));
        }
        Filter shared;
        if (gate != null) {
            GateAnswer answer = answers.computeIfAbsent(gate, GateAnswer::new);
            shared = gated.computeIfAbsent(new GatedKey(filter == null ? "" : filter.text(), gate),
                    k -> new Filter(filter, answer));
        } else {
            shared = filter == null ? null : filtersByText.computeIfAbsent(filter.text(), t -> new Filter(filter, null));
        }
        List<Entry> list = entries.get(event.ordinal());
        list.add(new Entry(handler, priority, sequence++, shared));
        list.sort(Comparator.comparingInt((Entry e) -> -e.priority).thenComparingInt(e -> e.order));
        rebuild(event);
    }

    /** Removes a handler (e.g. one disabled after repeated failures). */
    public void unsubscribe(EventType event, EventHandler handler) {
        entries.get(event.ordinal()).removeIf(e -> e.handler == handler);
        rebuild(event);
        forgetUnused();
    }

    /**
     * Drops the compiled filters and gates no handler uses any more, so that a script that
     * subscribes again and again with new filters (narrowing them as it learns) does not grow
     * the caches for the rest of the run. A gate's answer for the current packet stays.
     */
    private void forgetUnused() {
        Set<Filter> used = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Gate> usedGates = Collections.newSetFromMap(new IdentityHashMap<>());
        for (List<Entry> list : entries) {
            for (Entry e : list) {
                if (e.filter != null) {
                    used.add(e.filter);
                    if (e.filter.gate != null) {
                        usedGates.add(e.filter.gate.gate);
                    }
                }
            }
        }
        filtersByText.values().removeIf(f -> !used.contains(f));
        gated.values().removeIf(f -> !used.contains(f));
        // A gate that answered for this packet keeps its answer until the next one: a handler
        // may subscribe again with it while the packet's events are still being raised, and a
        // gate asked twice for one packet (a threshold) would count it twice.
        answers.values().removeIf(a -> !usedGates.contains(a.gate) && a.generation != generation);
    }

    /** Compiled filters and gated filters kept now (for tests of {@link #forgetUnused}). */
    int cachedFilters() {
        return filtersByText.size() + gated.size();
    }

    /** Recomputes the arrays the hot path reads from the sorted entries. */
    private void rebuild(EventType event) {
        List<Entry> list = entries.get(event.ordinal());
        EventHandler[] array = new EventHandler[list.size()];
        Filter[] filterArray = new Filter[list.size()];
        boolean anyFiltered = false;
        boolean anyUnfiltered = false;
        for (int i = 0; i < array.length; i++) {
            array[i] = list.get(i).handler;
            filterArray[i] = list.get(i).filter;
            anyFiltered |= filterArray[i] != null;
            anyUnfiltered |= filterArray[i] == null;
        }
        int o = event.ordinal();
        filters[o] = anyFiltered ? filterArray : UNFILTERED;
        handlers[o] = array;
        wanted[o] = anyUnfiltered ? EVERY_PACKET : anyFiltered ? FILTERED : NOBODY;
    }

    /**
     * Declares the packet the next events are raised for ({@code null}: none, as for timers), so
     * that filtered handlers are matched against it. Call it again when the same view holds a
     * new packet, or more of one (decoding under way): results cached for the last call are dropped.
     */
    public void packet(PacketView v) {
        packet = v;
        generation++;
    }

    /** The packet declared by {@link #packet}, or null. */
    public PacketView packet() {
        return packet;
    }

    /** True when any handler is subscribed to {@code event}, whatever its filter. */
    public boolean subscribed(EventType event) {
        return wanted[event.ordinal()] != NOBODY;
    }

    /**
     * True when at least one handler would run: one without a filter, or one whose filter matches
     * the current {@link #packet}. Build the event's objects only then.
     */
    public boolean wants(EventType event) {
        byte w = wanted[event.ordinal()];
        return w == EVERY_PACKET || (w == FILTERED && anyFilterMatches(event.ordinal()));
    }

    private boolean anyFilterMatches(int event) {
        for (Filter f : filters[event]) {
            if (f.matches(packet, generation)) {
                return true;
            }
        }
        return false;
    }

    public void publish(EventType event, Object first, Object second) {
        EventHandler[] list = handlers[event.ordinal()];
        Filter[] only = filters[event.ordinal()];
        dispatched[event.ordinal()]++;
        for (int i = 0; i < list.length; i++) {
            EventHandler h = list[i];
            if (only.length != 0 && only[i] != null && !only[i].matches(packet, generation)) {
                continue;
            }
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
