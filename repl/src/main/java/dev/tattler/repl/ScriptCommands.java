package dev.tattler.repl;

import dev.tattler.capture.PcapWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scripts, live views and output: {@code .watch}, {@code .unwatch}, {@code .load},
 * {@code .save}, {@code .help}.
 */
final class ScriptCommands {
    private ScriptCommands() {
    }

    static void watch(Session s, String args) throws ReplException {
        if (args.isEmpty()) {
            NavigationCommands.list(s, false);
            return;
        }
        Probes.Probe p = NavigationCommands.addProbe(s, false, args);
        s.console.println("watch " + p.id + ": " + p.event.scriptName() + " events are printed as they happen"
                + (p.expression == null ? "" : " (showing " + p.expression + ")") + "; .unwatch " + p.id + " stops it");
    }

    static void unwatch(Session s, String args) throws ReplException {
        NavigationCommands.removeProbes(s, false, args);
    }

    static void load(Session s, String args) throws ReplException {
        if (args.isEmpty()) {
            throw new ReplException("usage: .load FILE|NAME (bundled: worm770, summary)");
        }
        ScriptSpec spec = ScriptSpec.resolve(args);
        s.load(spec);
        s.console.println("loaded " + spec.name() + (s.frames() > 0
                ? "; it sees the packets from #" + (s.history().last() + 1) + " on (.reset replays from the start)" : ""));
    }

    static void save(Session s, String args) throws ReplException {
        if (args.isEmpty()) {
            throw new ReplException("usage: .save FILE [JS filter on p]");
        }
        String[] parts = args.split("\\s+", 2);
        Path file = Path.of(ScriptSpec.expandHome(parts[0]));
        if (Files.isDirectory(file)) {
            throw new ReplException(parts[0] + ": is a directory");
        }
        JsFilter filter = JsFilter.compile(s, "p", parts.length > 1 ? parts[1] : null);
        if (s.history().last() == 0) {
            throw new ReplException("no packets replayed yet: .run or .step first");
        }
        Writer w = new Writer(file);
        boolean complete;
        try {
            complete = LookCommands.scan(s, r -> {
                if (filter.acceptsAll() || filter.accepts(s.dissector.info(r))) {
                    w.write(r);
                }
                return true;
            });
        } finally {
            w.close();
        }
        String skipped = w.skipped == 0 ? "" : " (" + w.skipped + " packets of another link type left out)";
        if (w.written == 0 && w.skipped == 0) {
            s.console.println("no packet matches; nothing written");
        } else {
            s.console.println((complete ? "wrote " : "interrupted: wrote ") + NavigationCommands.count(w.written)
                    + " packets to " + parts[0] + skipped);
        }
    }

    /** A pcap created on the first packet, with that packet's link type. */
    private static final class Writer {
        private final Path file;
        private PcapWriter pcap;
        private int linkType;
        long written;
        long skipped;

        Writer(Path file) {
            this.file = file;
        }

        void write(dev.tattler.capture.PacketRecord r) throws ReplException {
            try {
                if (pcap == null) {
                    pcap = PcapWriter.create(file, r.linkType, PcapWriter.DEFAULT_SNAPLEN);
                    linkType = r.linkType;
                }
                if (r.linkType != linkType) {
                    skipped++;
                    return;
                }
                pcap.write(r);
                written++;
            } catch (IOException e) {
                throw new ReplException("cannot write " + file + ": " + e.getMessage());
            }
        }

        void close() throws ReplException {
            if (pcap != null) {
                try {
                    pcap.close();
                } catch (IOException e) {
                    throw new ReplException("cannot write " + file + ": " + e.getMessage());
                }
            }
        }
    }

    static void help(Session s, String args) throws ReplException {
        if (!args.isEmpty()) {
            Commands.Command c = Commands.find(args.trim());
            if (c == null) {
                throw new ReplException("no command " + args.trim() + " (.help lists them)");
            }
            s.console.println(c.synopsis() + "\n    " + c.help());
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("Type JavaScript (the tattler API and the loaded scripts' globals are there) or a command:");
        for (Commands.Command c : Commands.ALL) {
            lines.add(String.format(Locale.ROOT, "  %-32s %s", c.synopsis(), c.help()));
        }
        lines.add("");
        lines.add("JavaScript values: packets, conns, hosts, notices, weirds (arrays, for queries such as");
        lines.add("  conns.filter(c => c.id.resp_p == 138).length). Tab completes commands, events, files and");
        lines.add("  members; Ctrl-R searches history; Ctrl-C stops a replay or evaluation; Ctrl-D leaves.");
        s.console.println(String.join("\n", lines));
    }
}
