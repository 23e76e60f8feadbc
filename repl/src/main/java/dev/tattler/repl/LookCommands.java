package dev.tattler.repl;

import dev.tattler.capture.PacketRecord;
import dev.tattler.event.ConnInfo;
import dev.tattler.event.EventType;
import dev.tattler.event.NoticeInfo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Looking at what was replayed: {@code .packets}, {@code .show}, {@code .hex}, {@code .conns},
 * {@code .hosts}, {@code .notices}, {@code .weirds}, {@code .stats}. Listings stop after
 * {@link #LIMIT} lines with a count of the rest; every scan stops on Ctrl-C.
 */
final class LookCommands {
    static final int LIMIT = 1000;

    /** Sees one frame of a scan; false stops it. */
    interface Visit {
        boolean visit(PacketRecord r) throws ReplException;
    }

    private LookCommands() {
    }

    /**
     * Visits the replayed packets in order; false when Ctrl-C stopped the scan. The packets are
     * read again from the history, so a scan costs time, not memory.
     */
    static boolean scan(Session s, Visit visit) throws ReplException {
        PacketHistory h = s.history();
        ReplException[] failed = new ReplException[1];
        boolean[] interrupted = new boolean[1];
        try {
            h.scan(h.first(), h.last(), r -> {
                if (s.stopRequested()) {
                    interrupted[0] = true;
                    return false;
                }
                try {
                    return visit.visit(r);
                } catch (ReplException e) {
                    failed[0] = e;
                    return false;
                }
            });
        } catch (IOException e) {
            throw new ReplException("cannot read the capture again: " + e.getMessage());
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        return !interrupted[0];
    }

    static void packets(Session s, String args) throws ReplException {
        JsFilter filter = JsFilter.compile(s, "p", args);
        PacketHistory h = s.history();
        if (h.last() == 0) {
            s.console.println("no packets replayed yet: .step or .run first");
            return;
        }
        Batch out = new Batch(s.console);
        long[] matched = new long[1];
        boolean complete = scan(s, r -> {
            if (filter.acceptsAll() || filter.accepts(s.dissector.info(r))) {
                if (++matched[0] <= LIMIT) {
                    out.add(s.dissector.summary(r));
                } else if (filter.acceptsAll()) {
                    return false; // the rest is counted, not read
                }
            }
            return true;
        });
        out.flush();
        long total = filter.acceptsAll() ? h.last() - h.first() + 1 : matched[0];
        if (!complete) {
            s.console.println("interrupted: " + NavigationCommands.count(matched[0]) + " matching packets so far");
        } else if (total > LIMIT) {
            s.console.note("… " + NavigationCommands.count(total - LIMIT) + " more (" + NavigationCommands.count(total)
                    + " in all); narrow it with a filter, e.g. .packets p.src == '10.0.0.5'");
        } else if (total == 0) {
            s.console.println("no packet matches");
        }
        if (h.first() > 1) {
            s.console.note("(live: only the latest " + NavigationCommands.count(h.last() - h.first() + 1)
                    + " packets are kept, from #" + h.first() + ")");
        }
    }

    static void show(Session s, String args) throws ReplException {
        frame(s, args, ".show [N]", r -> String.join("\n", s.dissector.layers(r)));
    }

    static void hex(Session s, String args) throws ReplException {
        frame(s, args, ".hex [N]", r -> String.join("\n", Dissector.hex(r)));
    }

    private interface Render {
        String render(PacketRecord r);
    }

    private static void frame(Session s, String args, String usage, Render render) throws ReplException {
        PacketHistory h = s.history();
        if (h.last() == 0) {
            throw new ReplException("no packets replayed yet: .step or .run first");
        }
        long n = args.isEmpty() ? h.last() : NavigationCommands.positive(args.replace("#", ""), usage);
        String[] text = new String[1];
        boolean found;
        try {
            found = h.at(n, r -> {
                text[0] = render.render(r);
                return false;
            });
        } catch (IOException e) {
            throw new ReplException("cannot read the capture again: " + e.getMessage());
        }
        if (!found) {
            throw new ReplException("no packet #" + n + " (replayed so far: #" + h.first() + " to #" + h.last() + ")");
        }
        s.console.println(text[0]);
    }

    static void conns(Session s, String args) throws ReplException {
        JsFilter filter = JsFilter.compile(s, "c", args);
        Table t = new Table(List.of("start", "uid", "proto", "orig", "resp", "state", "history", "pkts", "bytes",
                "duration"));
        long matched = 0;
        for (ConnInfo c : JsBindings.connections(s.investigation())) {
            if (s.stopRequested()) {
                break;
            }
            if (!filter.accepts(c)) {
                continue;
            }
            if (++matched <= LIMIT) {
                t.add(List.of(Dissector.time(Math.round(c.start_time * 1e9)), c.uid, c.proto,
                        c.id.orig_h + ":" + c.id.orig_p, c.id.resp_h + ":" + c.id.resp_p, c.conn_state, c.history,
                        c.orig_pkts + "/" + c.resp_pkts, c.orig_bytes + "/" + c.resp_bytes,
                        ValueFormatter.number(Math.round(c.duration * 1e6) / 1e6)));
            }
        }
        print(s, t, matched, "connections", "no connections" + (args.isEmpty() ? " yet" : " match"));
    }

    static void hosts(Session s, String args) {
        HostTable table = s.investigation().seen.hosts;
        Table t = new Table(List.of("host", "macs", "pkts", "bytes", "bcast", "bcast%", "first", "last"));
        List<HostInfo> all = table.snapshot();
        for (int i = 0; i < all.size() && i < LIMIT; i++) {
            HostInfo h = all.get(i);
            List<String> macs = new ArrayList<>();
            for (long m = 0; m < h.macs.getSize(); m++) {
                macs.add(String.valueOf(h.macs.get(m)));
            }
            t.add(List.of(h.host, String.join(",", macs), String.valueOf(h.pkts), String.valueOf(h.bytes),
                    String.valueOf(h.bcast), String.format(Locale.ROOT, "%.1f", 100 * h.bcast_share),
                    Dissector.time(Math.round(h.first * 1e9)), Dissector.time(Math.round(h.last * 1e9))));
        }
        print(s, t, all.size(), "hosts", "no hosts yet");
        if (table.overflow() > 0) {
            s.console.note(NavigationCommands.count(table.overflow()) + " packets from hosts past the first "
                    + NavigationCommands.count(HostTable.MAX_HOSTS) + " were not counted per host");
        }
    }

    static void notices(Session s, String args) {
        Bounded<NoticeInfo> notices = s.investigation().seen.notices;
        Table t = new Table(List.of("#", "time", "note", "src", "dst", "msg"));
        int i = 0;
        for (NoticeInfo n : notices.list()) {
            if (i < LIMIT) {
                t.add(List.of(String.valueOf(i), Dissector.time(Math.round(n.ts * 1e9)), n.note, dash(n.src),
                        dash(n.dst), dash(n.msg)));
            }
            i++;
        }
        print(s, t, i, "notices", "no notices yet");
        if (i > 0) {
            s.console.note("notices[i] shows one in full (sub, advice); suppressed repeats are not listed");
        }
    }

    static void weirds(Session s, String args) {
        Investigation inv = s.investigation();
        Map<String, Long> totals = inv.engine.summary().weirds();
        Table t = new Table(List.of("name", "count", "first", "packet", "addl"));
        for (Map.Entry<String, Long> e : totals.entrySet()) {
            Observations.FirstWeird first = inv.seen.firstWeirds.get(e.getKey());
            t.add(List.of(e.getKey(), String.valueOf(e.getValue()),
                    first == null ? "-" : Dissector.time(Math.round(first.weird().ts * 1e9)),
                    first == null || first.frame() == 0 ? "-" : "#" + first.frame(),
                    first == null ? "-" : dash(first.weird().addl)));
        }
        print(s, t, t.size(), "weird names", "no weirds yet");
    }

    static void stats(Session s, String args) {
        Investigation inv = s.investigation();
        Runtime rt = Runtime.getRuntime();
        List<String> lines = new ArrayList<>();
        lines.add(row("input", s.inputName() == null ? "none (.open FILE)" : s.inputName()));
        lines.add(row("position", NavigationCommands.position(s) + (s.ended() ? ", at the end" : "")));
        if (s.lastNanos() > 0) {
            lines.add(row("network time", Dissector.dateTime(s.lastNanos())));
        }
        lines.add(row("packets", NavigationCommands.count(s.frames())));
        LiveFeed live = s.live();
        if (live != null) {
            lines.add(row("live", NavigationCommands.count(live.queued()) + " queued, "
                    + NavigationCommands.count(live.dropped()) + " dropped by the REPL"
                    + (s.livePaused() ? ", paused" : "") + (live.failure() != null ? "; stopped: " + live.failure() : "")));
        }
        List<ConnInfo> conns = JsBindings.connections(inv);
        lines.add(row("connections", NavigationCommands.count(conns.size()) + " (" + inv.engine.openConnections().size()
                + " open)"));
        lines.add(row("hosts", NavigationCommands.count(inv.seen.hosts.size())));
        lines.add(row("notices", NavigationCommands.count(inv.seen.notices.size())
                + (inv.engine.notices().suppressed() > 0 ? " (" + inv.engine.notices().suppressed() + " suppressed)" : "")));
        long weirds = inv.engine.summary().weirds().values().stream().mapToLong(Long::longValue).sum();
        lines.add(row("weirds", NavigationCommands.count(weirds)));
        StringBuilder events = new StringBuilder();
        for (EventType e : EventType.values()) {
            long n = inv.engine.bus().dispatched(e);
            if (n > 0 && e != EventType.TATTLER_INIT) {
                events.append(events.length() == 0 ? "" : ", ").append(e.scriptName()).append(' ')
                        .append(NavigationCommands.count(n));
            }
        }
        lines.add(row("events", events.length() == 0 ? "none yet" : events.toString()));
        lines.add(row("scripts", s.scripts().isEmpty() ? "none (.load FILE|NAME)"
                : String.join(", ", s.scripts().stream().map(ScriptSpec::name).toList())));
        lines.add(row("watches", s.probes.list(false).size() + ", breakpoints " + s.probes.list(true).size()));
        lines.add(row("JavaScript", s.jsOptimized() ? "optimized (Graal JIT)" : "interpreter"));
        lines.add(row("memory", (rt.totalMemory() - rt.freeMemory() >> 20) + " MB used of " + (rt.maxMemory() >> 20) + " MB"));
        s.console.println(String.join("\n", lines));
    }

    private static String row(String name, String value) {
        return String.format(Locale.ROOT, "%-13s %s", name, value);
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static void print(Session s, Table t, long total, String what, String none) {
        if (total == 0) {
            s.console.println(none);
            return;
        }
        s.console.println(t.render(s.console.width()));
        if (total > t.size()) {
            s.console.note("… " + NavigationCommands.count(total - t.size()) + " more " + what + " ("
                    + NavigationCommands.count(total) + " in all); narrow it with a filter");
        }
    }

    /** Prints a long listing in blocks rather than line by line (each print redraws the prompt). */
    static final class Batch {
        private final Console console;
        private final StringBuilder text = new StringBuilder();
        private int lines;

        Batch(Console console) {
            this.console = console;
        }

        void add(String line) {
            text.append(lines == 0 ? "" : "\n").append(line);
            if (++lines == 200) {
                flush();
            }
        }

        void flush() {
            if (lines > 0) {
                console.println(text.toString());
                text.setLength(0);
                lines = 0;
            }
        }
    }
}
