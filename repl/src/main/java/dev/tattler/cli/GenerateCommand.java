package dev.tattler.cli;

import dev.tattler.generate.FrameBuilder;
import dev.tattler.generate.GroundTruth;
import dev.tattler.generate.BenchScenario;
import dev.tattler.generate.LanScenario;
import dev.tattler.generate.Worm770Scenario;
import dev.tattler.generate.Worm770Truth;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code tattler generate SCENARIO -o FILE}: writes one of the project's own deterministic
 * captures — the healthy office LAN, the 2002 "UDP source port 770" incident on it, or healthy
 * look-alikes of that incident — and prints what the file holds (the ground truth), so the
 * capture can be read back by a script or opened in Wireshark and the findings checked.
 */
final class GenerateCommand {
    static final String USAGE = String.join("\n",
            "usage: tattler generate SCENARIO -o FILE.pcap [options]",
            "",
            "Writes a generated capture (pcap, nanosecond timestamps), the same bytes for the same",
            "seed and options, and prints its ground truth.",
            "",
            "scenarios:",
            "  lan          a healthy office LAN: DHCP, ARP, NetBIOS, DNS, SSDP, SMB and HTTPS sessions,",
            "               a ping and a traceroute",
            "  worm770      the LAN plus the 2002 'UDP source port 770' incident: infected hosts ARP for",
            "               their own address, then follow each legitimate UDP datagram with a burst of",
            "               5 datagrams from port 770 to consecutive ports (28-byte payloads) to the same",
            "               destination; affected hosts converse with the broadcast address, then go silent",
            "  bench        the benchmark workload: -o FILE [--packets N (2000000)] [--seed N]; a busy",
            "               LAN's mix of UDP, TCP, ARP and VLAN tags with a worm770 burst every 50,000 packets",
            "  lookalikes   the LAN plus healthy traffic that resembles the worm (single port-770",
            "               datagrams, port-770 bursts to unrelated ports or of other sizes, consecutive-port",
            "               bursts from other ports); no infected host",
            "",
            "options (all scenarios):",
            "  -o FILE                  the capture to write (replaced if it exists)",
            "  --seed N                 random seed (default 1)",
            "  --subnet CIDR            the LAN (default 192.168.1.0/24; prefix 8..29)",
            "  --hosts N                workstations (default 8, fewer if the subnet is small)",
            "  --vlan ID                802.1Q tag on every frame (0..4094; default untagged)",
            "  --duration S             length in seconds (default 60 for lan, 300 otherwise)",
            "  --start TIME             capture start, ISO-8601 (default 2024-05-06T09:00:00Z)",
            "options (worm770, lookalikes):",
            "  --background lan|none    with or without the LAN's own traffic (default lan)",
            "options (worm770):",
            "  --infected N             infected hosts (default 1)",
            "  --unicast-targets        infected hosts also send (and burst) to unicast destinations:",
            "                           DNS and NetBIOS to the server, SNTP to the gateway, DNS beyond it",
            "  --jitter MS              longest delay from a legitimate datagram to its burst (default 5)",
            "  --silent N               workstations that converse, then go silent (default 2)",
            "  --silence-after S        they go silent S to 1.5*S seconds after the first infected host",
            "                           appears (default 120)",
            "  --lookalikes             add the healthy look-alikes as well",
            "",
            "Example: tattler generate worm770 -o incident.pcap --seed 7 --unicast-targets --vlan 20");

    private static final Set<String> WITH_VALUE = Set.of("-o", "--seed", "--subnet", "--hosts", "--vlan",
            "--duration", "--start", "--background", "--infected", "--jitter", "--silent", "--silence-after");
    private static final Set<String> FLAGS = Set.of("--unicast-targets", "--lookalikes");
    private static final Set<String> WORM_ONLY = Set.of("--infected", "--unicast-targets", "--jitter", "--silent",
            "--silence-after", "--lookalikes");
    private static final Pattern CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");
    private static final int DEFAULT_HOSTS = 8;

    private GenerateCommand() {
    }

    /** {@code tattler generate bench -o FILE [--packets N] [--seed N]}: the benchmark workload. */
    private static int bench(String[] argv, PrintStream out) throws UsageException, CommandFailed {
        Args args = Args.parse(argv, 2, Set.of("-o", "--packets", "--seed"), Set.of());
        if (args.value("-o") == null || !args.positional().isEmpty()) {
            throw new UsageException("usage: tattler generate bench -o FILE.pcap [--packets N] [--seed N]");
        }
        long packets = number(args.value("--packets"), 2_000_000, "--packets");
        long seed = number(args.value("--seed"), 1, "--seed");
        Path file = Path.of(args.value("-o"));
        try {
            long bursts = BenchScenario.write(file, packets, seed);
            out.println("wrote " + file + ": " + packets + " frames, " + bursts + " worm770 bursts, seed " + seed);
        } catch (IOException e) {
            throw new CommandFailed("cannot write " + file + ": " + e.getMessage());
        }
        return 0;
    }

