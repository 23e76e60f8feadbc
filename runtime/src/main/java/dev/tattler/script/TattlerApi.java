package dev.tattler.script;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.conn.HostThreshold;
import dev.tattler.event.ConnInfo;
import dev.tattler.event.EventType;
import dev.tattler.event.LastPacket;
import dev.tattler.event.Times;
import dev.tattler.filter.FilterException;
import dev.tattler.filter.PacketFilter;
import dev.tattler.notice.Notice;
import dev.tattler.notice.Notices;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

import java.util.List;
import java.util.Set;

/**
 * The global {@code tattler} object scripts see (docs/scripting.md, tattler.d.ts). Only
 * {@link HostAccess.Export} members are visible from JavaScript. Every argument is checked
 * here, and a mistake is an exception at the script's call site that says which call and
 * which argument.
 *
 * <pre>
 * tattler.on('udp_request', (c, p) =&gt; { ... }, { priority: 5, filter: 'udp src port 770' });
 * tattler.notice({ note: 'Worm770::Burst', msg, src, identifier: src });
 * tattler.log.create('x', { fields: { ts: 'time' } }); tattler.log.write('x', { ts: tattler.now() });
 * const id = tattler.schedule(5, () =&gt; { ... }); tattler.cancel(id);
 * tattler.now(); tattler.isLocal('10.0.0.1'); tattler.lastSeen('10.0.0.1'); tattler.lastPacket(src, dst); tattler.config['worm770.window'];
 * </pre>
 */
public final class TattlerApi {
    private static final Set<String> NOTICE_KEYS = Set.of("note", "msg", "sub", "src", "dst", "p", "n", "proto",
            "conn", "identifier", "suppress_for", "advice");

    /** Options from {@code --set name=value}, typed and frozen (see {@link ScriptConfig}). */
    @HostAccess.Export
    public final Value config;

    /** {@code tattler.log.create} and {@code tattler.log.write}. */
    @HostAccess.Export
    public final ScriptLogs log;

    private final ScriptHost host;
    private final LocalAddresses local;

    TattlerApi(ScriptHost host, Value config, ScriptLogs log, LocalAddresses local) {
        this.host = host;
        this.config = config;
        this.log = log;
        this.local = local;
    }

    /** Subscribes {@code handler} to {@code event} with priority 0. */
    @HostAccess.Export
    public void on(String event, Value handler) {
        on(event, handler, null);
    }

    /**
     * Subscribes with options: {@code { priority: N, filter: 'udp src port 770', threshold: t }}.
     * The priority orders handlers (higher runs first, default 0); the filter, in tcpdump's
     * language, makes the handler run only for the packets it matches, and the threshold (from
     * {@link #threshold}) only for the packet of those that brings a host to its count (events
     * raised for a packet only). A bad filter is an error here, at load time, with the position
     * of the mistake.
     */
    @HostAccess.Export
    public void on(String event, Value handler, Value options) {
        EventType type = eventType(event);
        String call = "tattler.on('" + event + "', ...)";
        if (handler == null || !handler.canExecute()) {
            throw new IllegalArgumentException(call + ": the handler must be a function");
        }
        int priority = 0;
        PacketFilter filter = null;
        ScriptThreshold threshold = null;
        if (options != null && !options.isNull()) {
            if (!options.hasMembers() || options.canExecute() || options.hasArrayElements()) {
                throw new IllegalArgumentException(call + ": options must be an object { priority, filter, threshold }");
            }
            for (String key : options.getMemberKeys()) {
                if (!key.equals("priority") && !key.equals("filter") && !key.equals("threshold")) {
                    throw new IllegalArgumentException(call + ": unknown option '" + key
                            + "' (options may set 'priority', 'filter' and 'threshold')");
                }
            }
            Value p = options.getMember("priority");
            if (p != null && !p.isNull()) {
                if (!p.fitsInInt()) {
                    throw new IllegalArgumentException(call + ": priority must be an integer");
                }
                priority = p.asInt();
            }
            filter = filter(type, call, options.getMember("filter"), host);
            threshold = threshold(type, call, options.getMember("threshold"));
        }
        host.subscribe(type, handler, priority, filter, threshold == null ? null : threshold.counts());
    }

    /**
     * Unsubscribes {@code handler} (the same function given to {@code on}) from {@code event}:
     * every subscription of it to that event, whatever its options. True when there was one.
     * A script that needs a narrower filter later subscribes again with it.
     */
    @HostAccess.Export
    public boolean off(String event, Value handler) {
        EventType type = eventType(event);
        if (handler == null || !handler.canExecute()) {
            throw new IllegalArgumentException("tattler.off('" + event + "', ...): the handler must be a function");
        }
        return host.unsubscribe(type, handler) > 0;
    }

    private static EventType eventType(String event) {
        EventType type = EventType.byName(event);
        if (type == null) {
            List<String> close = EventType.suggestions(event);
            throw new IllegalArgumentException("unknown event '" + event + "'"
                    + (close.isEmpty() ? " (run 'tattler events' for the list)"
                    : " (did you mean " + quoteAll(close) + "?)"));
        }
        return type;
    }

