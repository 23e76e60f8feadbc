package dev.tattler.cli;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.analysis.LocalNets;
import dev.tattler.repl.ReplLauncher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code tattler repl [-r FILE | -i IFACE [-f BPF]] [options] [SCRIPT...]}: the interactive REPL. */
final class ReplCommand {
    static final String USAGE = String.join("\n",
            "usage: tattler repl [-r FILE | -i IFACE [-f BPF]] [options] [SCRIPT...]",
            "",
            "An investigation prompt: replay a capture packet by packet or live traffic, query",
            "connections, hosts and notices in JavaScript, watch events as they happen. On a",
            "terminal it has history, completion and Ctrl-C; with piped input it runs the lines",
            "it reads (one command or JavaScript statement at a time) and prints the results.",
            "",
            "  -r FILE                 the capture to investigate (.open FILE at the prompt)",
            "  -i IFACE                capture live from an interface (.live IFACE at the prompt)",
            "  -f BPF                  a capture filter for -i",
            "  --local-nets CIDR,...   the local networks, as for 'tattler run'",
            "  -C                      ignore checksums",
            "  --set NAME=VALUE        an option for scripts (repeatable)",
            "  --log-dir DIR           write the logs there (default: no log files)",
            "  --json                  logs as JSON lines",
            "  SCRIPT                  a .js file or a bundled script's name (worm770, summary)",
            "",
            "Example: tattler repl -r incident.pcap worm770   (then .run, .notices, .hosts; .help for more)");

    private ReplCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws UsageException {
        Args args = Args.parse(argv, 1, Set.of("-r", "-i", "-f", "--local-nets", "--log-dir", "--set"),
                Set.of("--json", "-C"));
        if (args.value("-r") != null && args.value("-i") != null) {
            throw new UsageException("repl reads a capture (-r) or an interface (-i), not both");
        }
        if (args.value("-f") != null && args.value("-i") == null) {
            throw new UsageException("-f BPF filters live capture: use it with -i IFACE");
        }
        List<String> nets = new ArrayList<>();
        String given = args.value("--local-nets");
        for (String cidr : given == null ? new String[0] : given.split(",")) {
            if (!cidr.isBlank()) {
                nets.add(checkNet(cidr.trim()));
            }
        }
        ReplLauncher.Options options = new ReplLauncher.Options(args.value("-r"), args.value("-i"), args.value("-f"),
                args.positional(), nets, args.flag("-C"), RunCommand.options(args.values("--set")),
                args.value("--log-dir") == null ? null : Path.of(args.value("--log-dir")), args.flag("--json"));
        return ReplLauncher.run(options, out, err);
    }

    private static String checkNet(String cidr) throws UsageException {
        try {
            if (cidr.contains(":")) {
                LocalAddresses.exactly(List.of(cidr));
            } else {
                LocalNets.parse(cidr);
            }
            return cidr;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--local-nets: " + e.getMessage());
        }
    }
}
