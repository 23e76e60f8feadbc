package dev.tattler.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The live-capture and operations options of {@code tattler run}: usage mistakes, and the one-line
 * errors for what a sensor's operator gets wrong (no libpcap, no privileges, a wrong interface,
 * a bad filter). Capturing itself is {@link LiveCaptureTest}'s.
 */
class LiveOptionsTest {
    @TempDir
    Path dir;

    @Test
    void usageMistakesSayWhatIsWrong() {
        assertUsage("not both", "run", "-r", "x.pcap", "-i", "eth0");
        assertUsage("run needs a capture or an interface", "run");
        assertUsage("-f is for live capture (-i)", "run", "-r", "x.pcap", "-f", "udp");
        assertUsage("--rotate: 'hourly' is not an interval (use e.g. 30s, 10m, 1h, 1d)", "run", "-i", "lo", "--rotate", "hourly");
        assertUsage("--rotate: the rotation interval must be positive", "run", "-i", "lo", "--rotate", "0");
        assertUsage("--rotate: a rotation interval longer than a day must be whole days", "run", "-i", "lo", "--rotate", "36h");
        assertUsage("--stats-interval: 'often' is not an interval", "run", "-i", "lo", "--stats-interval", "often");
        assertUsage("--metrics takes [ADDR:]PORT", "run", "-i", "lo", "--metrics", "localhost:http");
        assertUsage("--metrics: 'example.org' is not an IP address", "run", "-i", "lo", "--metrics", "example.org:9100");
        assertUsage("--buffer takes megabytes from 16 to 4096", "run", "-i", "lo", "--buffer", "8");
    }

    private static void assertUsage(String message, String... args) {
        Cli r = Cli.run(args);
        assertEquals(2, r.status, r.err);
        assertTrue(r.err.startsWith("tattler: ") && r.err.contains(message), r.err);
    }

    @Test
    void metricsAddressesDefaultToLoopback() throws UsageException {
        assertEquals(new InetSocketAddress("127.0.0.1", 9100), RunCommand.metricsAddress("9100"));
        assertEquals(new InetSocketAddress("0.0.0.0", 9100), RunCommand.metricsAddress("0.0.0.0:9100"));
        assertEquals(new InetSocketAddress("::1", 9100), RunCommand.metricsAddress("[::1]:9100"));
        assertThrows(UsageException.class, () -> RunCommand.metricsAddress("70000"));
    }

    @Test
    void anUnknownInterfaceIsListedAgainstTheOnesThatExist() {
        Cli r = Cli.run("run", "-i", "nosuch9", "--log-dir", dir.toString());
        assertEquals(1, r.status, r.err);
        assumeTrue(!r.err.contains("libpcap"), "libpcap is not installed");
        assertTrue(r.err.matches("tattler: no interface 'nosuch9'; available: .*lo.*\n"), r.err);
    }

    @Test
    void withoutLibpcapLiveCaptureSaysWhatToInstall() throws Exception {
        String err = tattler(List.of("-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap.so.0.8"), null,
                "run", "-i", "lo", "--log-dir", dir.toString());
        assertEquals("tattler: live capture needs libpcap: apt-get install libpcap0.8 (reading capture files with -r"
                + " does not)\nexit 1\n", err);
    }

    @Test
    void withoutPrivilegesLiveCaptureSaysWhatItNeeds() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and setpriv");
        assumeTrue(!Cli.run("run", "-i", "nosuch9").err.contains("libpcap"), "libpcap is not installed");
        // Root without CAP_NET_RAW and CAP_NET_ADMIN is what an unprivileged user is to libpcap.
        String err = tattler(List.of(), List.of("/usr/bin/setpriv", "--bounding-set=-net_raw,-net_admin",
                "--inh-caps=-net_raw,-net_admin"), "run", "-i", "lo", "--log-dir", dir.toString());
        assertEquals("tattler: live capture on lo needs root or CAP_NET_RAW (run as root, or: setcap"
                + " cap_net_raw,cap_net_admin=eip on the java binary; see docs/monitoring.md)\nexit 1\n", err);
    }

    @Test
    void aBadFilterShowsLibpcapsMessageAndTheExpression() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Cli r = Cli.run("run", "-i", "lo", "-f", "udp portt 53", "--log-dir", dir.toString());
        assumeTrue(!r.err.contains("libpcap0.8"), "libpcap is not installed");
        assertEquals(1, r.status);
        assertEquals("tattler: bad capture filter 'udp portt 53': can't parse filter expression: syntax error\n", r.err);
    }

    @Test
    void aCaptureFileTakesTheSameOperationsOptionsOnItsOwnClock() throws Exception {
        Path capture = dir.resolve("lan.pcap");
        dev.tattler.generate.LanScenario.write(capture, 2,
                dev.tattler.generate.LanScenario.Options.defaults().withDuration(java.time.Duration.ofMinutes(3)));
        Path logs = dir.resolve("logs");
        Cli r = Cli.run("run", "-r", capture.toString(), "--log-dir", logs.toString(), "--rotate", "1m",
                "--stats-interval", "30s", "--metrics", "127.0.0.1:0");
        assertEquals(0, r.status, r.err);
        assertTrue(r.err.startsWith("tattler: metrics on http://127.0.0.1:"), r.err);
        List<String> names;
        try (var files = Files.list(logs)) {
            names = files.map(f -> f.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList());
        }
        // Three minutes of capture from 09:00 (local time names): three periods of conn and stats.
        assertEquals(3, names.stream().filter(n -> n.startsWith("conn.")).count(), names.toString());
        assertEquals(3, names.stream().filter(n -> n.startsWith("stats.")).count(), names.toString());
        assertTrue(names.stream().allMatch(n -> n.matches("[a-z]+\\.\\d{4}(-\\d\\d){5}-\\d{4}(-\\d\\d){5}\\.log")),
                names.toString());
    }

    /** Runs tattler in a new JVM (optionally under a wrapper such as setpriv): stderr and "exit N". */
    private static String tattler(List<String> jvmOptions, List<String> wrapper, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        if (wrapper != null) {
            command.addAll(wrapper);
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return err + "exit " + p.exitValue() + "\n";
    }
}
