package dev.tattler.notice;

import dev.tattler.event.EventBus;
import dev.tattler.event.EventType;
import dev.tattler.event.NoticeInfo;
import dev.tattler.event.Times;
import dev.tattler.log.LogManager;
import dev.tattler.log.LogSchema;
import dev.tattler.log.LogWriter;
import dev.tattler.log.TimeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The notice framework: the one place a notice is raised, by scripts ({@code tattler.notice})
 * and by Java analyzers alike. It applies Zeek's suppression, writes notice.log and raises the
 * {@code notice} event, in that order:
 *
 * <pre>
 *  raise(notice) ─ same (note, identifier) logged less than suppress_for ago? ─yes─> counted, false
 *                  └─no─> notice.log row ─> notice event ─> suppression window starts ─> true
 * </pre>
 *
 * <p>Suppression follows Zeek's {@code Notice::is_being_suppressed}: only notices with an
 * identifier are ever suppressed; the window is {@code suppress_for} seconds of network time
 * (default {@value #DEFAULT_SUPPRESSION_SECONDS}, Zeek's {@code default_suppression_interval})
 * from the notice that opened it, and repeats inside it do not extend it. notice.log is opened
 * on the first notice, as Zeek creates a log on its first write. Engine thread only.
 */
public final class Notices {
    /** Zeek's notice.log columns that apply to Tattler, in Zeek's order, and {@code advice} at the end. */
    public static final LogSchema SCHEMA = LogSchema.of("notice",
            "ts", "time", "uid", "string",
            "id.orig_h", "addr", "id.orig_p", "port", "id.resp_h", "addr", "id.resp_p", "port",
            "proto", "enum", "note", "enum", "msg", "string", "sub", "string",
            "src", "addr", "dst", "addr", "p", "port", "n", "count",
            "peer_descr", "string", "actions", "set[enum]", "suppress_for", "interval",
            "advice", "string");

    /** Zeek's {@code Notice::default_suppression_interval}: one hour. */
    public static final double DEFAULT_SUPPRESSION_SECONDS = 3600;

    /** Nesting limit for notices raised from {@code notice} handlers, so two handlers cannot recurse forever. */
    private static final int MAX_DEPTH = 8;
    private static final List<String> ACTIONS = List.of("Notice::ACTION_LOG");

    private final LogManager logs;
    private final EventBus bus;
    private final LongSupplier networkTime;
    private final Map<String, Long> suppressedUntil = new HashMap<>();
    private final Map<String, Long> suppressedByNote = new TreeMap<>();
    private LogWriter writer;
    private long logged;
    private long suppressed;
    private int depth;
    private int sweepAt = 1024;

    /**
     * @param logs        where notice.log goes
     * @param bus         for the {@code notice} event
     * @param networkTime network time in nanoseconds (the engine's)
     */
    public Notices(LogManager logs, EventBus bus, LongSupplier networkTime) {
        this.logs = logs;
        this.bus = bus;
        this.networkTime = networkTime;
    }

    /** Raises a notice: true when it was logged, false when it was suppressed as a repeat. */
    public boolean raise(Notice notice) {
        long now = networkTime.getAsLong();
        String key = notice.identifier == null ? null : notice.note + '\u0000' + notice.identifier;
        if (key != null) {
            Long until = suppressedUntil.get(key);
            if (until != null && now < until) {
                suppressed++;
                suppressedByNote.merge(notice.note, 1L, Long::sum);
                return false;
            }
        }
        if (depth >= MAX_DEPTH) {
            throw new IllegalStateException("notice " + notice.note + " raised from notice handlers nested "
                    + MAX_DEPTH + " deep; a notice handler keeps raising notices");
        }
        double suppressFor = notice.suppressFor != null ? notice.suppressFor : DEFAULT_SUPPRESSION_SECONDS;
        write(now, notice, suppressFor);
        logged++;
        if (key != null) {
            if (suppressFor > 0) {
                sweep(now);
                suppressedUntil.put(key, now + Math.round(suppressFor * 1e9));
            } else {
                suppressedUntil.remove(key);
            }
        }
        if (bus.wants(EventType.NOTICE)) {
            NoticeInfo info = new NoticeInfo(Times.seconds(now), notice.uid, notice.id, notice.proto, notice.note,
                    notice.msg, notice.sub, notice.src, notice.dst, notice.p, notice.n, notice.identifier,
                    suppressFor, notice.advice);
            depth++;
            try {
                bus.publish(EventType.NOTICE, info, null);
            } finally {
                depth--;
            }
        }
        return true;
    }

    private void write(long now, Notice n, double suppressFor) {
        try {
            if (writer == null) {
                writer = logs.open(SCHEMA);
            }
            writer.write(TimeValue.ofNanos(now), n.uid,
                    n.id == null ? null : n.id.orig_h, n.id == null ? null : n.id.orig_p,
                    n.id == null ? null : n.id.resp_h, n.id == null ? null : n.id.resp_p,
                    n.proto, n.note, n.msg, n.sub, n.src, n.dst, n.p, n.n,
                    null, ACTIONS, suppressFor, n.advice);
        } catch (IOException e) {
            throw new UncheckedIOException("notice.log: " + e.getMessage(), e);
        }
    }

    /** Drops expired suppression entries once the table has doubled, so it stays bounded by live windows. */
    private void sweep(long now) {
        if (suppressedUntil.size() < sweepAt) {
            return;
        }
        for (Iterator<Long> it = suppressedUntil.values().iterator(); it.hasNext(); ) {
            if (it.next() <= now) {
                it.remove();
            }
        }
        sweepAt = Math.max(1024, suppressedUntil.size() * 2);
    }

    /** Notices written to notice.log. */
    public long logged() {
        return logged;
    }

    /** Notices not written because the same one was logged within its suppression window. */
    public long suppressed() {
        return suppressed;
    }

    /** Suppressed notices by note, sorted by note: for an end-of-run summary. */
    public Map<String, Long> suppressedByNote() {
        return Map.copyOf(suppressedByNote);
    }

    /** One line for the end of a run, e.g. "12 notices suppressed as repeats (Worm770::Burst 12)"; null if none. */
    public String suppressionSummary() {
        if (suppressed == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder().append(suppressed).append(suppressed == 1 ? " notice" : " notices")
                .append(" suppressed as repeats (");
        boolean first = true;
        for (Map.Entry<String, Long> e : suppressedByNote.entrySet()) {
            sb.append(first ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
            first = false;
        }
        return sb.append(')').toString();
    }
}
