package dev.tattler.cli;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.analysis.LocalNets;
import dev.tattler.engine.EngineConfig;
import dev.tattler.log.LogFormat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code tattler run -r FILE [--local-nets CIDR,...] [--log-dir DIR] SCRIPT...} */
final class RunCommand {
    static final String USAGE = String.join("\n",
            "usage: tattler run -r FILE [options] [SCRIPT...]",
            "",
            "Reads a pcap or pcapng capture (gzip too), runs the scripts' event handlers over it",
            "and writes logs (conn, weird, notice, reporter and the scripts' own) in Zeek's format.",
            "",
            "  -r FILE                 the capture to read",
            "  --local-nets CIDR,...   the local networks (IPv4 and IPv6): local_orig/local_resp, isLocal(),",
            "                          and directed broadcasts (e.g. 192.168.1.0/24; more are learned)",
            "  --log-dir DIR           where logs go (default: the current directory)",
            "  --json                  write logs as JSON lines instead of Zeek's tab-separated text",
            "  -C                      ignore checksums (as Zeek's -C; for captures made with offload)",
            "  --set NAME=VALUE        an option for scripts, as tattler.config['NAME'] (repeatable)",
            "  SCRIPT                  a .js file, or a bundled script's name (summary)",
            "",
            "Example: tattler run -r lan.pcap count.js");

    private final PrintStream out;
    private final PrintStream err;

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] argv) throws UsageException, CommandFailed {
        Args args = Args.parse(argv, 1, Set.of("-r", "--local-nets", "--log-dir", "--set"), Set.of("--json", "-C"));
        String file = args.value("-r");
        if (file == null) {
            throw new UsageException("run needs a capture: tattler run -r FILE [SCRIPT...]");
        }
        List<String> nets = new ArrayList<>();
        if (args.value("--local-nets") != null) {
            for (String cidr : Arrays.asList(args.value("--local-nets").split(","))) {
                if (cidr.isBlank()) {
                    continue;
                }
                try {
                    if (cidr.contains(":")) {
                        LocalAddresses.exactly(List.of(cidr.trim()));
                    } else {
                        LocalNets.parse(cidr);
                    }
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--local-nets: " + e.getMessage());
                }
                nets.add(cidr.trim());
            }
        }
        List<ScriptRef> scripts = new ArrayList<>();
        for (String s : args.positional()) {
            scripts.add(ScriptRef.resolve(s));
        }
        Path logDir = Path.of(args.value("--log-dir") == null ? "." : args.value("--log-dir"));
        EngineConfig config = new EngineConfig(nets, logDir, EngineConfig.defaults(logDir).uidSeed())
                .withOptions(options(args.values("--set")))
                .withIgnoreChecksums(args.flag("-C"));
        new CaptureRun(out, err).run(Path.of(file), scripts, config, args.flag("--json") ? LogFormat.JSON : LogFormat.TSV);
        return 0;
    }

    /** {@code --set a.b=1 --set c=x} as an ordered map; a later value for a name wins. */
    static Map<String, String> options(List<String> settings) throws UsageException {
        Map<String, String> options = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--set needs NAME=VALUE, got '" + s + "'");
            }
            options.put(s.substring(0, eq).trim(), s.substring(eq + 1));
        }
        return options;
    }
}
