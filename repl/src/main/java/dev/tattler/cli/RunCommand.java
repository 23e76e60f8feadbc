package dev.tattler.cli;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.analysis.LocalNets;
import dev.tattler.capture.LiveSource;
import dev.tattler.engine.EngineConfig;
import dev.tattler.log.LogFormat;
import dev.tattler.ops.Intervals;
import dev.tattler.ops.RotationSchedule;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tattler run (-r FILE | -i IFACE [-f BPF]) [--local-nets CIDR,...] [--log-dir DIR]
 * [--rotate INTERVAL] [--stats-interval S] [--metrics [ADDR:]PORT] SCRIPT...}
 */
final class RunCommand {
    static final String USAGE = String.join("\n",
            "usage: tattler run -r FILE [options] [SCRIPT...]",
            "       tattler run -i IFACE [-f BPF] [options] [SCRIPT...]",
            "",
            "Reads a pcap or pcapng capture (gzip too), or captures on a network interface until",
            "Ctrl-C or SIGTERM, runs the scripts' event handlers and writes logs (conn, weird,",
            "notice, reporter, stats and the scripts' own) in Zeek's format.",
            "",
            "  -r FILE                 the capture to read",
            "  -i IFACE                capture live on IFACE (needs root or CAP_NET_RAW and libpcap)",
            "  -f BPF                  with -i: a capture filter, as tcpdump's (e.g. 'udp or arp')",
            "  --buffer MB             with -i: the kernel capture buffer (default " + LiveSource.DEFAULT_BUFFER_MB
                    + ", at least 16)",
            "  --rotate INTERVAL       close and rename every log each INTERVAL (30s, 10m, 1h, 1d), on the",
            "                          hour/interval boundary: conn.OPEN-CLOSE.log, Zeek's date format",
            "  --stats-interval S      a stats.log row every S (e.g. 60 or 5m; 0: none; default 60 with -i)",
            "  --metrics [ADDR:]PORT   serve Prometheus metrics at http://ADDR:PORT/metrics (ADDR 127.0.0.1",
            "                          unless given; 0.0.0.0 for every interface)",
            "  --local-nets CIDR,...   the local networks (IPv4 and IPv6): local_orig/local_resp, isLocal(),",
            "                          and directed broadcasts (e.g. 192.168.1.0/24; more are learned)",
            "  --log-dir DIR           where logs go (default: the current directory)",
            "  --json                  write logs as JSON lines instead of Zeek's tab-separated text",
            "  -C                      ignore checksums (as Zeek's -C; for captures made with offload)",
            "  --set NAME=VALUE        an option for scripts, as tattler.config['NAME'] (repeatable)",
            "  --threads N             with -r: 2 reads the file on a thread of its own while the engine",
            "                          analyses (the default on 3 or more cores, and on 2 when scripts run",
            "                          or the file is over 2 GB),",
            "                          1 does both on one thread",
            "  --timing                print where the time went: start-up, packets/s overall and in steady",
            "                          state (the second half of the capture), the finish",
            "  SCRIPT                  a .js file, or a bundled script's name (summary)",
            "",
            "SIGHUP reloads the scripts without stopping (a script that fails to load leaves the old",
            "ones running). See docs/monitoring.md for running Tattler as a sensor.",
            "",
            "Examples: tattler run -r lan.pcap count.js",
            "          tattler run -i eth0 --rotate 1h --log-dir /var/log/tattler worm770");
    /** stats.log on a live link when --stats-interval is not given. */
    static final Duration DEFAULT_LIVE_STATS = Duration.ofSeconds(60);

    /**
     * The options that take a value, and those that do not. The launcher (./tattler) keeps the
     * same lists to tell a script from an option's value without starting a JVM;
     * LauncherOptionsTest holds the two together.
     */
    static final Set<String> VALUE_OPTIONS = Set.of("-r", "-i", "-f", "--buffer", "--rotate", "--stats-interval",
            "--metrics", "--local-nets", "--log-dir", "--set", "--threads");
    static final Set<String> FLAGS = Set.of("--json", "-C", "--timing");

