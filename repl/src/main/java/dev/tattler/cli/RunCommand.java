package dev.tattler.cli;

import dev.tattler.analysis.LocalNets;
import dev.tattler.engine.EngineConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** {@code tattler run -r FILE [--local-nets CIDR,...] [--log-dir DIR] SCRIPT...} */
final class RunCommand {
    static final String USAGE = String.join("\n",
            "usage: tattler run -r FILE [options] [SCRIPT...]",
            "",
            "Reads a pcap or pcapng capture (gzip too), runs the scripts' event handlers over it",
            "and writes logs (weird.log) in Zeek's format.",
            "",
            "  -r FILE                 the capture to read",
            "  --local-nets CIDR,...   local IPv4 networks, for directed broadcasts (e.g. 192.168.1.0/24);",
            "                          more are learned from traffic",
            "  --log-dir DIR           where logs go (default: the current directory)",
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
        Args args = Args.parse(argv, 1, Set.of("-r", "--local-nets", "--log-dir"), Set.of());
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
                    LocalNets.parse(cidr);
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
        EngineConfig config = new EngineConfig(nets, logDir, EngineConfig.defaults(logDir).uidSeed());
        new CaptureRun(out, err).run(Path.of(file), scripts, config);
        return 0;
    }
}