    private static long number(String text, long fallback, String option) throws UsageException {
        if (text == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(text.replace("_", ""));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": not a positive number: " + text);
        }
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws UsageException, CommandFailed {
        for (int i = 1; i < argv.length; i++) {
            if (argv[i].equals("--help") || argv[i].equals("-h")) {
                out.println(USAGE);
                return 0;
            }
        }
        if (argv.length > 1 && argv[1].equals("bench")) {
            return bench(argv, out);
        }
        Args args = Args.parse(argv, 1, WITH_VALUE, FLAGS);
        if (args.positional().size() != 1) {
            throw new UsageException(args.positional().isEmpty()
                    ? "generate needs a scenario: tattler generate lan|worm770|lookalikes -o FILE"
                    : "generate takes one scenario, not " + String.join(" ", args.positional()));
        }
        String scenario = args.positional().get(0);
        if (!Set.of("lan", "worm770", "lookalikes").contains(scenario)) {
            throw new UsageException("unknown scenario '" + scenario + "' (lan, worm770, lookalikes)");
        }
        if (args.value("-o") == null) {
            throw new UsageException("generate needs an output file: -o FILE.pcap");
        }
        for (String option : WORM_ONLY) {
            if (!scenario.equals("worm770") && (args.value(option) != null || args.flag(option))) {
                throw new UsageException(option + " is an option of the worm770 scenario only");
            }
        }
        if (scenario.equals("lan") && args.value("--background") != null) {
            throw new UsageException("--background is for worm770 and lookalikes: lan is the background");
        }
        Path file = Path.of(args.value("-o"));
        long seed = args.value("--seed") == null ? 1 : longValue(args, "--seed");
        try {
            // A worm770 LAN leaves addresses free for the infected hosts when it picks its size.
            int reserved = scenario.equals("worm770")
                    ? (args.value("--infected") == null ? 1 : Math.max(0, intValue(args, "--infected"))) : 0;
            LanScenario.Options lan = lan(args, scenario.equals("lan") ? 60 : 300, reserved);
            if (scenario.equals("lan")) {
                GroundTruth t = write(file, () -> LanScenario.write(file, seed, lan));
                printLan(out, file, seed, lan, t);
            } else {
                Worm770Scenario.Options o = worm(args, scenario, lan);
                Worm770Truth t = write(file, () -> Worm770Scenario.write(file, seed, o));
                printWorm(out, file, seed, o, t);
            }
        } catch (IllegalArgumentException e) {
            // The scenarios' own checks (subnet room, VLAN range, ...) already say what is wrong.
            throw new UsageException(e.getMessage());
        }
        return 0;
    }

    // ---------------------------------------------------------------- options

    private static LanScenario.Options lan(Args args, int defaultSeconds, int reserved) throws UsageException {
        LanScenario.Options lan = LanScenario.Options.defaults().withDuration(Duration.ofSeconds(defaultSeconds));
        String subnet = args.value("--subnet");
        if (subnet != null) {
            if (!CIDR.matcher(subnet).matches()) {
                throw new UsageException("--subnet: not a subnet (a.b.c.d/len): " + subnet);
            }
            // One workstation while the subnet changes, so a small subnet is not refused for
            // the default number; the real number follows.
            lan = lan.withHosts(1).withSubnet(subnet);
        }
        int hosts;
        if (args.value("--hosts") != null) {
            hosts = intValue(args, "--hosts");
        } else {
            // Besides network, broadcast, gateway, server and printer, the infected hosts need room.
            int free = (1 << (32 - lan.prefixLength())) - 5 - reserved;
            hosts = Math.max(1, Math.min(DEFAULT_HOSTS, Math.min(lan.maxHosts(), free)));
        }
        lan = lan.withHosts(hosts);
        if (args.value("--vlan") != null) {
            lan = lan.withVlan(intValue(args, "--vlan"));
        }
        if (args.value("--duration") != null) {
            lan = lan.withDuration(duration(args, "--duration", 9));
        }
        if (args.value("--start") != null) {
            try {
                lan = lan.withStart(Instant.parse(args.value("--start")));
            } catch (DateTimeParseException e) {
                throw new UsageException("--start: not an ISO-8601 time such as 2002-02-25T09:00:00Z: "
                        + args.value("--start"));
            }
        }
        return lan;
    }

    private static Worm770Scenario.Options worm(Args args, String scenario, LanScenario.Options lan)
            throws UsageException {
        Worm770Scenario.Options o = (scenario.equals("lookalikes") ? Worm770Scenario.Options.healthyLookalikes()
                : Worm770Scenario.Options.defaults()).withLan(lan);
        String background = args.value("--background");
        if (background != null) {
            if (!background.equals("lan") && !background.equals("none")) {
                throw new UsageException("--background must be lan or none, not " + background);
            }
            o = o.withBackground(background.equals("lan"));
        }
        if (args.value("--infected") != null) {
            o = o.withInfected(intValue(args, "--infected"));
        }
        if (args.flag("--unicast-targets")) {
            o = o.withUnicastTargets(true);
        }
        if (args.value("--jitter") != null) {
            o = o.withJitter(duration(args, "--jitter", 6));
        }
        if (args.value("--silent") != null) {
            o = o.withSilentHosts(intValue(args, "--silent"));
        }
        if (args.value("--silence-after") != null) {
            o = o.withSilenceAfter(duration(args, "--silence-after", 9));
        }
        if (args.flag("--lookalikes")) {
            o = o.withLookalikes(true);
        }
        return o;
    }