    private final PrintStream out;
    private final PrintStream err;

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] argv) throws UsageException, CommandFailed {
        Args args = Args.parse(argv, 1, VALUE_OPTIONS, FLAGS);
        CaptureRun.Input input = input(args);
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
        // JavaScript starts on the other core while this thread opens the capture and the logs.
        JavaScriptStart javaScript = scripts.isEmpty() ? null : JavaScriptStart.begin(scripts);
        Path logDir = Path.of(args.value("--log-dir") == null ? "." : args.value("--log-dir"));
        EngineConfig config = new EngineConfig(nets, logDir, EngineConfig.defaults(logDir).uidSeed())
                .withOptions(options(args.values("--set")))
                .withIgnoreChecksums(args.flag("-C"));
        new CaptureRun(out, err, javaScript).run(input, scripts, config, args.flag("--json") ? LogFormat.JSON : LogFormat.TSV,
                operations(args, input.iface != null));
        return 0;
    }

    private static CaptureRun.Input input(Args args) throws UsageException {
        String file = args.value("-r");
        String iface = args.value("-i");
        if (file != null && iface != null) {
            throw new UsageException("run reads a capture (-r) or an interface (-i), not both");
        }
        if (file == null && iface == null) {
            throw new UsageException("run needs a capture or an interface: tattler run -r FILE | -i IFACE [SCRIPT...]");
        }
        if (file != null) {
            for (String liveOnly : List.of("-f", "--buffer")) {
                if (args.value(liveOnly) != null) {
                    throw new UsageException(liveOnly + " is for live capture (-i); to filter a file first:"
                            + " tcpdump -r IN -w OUT 'FILTER'");
                }
            }
            String threads = args.value("--threads");
            Path capture = Path.of(file);
            boolean readAhead = threads == null
                    ? CaptureRun.Input.readAheadPays(!args.positional().isEmpty(), capture)
                    : readAhead(threads);
            return CaptureRun.Input.file(capture, readAhead);
        }
        if (args.value("--threads") != null) {
            throw new UsageException("--threads is for reading a capture (-r); a live capture has its own thread");
        }
        int buffer = LiveSource.DEFAULT_BUFFER_MB;
        if (args.value("--buffer") != null) {
            try {
                buffer = Integer.parseInt(args.value("--buffer").trim());
            } catch (NumberFormatException e) {
                buffer = -1;
            }
            if (buffer < 16 || buffer > 4096) {
                throw new UsageException("--buffer takes megabytes from 16 to 4096, got '" + args.value("--buffer") + "'");
            }
        }
        return CaptureRun.Input.live(iface, args.value("-f"), buffer);
    }

    /** --threads 2: the file read on a thread of its own; 1: everything on the engine thread. */
    private static boolean readAhead(String threads) throws UsageException {
        switch (threads.trim()) {
            case "1":
                return false;
            case "2":
                return true;
            default:
                throw new UsageException("--threads takes 1 or 2, got '" + threads + "'");
        }
    }

    private static CaptureRun.Operations operations(Args args, boolean live) throws UsageException {
        Duration rotate = null;
        if (args.value("--rotate") != null) {
            rotate = interval("--rotate", args.value("--rotate"));
            try {
                new RotationSchedule(rotate, ZoneId.systemDefault());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--rotate: " + e.getMessage());
            }
        }
        Duration stats = live ? DEFAULT_LIVE_STATS : null;
        if (args.value("--stats-interval") != null) {
            stats = interval("--stats-interval", args.value("--stats-interval"));
        }
        InetSocketAddress metrics = args.value("--metrics") == null ? null : metricsAddress(args.value("--metrics"));
        return new CaptureRun.Operations(rotate, stats, metrics, args.flag("--timing"));
    }

    private static Duration interval(String option, String text) throws UsageException {
        try {
            return Intervals.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /** {@code 9100}, {@code 127.0.0.1:9100}, {@code 0.0.0.0:9100}, {@code [::1]:9100}; loopback unless an address is given. */
    static InetSocketAddress metricsAddress(String text) throws UsageException {
        String t = text.strip();
        String host = "127.0.0.1";
        String port = t;
        int colon = t.lastIndexOf(':');
        if (colon >= 0) {
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = "127.0.0.1";
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535) {
            throw new UsageException("--metrics takes [ADDR:]PORT, e.g. 9100 or 0.0.0.0:9100, got '" + text + "'");
        }
        try {
            // Literal addresses only: a name could resolve to anything, and a lookup could hang.
            if (!host.matches("[0-9.]+|[0-9A-Fa-f:]+") && !host.equals("localhost")) {
                throw new UnknownHostException(host);
            }
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (UnknownHostException e) {
            throw new UsageException("--metrics: '" + host + "' is not an IP address (use e.g. 127.0.0.1 or 0.0.0.0)");
        }
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
