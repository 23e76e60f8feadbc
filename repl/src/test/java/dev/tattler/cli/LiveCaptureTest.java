package dev.tattler.cli;

import dev.tattler.generate.Worm770Scenario;
import dev.tattler.testing.ZeekLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 6's bar, for real: {@code tattler run -i} on one end of a veth pair between two network
 * namespaces ({@link LiveNetwork}), while the other end sends live UDP (a port-770 burst to the
 * directed broadcast) and replays a generated worm770 incident at full speed with tcpreplay.
 *
 * <ul>
 *   <li>notices appear in notice.log while the monitor runs;</li>
 *   <li>nothing is lost: every packet processed, no drops in stats.log, and the logs agree with
 *       an offline run over the same capture (worm770 bursts, packets per connection — the
 *       replay squeezes 5 minutes into a fraction of a second, so connections do not time out
 *       where they did offline, but their packets add up the same);</li>
 *   <li>SIGHUP reloads the scripts without stopping the capture, and a script that fails to load
 *       leaves the old ones running with a reporter entry;</li>
 *   <li>logs rotate every 5 s on the boundaries, nothing lost or duplicated across rotations;</li>
 *   <li>the metrics endpoint answers; SIGTERM ends the run with exit 0, a summary, and every
 *       log complete and closed (and renamed, as rotation is on).</li>
 * </ul>
 *
 * Needs root, iproute2, tcpreplay, python3 and libpcap; skipped without them, except in CI
 * ({@code TATTLER_LIVE_TEST=required}, set by .ci/run), where their absence is a failure.
 */
class LiveCaptureTest {
    private static final int METRICS_PORT = 9464;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private LiveNetwork net;
    private Path live;
    private Path stderr;

    @Test
    void detectsTheReplayedIncidentLiveWithNothingLost() throws Exception {
        String missing = LiveNetwork.missing();
        if (missing != null && "required".equals(System.getenv("TATTLER_LIVE_TEST"))) {
            fail("live capture test required but cannot run: " + missing);
        }
        assumeTrue(missing == null, "live capture test skipped: " + missing);

        Path pcap = dir.resolve("incident.pcap");
        long frames = Worm770Scenario.write(pcap, 1, Worm770Scenario.Options.defaults().withSubnet(LiveNetwork.SUBNET))
                .capture().frames();
        Path sender = dir.resolve("send_udp.py");
        try (InputStream in = getClass().getResourceAsStream("/live/send_udp.py")) {
            Files.copy(in, sender);
        }
        Path probe = dir.resolve("probe.js");
        Files.writeString(probe, probeScript(1));

        // The baseline: the same capture read offline.
        Path offline = dir.resolve("offline");
        Cli base = Cli.run("run", "-r", pcap.toString(), "-C", "--local-nets", LiveNetwork.SUBNET,
                "--log-dir", offline.toString(), "worm770");
        assertEquals(0, base.status, base.err);

        live = dir.resolve("live");
        stderr = dir.resolve("monitor.err");
        try (LiveNetwork n = LiveNetwork.create()) {
            net = n;
            String java = ProcessHandle.current().info().command().orElse("java");
            // -C: the veth peer leaves UDP checksums to offload, so its own datagrams arrive without them.
            Process monitor = new ProcessBuilder(net.in(net.mon, java, "-cp", System.getProperty("java.class.path"),
                    "-Dpolyglot.engine.WarnInterpreterOnly=false", Main.class.getName(),
                    "run", "-i", LiveNetwork.MON_IF, "-C", "--local-nets", LiveNetwork.SUBNET,
                    "--log-dir", live.toString(), "--rotate", "5s", "--stats-interval", "2",
                    "--metrics", "127.0.0.1:" + METRICS_PORT, "worm770", probe.toString()))
                    .redirectOutput(dir.resolve("monitor.out").toFile())
                    .redirectError(stderr.toFile())
                    .start();
            try {
                monitorAndStop(monitor, sender, probe, frames);
            } finally {
                if (monitor.isAlive()) {
                    monitor.destroyForcibly();
                }
            }
        }
        compareWithOffline(offline, frames);
    }