    private static long longValue(Args args, String option) throws UsageException {
        try {
            return Long.parseLong(args.value(option));
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": not a whole number: " + args.value(option));
        }
    }

    private static int intValue(Args args, String option) throws UsageException {
        try {
            return Integer.parseInt(args.value(option));
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": not a whole number: " + args.value(option));
        }
    }

    /** A positive decimal number of units of 10^-{@code nanoDigits} s: seconds (9) or milliseconds (6). */
    private static Duration duration(Args args, String option, int nanoDigits) throws UsageException {
        String v = args.value(option);
        try {
            BigDecimal nanos = new BigDecimal(v).movePointRight(nanoDigits).setScale(0, RoundingMode.HALF_UP);
            if (nanos.signum() <= 0) {
                throw new UsageException(option + " must be more than 0, not " + v);
            }
            return Duration.ofNanos(nanos.longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException(option + ": not a number: " + v);
        }
    }

    // ---------------------------------------------------------------- writing

    /** A scenario's write call, returning its ground truth. */
    private interface Generation<T> {
        T write() throws IOException;
    }

    /** Runs {@code generation}, turning a failure to write into one line that says why. */
    private static <T> T write(Path file, Generation<T> generation) throws CommandFailed {
        try {
            return generation.write();
        } catch (NoSuchFileException e) {
            Path parent = file.toAbsolutePath().getParent();
            throw new CommandFailed("cannot write " + file + ": " + (parent != null && !Files.isDirectory(parent)
                    ? "no such directory " + parent : "cannot create a file there"));
        } catch (AccessDeniedException e) {
            throw new CommandFailed("cannot write " + file + ": permission denied");
        } catch (IOException e) {
            throw new CommandFailed("cannot write " + file + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- the report

    private static void printLan(PrintStream out, Path file, long seed, LanScenario.Options o, GroundTruth t) {
        printHeader(out, file, seed, o, t);
        out.println("  " + o.hosts() + " workstations; " + t.udpPackets() + " UDP, " + t.tcpPackets() + " TCP, "
                + t.icmpPackets() + " ICMP, " + (t.arpRequests() + t.arpReplies()) + " ARP; traceroute with "
                + t.tracerouteProbes() + " probes");
    }

    private static void printWorm(PrintStream out, Path file, long seed, Worm770Scenario.Options o, Worm770Truth t) {
        printHeader(out, file, seed, o.lan(), t.capture());
        long start = o.lan().startNanos();
        if (!o.background()) {
            out.println("  no background: only the scenario's own traffic and the answers it gets");
        }
        for (Worm770Truth.InfectedHost h : t.infected()) {
            out.println(String.format(Locale.ROOT,
                    "  infected  %-15s %s  %-8s self-ARP at %s, %d bursts (%d to the broadcast), last seen %s",
                    h.ipString(), h.macString(), h.name(), offset(h.selfArpNanos(), start), h.bursts(),
                    h.broadcastBursts(), offset(h.lastSeenNanos(), start)));
        }
        for (Worm770Truth.AffectedHost a : t.affected()) {
            String converses = "converses from " + offset(a.conversesFromNanos(), start);
            String silent = "silent from " + offset(a.silentFromNanos(), start);
            String fate;
            if (a.wentSilent()) {
                fate = converses + ", " + silent;
            } else if (a.conversesFromNanos() <= o.lan().endNanos()) {
                fate = converses + ", still talking at the end (" + silent + ")";
            } else {
                fate = "not affected yet when the capture ends (" + converses + ")";
            }
            out.println(String.format(Locale.ROOT, "  affected  %-15s %s  %-8s %s", a.ipString(), a.macString(),
                    a.name(), fate));
        }
        if (!t.infected().isEmpty()) {
            out.println("  " + t.bursts() + " bursts in all");
        }
        Worm770Truth.Lookalikes l = t.lookalikes();
        if (l.total() > 0) {
            out.println("  look-alikes: " + l.single770() + " single port-770 datagrams, " + l.nonConsecutiveBursts()
                    + " port-770 bursts to unrelated ports, " + l.otherPayloadBursts()
                    + " with other payload sizes, " + l.otherSourcePortBursts() + " from other source ports");
        }
    }

    private static void printHeader(PrintStream out, Path file, long seed, LanScenario.Options o, GroundTruth t) {
        String net = FrameBuilder.ipString(o.network()) + "/" + o.prefixLength();
        out.println(String.format(Locale.ROOT, "wrote %s: %d frames, %s s from %s, LAN %s%s, seed %d", file,
                t.frames(), seconds(o.duration().toNanos()), o.start(), net,
                o.vlan() >= 0 ? " on VLAN " + o.vlan() : "", seed));
    }

    /** "+12.345 s" after the capture start. */
    private static String offset(long nanos, long start) {
        return "+" + seconds(nanos - start) + " s";
    }

    private static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
