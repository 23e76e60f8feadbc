package dev.tattler.cli;

import dev.tattler.capture.LiveCaptureException;
import dev.tattler.capture.LiveSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test network of its own: two network namespaces, "mon" (where Tattler captures) and "peer"
 * (which sends), joined by a veth pair, with addresses in 10.77.0.0/24 that exist only inside
 * them and IPv6 off so that the kernel adds no traffic of its own. The namespaces have no other
 * interface, no default route and no forwarding: every frame the tests send or replay (whatever
 * addresses it carries) stays on this wire. {@link #close()} deletes both
 * namespaces (and with them the veth pair), and a shutdown hook does it if the JVM ends first.
 *
 * <pre>
 *   [ns mon] tt-mon0 10.77.0.251/24  ═══ veth ═══  tt-peer0 10.77.0.250/24 [ns peer]
 *            tattler run -i tt-mon0                  python3 send_udp.py, tcpreplay
 * </pre>
 */
final class LiveNetwork implements AutoCloseable {
    static final String SUBNET = "10.77.0.0/24";
    static final String MON_ADDR = "10.77.0.251";
    static final String PEER_ADDR = "10.77.0.250";
    static final String BROADCAST = "10.77.0.255";
    static final String MON_IF = "tt-mon0";
    static final String PEER_IF = "tt-peer0";

    final String mon;
    final String peer;
    private final Thread cleanup;

    private LiveNetwork(String mon, String peer) {
        this.mon = mon;
        this.peer = peer;
        this.cleanup = new Thread(this::delete, "live-network-cleanup");
    }

    /**
     * Why live tests cannot run here, or null when they can: they need root, iproute2,
     * tcpreplay, python3 and libpcap.
     */
    static String missing() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not root";
        }
        for (String tool : List.of("ip", "tcpreplay", "python3")) {
            if (!onPath(tool)) {
                return tool + " is not installed";
            }
        }
        try {
            LiveSource.interfaceNames();
        } catch (LiveCaptureException e) {
            return e.getMessage();
        }
        return null;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Creates the two namespaces and the wire between them. */
    static LiveNetwork create() throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        LiveNetwork n = new LiveNetwork("tattler-mon-" + pid, "tattler-peer-" + pid);
        Runtime.getRuntime().addShutdownHook(n.cleanup);
        try {
            n.delete(); // left over from a killed run with the same pid
            sh("ip", "netns", "add", n.mon);
            sh("ip", "netns", "add", n.peer);
            sh("ip", "link", "add", MON_IF, "netns", n.mon, "type", "veth", "peer", "name", PEER_IF, "netns", n.peer);
            for (String ns : List.of(n.mon, n.peer)) {
                sh(n.in(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1",
                        "net.ipv4.ip_forward=0"));
                sh(n.in(ns, "ip", "link", "set", "lo", "up"));
            }
            sh(n.in(n.mon, "ip", "addr", "add", MON_ADDR + "/24", "brd", "+", "dev", MON_IF));
            sh(n.in(n.peer, "ip", "addr", "add", PEER_ADDR + "/24", "brd", "+", "dev", PEER_IF));
            sh(n.in(n.mon, "ip", "link", "set", MON_IF, "up"));
            sh(n.in(n.peer, "ip", "link", "set", PEER_IF, "up"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** {@code command} run inside namespace {@code ns}. */
    List<String> in(String ns, String... command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(Arrays.asList(command));
        return c;
    }

    /** Runs {@code command} and returns its output; fails on a non-zero exit or after a minute. */
    static String sh(String... command) throws IOException, InterruptedException {
        return sh(List.of(command));
    }

    static String sh(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + text.strip());
        }
        return text;
    }

    private void delete() {
        for (String ns : List.of(mon, peer)) {
            try {
                Process p = new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes(); // "Cannot remove namespace file": it was not there
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                // nothing more to do from a test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }
}