    private void monitorAndStop(Process monitor, Path sender, Path probe, long frames) throws Exception {
        await("the monitor to start capturing", () -> err().contains("capturing on " + LiveNetwork.MON_IF));

        // Live UDP: two worm bursts from port 770 to the directed broadcast, each after a legitimate datagram.
        send(sender, "burst", LiveNetwork.BROADCAST, "40000", "2");
        await("a live Infected_Host notice for the sender", () -> notice("Worm770::Infected_Host", LiveNetwork.PEER_ADDR));

        // The generated incident, replayed at full speed onto the monitored link.
        String replay = LiveNetwork.sh(net.in(net.peer, "tcpreplay", "-i", LiveNetwork.PEER_IF, "--topspeed",
                dir.resolve("incident.pcap").toString()));
        assertTrue(replay.contains("Successful packets:        " + frames), replay);
        await("a live Infected_Host notice for the replayed worm", () -> notice("Worm770::Infected_Host", "10.77.0.215"));
        long expected = frames + 12;
        await("every packet processed", () -> metric("tattler_packets_processed_total") >= expected
                && metric("tattler_capture_queue_frames") == 0);
        Map<String, Double> m = metrics();
        assertEquals(0.0, m.get("tattler_packets_dropped_total{by=\"kernel\"}"), m.toString());
        assertEquals((double) expected, m.get("tattler_packets_received_total"), 0.0, m.toString());

        // SIGHUP: probe.js version 2 replaces version 1, the capture goes on.
        send(sender, "probe", LiveNetwork.BROADCAST, "139");
        await("probe v1 to log", () -> probeRows().contains("1:1"));
        Files.writeString(probe, probeScript(2));
        signal(monitor, "HUP");
        await("the reload", () -> err().contains("scripts reloaded"));
        send(sender, "probe", LiveNetwork.BROADCAST, "139");
        await("probe v2 to log", () -> probeRows().contains("2:1"));

        // A reload that fails leaves version 2 running, with a reporter entry.
        Files.writeString(probe, "tattler.on('udp_request', (c, p) => {");
        signal(monitor, "HUP");
        await("the failed reload", () -> err().contains("reload failed"));
        send(sender, "probe", LiveNetwork.BROADCAST, "139");
        await("probe v2 still logging", () -> probeRows().contains("2:2"));
        assertTrue(logText("reporter").contains("reload failed, the scripts loaded before keep running"), logText("reporter"));

        // At least one rotation in the middle of the run (boundaries every 5 s of the clock).
        await("a log rotation", () -> logText("stats").contains("\n#close\t"));
        signal(monitor, "TERM");
        assertTrue(monitor.waitFor(60, TimeUnit.SECONDS), "exits after SIGTERM:\n" + err());
        assertEquals(0, monitor.exitValue(), err());
        String summary = err().lines().filter(l -> l.contains("capture on " + LiveNetwork.MON_IF + " ended"))
                .findFirst().orElse("");
        assertTrue(summary.contains(" " + (expected + 3) + " packets ") && summary.contains(" 0 dropped by the kernel"),
                "summary: " + summary + "\n" + err());
        System.out.println("live capture test: tcpreplay " + replay.lines().filter(l -> l.contains("Rated"))
                .findFirst().orElse("").strip() + "\nlive capture test: monitor " + summary.strip());
    }

    /** After SIGTERM: every log closed and rotated, and the counts agree with the offline run. */
    private void compareWithOffline(Path offline, long frames) throws IOException {
        try (Stream<Path> files = Files.list(live)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            for (String name : names) {
                assertTrue(name.matches("[a-z0-9_]+\\.\\d{4}(-\\d\\d){5}-\\d{4}(-\\d\\d){5}(\\.\\d+)?\\.log"),
                        "every log rotated when the run ended: " + names);
                ZeekLog log = ZeekLog.read(live.resolve(name)); // whole rows, header
                assertTrue(log.header.containsKey("close"), name + " has #close");
            }
            long statsFiles = names.stream().filter(n -> n.startsWith("stats.")).count();
            assertTrue(statsFiles >= 2, "rotated every 5 s: " + names);
        }
        List<Map<String, String>> stats = rows(live, "stats");
        assertEquals(frames + 15, sum(stats, "pkts_proc"), "stats.log accounts for every packet");
        assertEquals(0, sum(stats, "pkts_dropped"), "no drops");
        assertTrue(stats.stream().allMatch(r -> r.get("pkts_dropped").matches("\\d+")), "drops reported in every row");

        assertEquals(bursts(rows(offline, "worm770")), bursts(rows(live, "worm770")),
                "worm770.log bursts of the replayed worm, live and offline");
        assertEquals(129, bursts(rows(offline, "worm770")));
        assertEquals(packets(rows(offline, "conn")), packets(rows(live, "conn")),
                "conn.log packets of the replayed traffic, live and offline");
        System.out.println("live capture test: " + bursts(rows(live, "worm770")) + " worm770 bursts live, "
                + bursts(rows(offline, "worm770")) + " offline; conn.log packets live " + packets(rows(live, "conn"))
                + ", offline " + packets(rows(offline, "conn")) + "; " + stats.size() + " stats.log rows");
        Set<String> notes = notes(rows(live, "notice"), "10.77.0.215");
        assertTrue(notes.containsAll(Set.of("Worm770::Burst", "Worm770::Self_ARP_Flood", "Worm770::Infected_Host")),
                notes.toString());
        assertEquals(Set.of("Worm770::Burst", "Worm770::Infected_Host"), notes(rows(live, "notice"), LiveNetwork.PEER_ADDR));
    }

