package dev.tattler.repl;

import dev.tattler.event.EventType;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Moving through the input: {@code .open}, {@code .live}, {@code .stop}, {@code .run},
 * {@code .step}, {@code .break}, {@code .unbreak}, {@code .reset}.
 */
final class NavigationCommands {
    private NavigationCommands() {
    }

    static void open(Session s, String args) throws ReplException {
        if (args.isEmpty()) {
            throw new ReplException("usage: .open FILE");
        }
        s.open(Path.of(ScriptSpec.expandHome(args)));
        s.console.println("opened " + args + ": .run replays it, .step goes packet by packet");
    }

    static void live(Session s, String args) throws ReplException {
        if (args.isEmpty()) {
            throw new ReplException("usage: .live IFACE [BPF]");
        }
        String[] parts = args.split("\\s+", 2);
        s.live(LiveFeed.open(parts[0], parts.length > 1 ? parts[1] : null));
        s.console.println("capturing on " + s.live().description()
                + "; packets are processed while you type (.watch EVENT shows them, .stop ends capture)");
    }

    static void stop(Session s, String args) throws ReplException {
        if (s.live() == null) {
            throw new ReplException("no live capture to stop");
        }
        s.stopLive();
        s.console.println("live capture stopped after " + count(s.frames()) + " packets");
    }

    static void run(Session s, String args) throws ReplException {
        if (s.live() != null && args.isEmpty()) {
            s.resumeLive();
            s.console.println("live capture running");
            return;
        }
        long max = Long.MAX_VALUE;
        long until = Long.MAX_VALUE;
        if (args.startsWith("until")) {
            String time = args.substring("until".length()).trim();
            if (time.isEmpty()) {
                throw new ReplException("usage: .run until TIME (epoch seconds, 2002-02-14T12:00:05Z, 12:00:05 or +30s)");
            }
            until = TimeSpec.parse(time, s.timeBase());
        } else if (!args.isEmpty()) {
            max = positive(args, ".run [N | until TIME]");
        }
        report(s, s.advance(max, until, false));
    }

    static void step(Session s, String args) throws ReplException {
        long n = args.isEmpty() ? 1 : positive(args, ".step [N]");
        boolean live = s.live() != null;
        if (live) {
            s.holdLive(true); // the packets after the step wait for .run
        }
        Session.Outcome o = s.advance(n, Long.MAX_VALUE, true);
        if (o.reason() != Session.Stop.COUNT) {
            report(s, o);
        } else if (live) {
            s.console.note("(live capture paused; .run resumes it)");
        }
    }

    /** One line on where the replay stopped and why. */
    private static void report(Session s, Session.Outcome o) {
        String where = position(s);
        switch (o.reason()) {
            case END:
                s.console.println("end of " + (s.live() != null ? "live capture" : "capture") + ": "
                        + count(s.frames()) + " packets replayed" + totals(s) + "; .reset starts over");
                break;
            case BREAK:
                s.console.println(s.pauseMessage());
                break;
            case INTERRUPTED:
                s.console.println("interrupted after " + count(o.packets()) + " packets, at " + where
                        + "; .run continues");
                break;
            default:
                s.console.println("replayed " + count(o.packets()) + " packets, now at " + where);
        }
    }

    /** "packet #1234 (12:00:05.123456)". */
    static String position(Session s) {
        long last = s.history().last();
        return last == 0 ? "the start" : "packet #" + last + " (" + Dissector.time(s.lastNanos()) + ")";
    }

    private static String totals(Session s) {
        Investigation inv = s.investigation();
        int notices = inv.seen.notices.size();
        long weirds = 0;
        for (long n : inv.engine.summary().weirds().values()) {
            weirds += n;
        }
        return " (" + count(notices) + (notices == 1 ? " notice, " : " notices, ") + count(weirds)
                + (weirds == 1 ? " weird)" : " weirds)");
    }

    static void addBreak(Session s, String args) throws ReplException {
        if (args.isEmpty()) {
            list(s, true);
            return;
        }
        Probes.Probe p = addProbe(s, true, args);
        s.console.println("breakpoint " + p.id + ": pause at " + p.event.scriptName()
                + (p.expression == null ? "" : " when " + p.expression));
    }

    /** Parses "EVENT [expression]" and adds a watch or breakpoint. */
    static Probes.Probe addProbe(Session s, boolean breakpoint, String args) throws ReplException {
        String[] parts = args.split("\\s+", 2);
        EventType type = EventType.byName(parts[0]);
        if (type == null) {
            List<String> close = EventType.suggestions(parts[0]);
            throw new ReplException("unknown event '" + parts[0] + "'" + (close.isEmpty()
                    ? " (tab completes event names)" : " (did you mean " + String.join(" or ", close) + "?)"));
        }
        return s.probes.add(breakpoint, type, parts.length > 1 ? parts[1] : null);
    }

    static void unbreak(Session s, String args) throws ReplException {
        removeProbes(s, true, args);
    }

    /** Removes one probe by id, or all of the kind; says what went. */
    static void removeProbes(Session s, boolean breakpoints, String args) throws ReplException {
        String kind = breakpoints ? "breakpoint" : "watch";
        String kinds = breakpoints ? "breakpoints" : "watches";
        List<Probes.Probe> all = s.probes.list(breakpoints);
        if (args.isEmpty()) {
            all.forEach(s.probes::remove);
            s.console.println(all.isEmpty() ? "no " + kinds : "removed " + all.size() + " " + (all.size() == 1 ? kind : kinds));
            return;
        }
        long id = positive(args, breakpoints ? ".unbreak [ID]" : ".unwatch [ID]");
        for (Probes.Probe p : all) {
            if (p.id == id) {
                s.probes.remove(p);
                s.console.println("removed " + p.describe());
                return;
            }
        }
        throw new ReplException("no " + kind + " " + id + " (" + (breakpoints ? ".break" : ".watch") + " lists them)");
    }

    /** Lists the watches or breakpoints. */
    static void list(Session s, boolean breakpoints) {
        List<Probes.Probe> all = s.probes.list(breakpoints);
        if (all.isEmpty()) {
            s.console.println(breakpoints ? "no breakpoints (.break EVENT [condition] sets one)"
                    : "no watches (.watch EVENT [expression] sets one)");
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Probes.Probe p : all) {
            sb.append(sb.length() == 0 ? "" : "\n").append(p.describe());
        }
        s.console.println(sb.toString());
    }

    static void reset(Session s, String args) throws ReplException {
        s.reset();
        s.console.println(s.inputName() == null ? "state cleared" : "back at the start of " + s.inputName()
                + " (" + s.scripts().size() + " scripts loaded again)");
    }

    static long positive(String text, String usage) throws ReplException {
        try {
            long n = Long.parseLong(text.trim().replace("_", "").replace(",", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ReplException("expected a positive number, got '" + text.trim() + "' (usage: " + usage + ")");
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