    /** The {@code threshold} option, or null when there is none. */
    private static ScriptThreshold threshold(EventType type, String call, Value t) {
        if (t == null || t.isNull()) {
            return null;
        }
        if (!t.isHostObject() || !(t.asHostObject() instanceof ScriptThreshold)) {
            throw new IllegalArgumentException(call + ": threshold must be made by tattler.threshold({ count, within })");
        }
        if (!type.raisedForPacket()) {
            throw new IllegalArgumentException(call + ": '" + type.scriptName() + "' is not raised for a packet,"
                    + " so it takes no threshold");
        }
        return t.asHostObject();
    }

    /**
     * A count of packets per host in a sliding window, for handlers' {@code threshold} option:
     * {@code { count: 20, within: 120, by: 'src' }} calls a handler subscribed with it once per
     * host, on the packet that makes {@code count} packets (that its filter matched) from that
     * host within {@code within} seconds. {@code by} is 'src' (the default) or 'dst'.
     */
    @HostAccess.Export
    public ScriptThreshold threshold(Value options) {
        String call = "tattler.threshold({ count, within, by })";
        if (options == null || options.isNull() || !options.hasMembers() || options.canExecute()
                || options.hasArrayElements()) {
            throw new IllegalArgumentException(call + ": needs an object such as { count: 20, within: 120 }");
        }
        for (String key : options.getMemberKeys()) {
            if (!key.equals("count") && !key.equals("within") && !key.equals("by")) {
                throw new IllegalArgumentException(call + ": unknown option '" + key
                        + "' (options are 'count', 'within' and 'by')");
            }
        }
        Long count = JsValues.integer(options.getMember("count"), call + ": count", 1, HostThreshold.MAX_COUNT);
        Double within = JsValues.number(options.getMember("within"), call + ": within");
        String by = JsValues.string(options.getMember("by"), call + ": by");
        if (count == null) {
            throw new IllegalArgumentException(call + ": count is required");
        }
        if (within == null || within <= 0) {
            throw new IllegalArgumentException(call + ": within (seconds) is required and must be more than 0");
        }
        if (by != null && !by.equals("src") && !by.equals("dst")) {
            throw new IllegalArgumentException(call + ": by must be 'src' or 'dst', not '" + by + "'");
        }
        boolean bySource = by == null || by.equals("src");
        HostThreshold counts = new HostThreshold(count.intValue(), Math.max(1, Math.round(within * 1e9)), bySource);
        return host.keep(new ScriptThreshold(counts, "threshold " + count + " packets within " + within + " s by "
                + (bySource ? "src" : "dst")));
    }

    /** The compiled {@code filter} option, or null when there is none. */
    private static PacketFilter filter(EventType type, String call, Value text, ScriptHost host) {
        if (text == null || text.isNull()) {
            return null;
        }
        if (!text.isString()) {
            throw new IllegalArgumentException(call + ": filter must be a string such as 'udp port 53'");
        }
        if (!type.raisedForPacket()) {
            throw new IllegalArgumentException(call + ": '" + type.scriptName() + "' is not raised for a packet,"
                    + " so it takes no filter");
        }
        String source = text.asString();
        try {
            return host.filter(source);
        } catch (FilterException e) {
            throw new IllegalArgumentException(call + ": filter '" + source + "': " + e.getMessage());
        }
    }

    /**
     * Asks for frames (by {@code p.number}) to be saved, after the run, into {@code file} in the
     * log directory: a pcap of the evidence behind a finding.
     */
    @HostAccess.Export
    public void evidence(Value file, Value numbers) {
        String name = JsValues.string(file, "tattler.evidence: file");
        if (numbers == null || !numbers.hasArrayElements()) {
            throw new IllegalArgumentException("tattler.evidence(file, numbers): numbers must be an array of p.number values");
        }
        long[] frames = new long[(int) Math.min(numbers.getArraySize(), Integer.MAX_VALUE)];
        for (int i = 0; i < frames.length; i++) {
            Long n = JsValues.integer(numbers.getArrayElement(i), "tattler.evidence: frame number", 1, Long.MAX_VALUE);
            if (n == null) {
                throw new IllegalArgumentException("tattler.evidence: frame numbers must be numbers (p.number)");
            }
            frames[i] = n;
        }
        host.engine("tattler.evidence").evidence().request(name, frames);
    }