    private static long bursts(List<Map<String, String>> worm) {
        return worm.stream().filter(r -> r.get("kind").equals("burst") && r.get("host").equals("10.77.0.215")).count();
    }

    /** Packets of every connection that is not the live sender's, by protocol. */
    private static Map<String, Long> packets(List<Map<String, String>> conn) {
        Map<String, Long> byProto = new HashMap<>();
        for (Map<String, String> r : conn) {
            if (r.get("id.orig_h").equals(LiveNetwork.PEER_ADDR) || r.get("id.resp_h").equals(LiveNetwork.PEER_ADDR)) {
                continue;
            }
            byProto.merge(r.get("proto"), Long.parseLong(r.get("orig_pkts")) + Long.parseLong(r.get("resp_pkts")), Long::sum);
        }
        return byProto;
    }

    private static Set<String> notes(List<Map<String, String>> notices, String src) {
        return notices.stream().filter(r -> r.get("src").equals(src)).map(r -> r.get("note"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static long sum(List<Map<String, String>> rows, String column) {
        return rows.stream().map(r -> r.get(column)).filter(v -> !v.equals("-")).mapToLong(Long::parseLong).sum();
    }

    /** The rows of log {@code path} across its files: PATH.log and every rotated PATH.*.log. */
    private static List<Map<String, String>> rows(Path logDir, String path) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (Path f : files(logDir, path)) {
            rows.addAll(ZeekLog.read(f).rows);
        }
        return rows;
    }

    private static List<Path> files(Path logDir, String path) throws IOException {
        if (!Files.isDirectory(logDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(logDir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.equals(path + ".log") || (n.startsWith(path + ".") && n.endsWith(".log")
                        && Character.isDigit(n.charAt(path.length() + 1)));
            }).sorted().collect(Collectors.toList());
        }
    }

    /** The text of every file of a log, as it is now (the monitor flushes once a second). */
    private String logText(String path) {
        StringBuilder sb = new StringBuilder();
        try {
            for (Path f : files(live, path)) {
                sb.append(Files.readString(f));
            }
        } catch (IOException e) {
            // a file being rotated right now: the next poll sees it
        }
        return sb.toString();
    }

    private boolean notice(String note, String src) {
        return logText("notice").lines().anyMatch(l -> l.contains(note) && l.contains("\t" + src + "\t"));
    }

    /** probe.log rows as "version:n". */
    private String probeRows() {
        return logText("probe").lines().filter(l -> !l.startsWith("#"))
                .map(l -> l.split("\t")).filter(f -> f.length == 3)
                .map(f -> f[1] + ":" + f[2]).collect(Collectors.joining(" "));
    }

    private static String probeScript(int version) {
        return String.join("\n",
                "tattler.log.create('probe', { fields: { ts: 'time', version: 'count', n: 'count' } });",
                "let n = 0;",
                "tattler.on('udp_request', (c, p) => {",
                "  if (p.src === '" + LiveNetwork.PEER_ADDR + "' && p.dport === 139)",
                "    tattler.log.write('probe', { ts: p.ts, version: " + version + ", n: ++n });",
                "});");
    }

    private void send(Path sender, String... args) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("python3", sender.toString()));
        c.addAll(List.of(args));
        LiveNetwork.sh(net.in(net.peer, c.toArray(new String[0])));
    }

    private static void signal(Process p, String name) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor());
    }

    private String err() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "";
        }
    }

    private Map<String, Double> metrics() throws IOException, InterruptedException {
        String text = LiveNetwork.sh(net.in(net.mon, "python3", "-c",
                "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen("
                        + "'http://127.0.0.1:" + METRICS_PORT + "/metrics', timeout=5).read().decode())"));
        Map<String, Double> m = new HashMap<>();
        Matcher line = Pattern.compile("(?m)^(tattler_[^ ]+) (\\S+)$").matcher(text);
        while (line.find()) {
            m.put(line.group(1), Double.parseDouble(line.group(2)));
        }
        return m;
    }

    private double metric(String name) {
        try {
            return metrics().getOrDefault(name, -1.0);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + "; monitor stderr:\n" + err());
            }
            Thread.sleep(200);
        }
    }
}