    /**
     * Raises a notice: writes notice.log and raises the {@code notice} event, unless the same
     * note and identifier were logged within {@code suppress_for} seconds. True when logged.
     */
    @HostAccess.Export
    public boolean notice(Value spec) {
        Notices notices = host.engine("tattler.notice").notices();
        if (spec == null || !spec.hasMembers() || spec.canExecute() || spec.hasArrayElements()) {
            throw new IllegalArgumentException("tattler.notice(notice): notice must be an object { note, msg, ... }");
        }
        for (String key : spec.getMemberKeys()) {
            if (!NOTICE_KEYS.contains(key)) {
                throw new IllegalArgumentException("tattler.notice: unknown field '" + key + "' (fields: note, msg, sub,"
                        + " src, dst, p, n, proto, conn, identifier, suppress_for, advice)");
            }
        }
        String note = JsValues.string(spec.getMember("note"), "tattler.notice: note");
        if (note == null) {
            throw new IllegalArgumentException("tattler.notice: note is required, e.g. note: 'Worm770::Burst'");
        }
        Notice.Builder b;
        try {
            b = Notice.builder(note)
                    .msg(text(spec, "msg"))
                    .sub(text(spec, "sub"))
                    .src(JsValues.string(spec.getMember("src"), "tattler.notice: src"))
                    .dst(JsValues.string(spec.getMember("dst"), "tattler.notice: dst"))
                    .identifier(text(spec, "identifier"))
                    .advice(text(spec, "advice"))
                    .suppressFor(JsValues.number(spec.getMember("suppress_for"), "tattler.notice: suppress_for"));
            Value conn = spec.getMember("conn");
            if (!JsValues.absent(conn)) {
                if (!conn.isHostObject() || !(conn.asHostObject() instanceof ConnInfo)) {
                    throw new IllegalArgumentException("conn must be a connection from an event (such as c in"
                            + " udp_request), not " + JsValues.describe(conn));
                }
                b.conn((ConnInfo) conn.asHostObject());
            }
            String proto = JsValues.string(spec.getMember("proto"), "tattler.notice: proto");
            if (proto != null) {
                b.proto(proto);
            }
            Long p = JsValues.integer(spec.getMember("p"), "tattler.notice: p", 0, 65535);
            b.port(p == null ? null : p.intValue());
            b.n(JsValues.integer(spec.getMember("n"), "tattler.notice: n", 0, Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(m.startsWith("tattler.notice") ? m : "tattler.notice: " + m);
        }
        return notices.raise(b.build());
    }

    /** Strings, and numbers or booleans as JavaScript prints them (an identifier is often a number). */
    private static String text(Value spec, String key) {
        Value v = spec.getMember(key);
        if (!JsValues.absent(v) && (v.isNumber() || v.isBoolean())) {
            return v.toString();
        }
        return JsValues.string(v, "tattler.notice: " + key);
    }

    /**
     * Calls {@code fn} after {@code seconds} of network time; returns the timer's id for
     * {@link #cancel}, or 0 when it will not run (the run is ending, or that function's timers
     * were disabled).
     */
    @HostAccess.Export
    public long schedule(Value seconds, Value fn) {
        return host.timers("tattler.schedule").schedule(seconds, fn);
    }

    /** Cancels a timer from {@link #schedule}; false if it already ran or was cancelled. */
    @HostAccess.Export
    public boolean cancel(Value id) {
        return host.timers("tattler.cancel").cancel(id);
    }

    /** Network time in seconds since the epoch (the latest packet's time; 0 before the first packet). */
    @HostAccess.Export
    public double now() {
        return Times.seconds(host.engine("tattler.now").networkTime());
    }

    /**
     * When {@code address} last sent a packet: the network time (seconds since the epoch) of the
     * latest packet whose IP source was that address, or null if it has sent none. The engine
     * keeps this for every host, so scripts need no {@code raw_packet} handler to follow hosts.
     */
    @HostAccess.Export
    public Double lastSeen(Value address) {
        String a = JsValues.string(address, "tattler.lastSeen(address): address");
        if (a == null) {
            throw new IllegalArgumentException("tattler.lastSeen(address): address must be a string, not null");
        }
        return host.engine("tattler.lastSeen").lastSeen(a);
    }

    /**
     * The last packet {@code src} sent to {@code dst} before the one being handled: its time,
     * frame number, protocol and ports, or null if there was none in the last five minutes. The
     * engine keeps this for every pair of hosts, so a script can filter its handler down to the
     * packets it looks for and still ask what came just before them.
     */
    @HostAccess.Export
    public LastPacket lastPacket(Value src, Value dst) {
        return lastPacket(src, dst, null);
    }

    /** As {@link #lastPacket(Value, Value)}, the last of one protocol: 'udp', 'tcp', 'icmp', 'icmp6' or 'ip'. */
    @HostAccess.Export
    public LastPacket lastPacket(Value src, Value dst, Value proto) {
        String s = JsValues.string(src, "tattler.lastPacket(src, dst): src");
        String d = JsValues.string(dst, "tattler.lastPacket(src, dst): dst");
        if (s == null || d == null) {
            throw new IllegalArgumentException("tattler.lastPacket(src, dst): addresses must be strings, not null");
        }
        String p = proto == null || proto.isNull() ? null : JsValues.string(proto, "tattler.lastPacket(src, dst, proto): proto");
        try {
            return host.engine("tattler.lastPacket").lastPacket(s, d, p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tattler.lastPacket: " + e.getMessage());
        }
    }

    /** True when {@code address} (IPv4 or IPv6 text) is in the local networks. */
    @HostAccess.Export
    public boolean isLocal(Value address) {
        String a = JsValues.string(address, "tattler.isLocal(address): address");
        if (a == null) {
            throw new IllegalArgumentException("tattler.isLocal(address): address must be a string, not null");
        }
        try {
            return local.isLocal(a);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tattler.isLocal: " + e.getMessage());
        }
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
