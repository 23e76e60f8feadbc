package dev.tattler.filter;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketSource;
import dev.tattler.engine.EngineConfig;
import dev.tattler.engine.EventEngine;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventHandler;
import dev.tattler.event.EventType;
import dev.tattler.log.Reporter;
import dev.tattler.testing.SharedCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The oracle for the filter language: for corpus captures without VLAN tags (where decoded and
 * raw-offset semantics agree), the packets a raw_packet handler with a filter sees must be the
 * packets {@code tcpdump -n -tt -r FILE EXPR} prints, compared by timestamp sequence. Where
 * Tattler deliberately differs (docs/scripting.md: {@code tcp[...]} on IPv6 reads the decoded TCP
 * header, tcpdump an IPv4 offset), an entry {@code "ours => tcpdump's"} gives tcpdump the
 * equivalent raw-offset expression. IPv6 fragments with a port are left out: Tattler reads the
 * first fragment's UDP header, tcpdump does not look past the fragment header.
 *
 * <p>tcpdump must be on PATH; without it this test fails, saying to install it, unless
 * {@code TATTLER_NO_TCPDUMP=1} is set, which skips it.
 */
class TcpdumpOracleTest {
    private static final List<String> CAPTURES = List.of(
            "tcpdump/tests/eapon1.pcap",
            "suricata-verify/tests/sip-method/sip.pcap",
            "zeek/testing/btest/Traces/wikipedia-filtered-plus-udp.pcap",
            "zeek/testing/btest/Traces/raw_packets.pcap",
            "packets/icmp_traceroute.pcapng",
            "packets/synscan.pcapng",
            "zeek/testing/btest/Traces/communityid/ipv6.pcap",
            "packets/ipv6_fragments.pcapng",
            "packets/ip_frag_source.pcapng",
            "tcpdump/tests/afs.pcap",
            "zeek/testing/btest/Traces/arp-leak.pcap",
            "suricata-verify/tests/decode-arp-2/arp.pcap",
            "packets/arp_gratuitous.pcapng",
            "tcpdump/tests/dns_tcp.pcap",
            "packets/ppa1e/blaster.pcap",
            "zeek/testing/btest/Traces/dhcp/dhcp.pcap",
            "tcpdump/tests/ripv1v2.pcap");

    private static final List<String> EXPRESSIONS = List.of(
            "ip", "ip6", "arp", "tcp", "udp", "icmp", "icmp6",
            "udp port 53", "port 53 or port 80", "tcp dst port 80", "src port 138", "portrange 1-1023",
            "udp portrange 67-68", "tcp src or dst port 1025 or 445",
            "host 192.168.1.1 or 192.168.0.1 or 10.0.0.2", "src host 192.168.1.103", "dst host 255.255.255.255",
            // host lists become one set: directions, negation, 0.0.0.0, ARP, and 'src and dst' (no set)
            "src host 192.168.1.1 or src host 192.168.0.1 or src host 10.0.0.2 or src host 192.168.1.103",
            "udp and not (src host 192.168.1.1 or src host 192.168.0.1 or src host 0.0.0.0)",
            "dst host 255.255.255.255 or dst host 0.0.0.0 or dst host 192.168.1.1", "arp and (host 192.168.1.1 or 192.168.0.1)",
            "src and dst host 192.168.1.1 or 192.168.1.103", "src host 192.168.1.1 or dst host 192.168.0.1 or 10.0.0.2",
            "net 192.168.0.0/16", "net 10.0.0.0 mask 255.0.0.0", "net 192.168", "src net 172.16.0.0/12",
            "src and dst net 192.168.0.0/16", "ip6 net fe80::/10", "dst net ff02::/16",
            "broadcast", "ether broadcast", "multicast", "not ether dst ff:ff:ff:ff:ff:ff", "ip multicast",
            "ip6 multicast", "less 64", "greater 1000", "len > 100 and len < 600",
            "ip and tcp[tcpflags] & tcp-syn != 0", "ip and tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn",
            "ip and tcp[13] = 0x12", "ip and (tcp[tcpflags] & tcp-rst != 0 or tcp[tcpflags] & tcp-fin != 0)",
            "ip6 and tcp[13] = 0x12 => ip6 and ip6[6] = 6 and ip6[53] = 0x12",
            "ip6 and udp[4:2] > 100 => ip6 and ip6[6] = 17 and ip6[44:2] > 100",
            "icmp[icmptype] = icmp-echo", "icmp[icmptype] != icmp-echo and icmp[icmptype] != icmp-echoreply",
            "icmp6 and ip6[48] = 128",
            "icmp6[icmp6type] = icmp6-echo"
                    + " => ip6[6] = 44 and ip6[40] = 58 and ip6[42:2] & 0xfff8 = 0 and ip6[48] = 128",
            "ip[8] < 5", "ip[6:2] & 0x1fff != 0", "ip[6:2] & 0x3fff != 0",
            "arp[6:2] = 1", "arp[14:4] = arp[24:4]", "ip and udp[4:2] > 100", "ether[12:2] = 0x0800",
            "ip[2:2] - ((ip[0] & 0xf) << 2) > 200", "ip[9] * 2 + 1 = 35", "ip[16] / 10 = 19",
            "not udp and not tcp", "udp or arp and not broadcast", "!(tcp or udp)", "tcp and (port 80 or port 443)",
            "ip and udp[1000] = 0", "ip and not udp[1000] = 0", "ip and udp and not udp[1000] = 0", "ether[1500:4] != 0", "ip6 and udp", "ip && !udp || icmp", "vlan",
            "len + -1 < len and 0xffffffff = -1", "udp and ip[2:2] / (len - len) = 0", "ip[0] & 0xf > 5");

    /**
     * Expressions that select nothing: no capture here has VLAN tags; a division by zero rejects
     * the packet; no host sends to itself, while raw_packets.pcap has packets between the two
     * hosts that a set of both (wrong for 'src and dst') would select.
     */
    private static final List<String> NOTHING_HERE = List.of("src and dst host 192.168.1.1 or 192.168.1.103", "vlan",
            "udp and ip[2:2] / (len - len) = 0");

    private static final Pattern TIMESTAMP = Pattern.compile("^(\\d+)\\.(\\d{6}) ");

    @Test
    void selectsWhatTcpdumpSelects(@TempDir Path logs) throws Exception {
        String tcpdump = tcpdump();
        Path corpus = SharedCorpus.root();
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        int[] selectedBy = new int[EXPRESSIONS.size()];
        for (String capture : CAPTURES) {
            Path file = corpus.resolve(capture);
            assertTrue(Files.isRegularFile(file), file + " missing from the corpus");
            List<List<String>> ours = run(file, logs);
            for (int i = 0; i < EXPRESSIONS.size(); i++) {
                List<String> theirs = tcpdump(tcpdump, file, theirs(EXPRESSIONS.get(i)));
                compared++;
                selectedBy[i] += theirs.size();
                if (!theirs.equals(ours.get(i))) {
                    mismatches.add(capture + " '" + EXPRESSIONS.get(i) + "': tcpdump " + theirs.size() + " "
                            + head(theirs) + ", Tattler " + ours.get(i).size() + " " + head(ours.get(i)));
                }
            }
        }
        assertEquals(List.of(), mismatches, compared + " comparisons");
        List<String> selectingNothing = new ArrayList<>();
        for (int i = 0; i < EXPRESSIONS.size(); i++) {
            if (selectedBy[i] == 0) {
                selectingNothing.add(EXPRESSIONS.get(i));
            }
        }
        assertEquals(NOTHING_HERE, selectingNothing, "expressions that select no packet in any capture");
    }

    /** Every expression's selection, by one engine run with one filtered raw_packet handler each. */
    private static List<List<String>> run(Path file, Path logs) throws IOException {
        EventBus bus = new EventBus((e, h, x) -> fail(h.origin() + ": " + x));
        List<List<String>> selected = new ArrayList<>();
        for (String expression : EXPRESSIONS) {
            List<String> times = new ArrayList<>();
            selected.add(times);
            bus.subscribe(EventType.RAW_PACKET, new EventHandler() {
                @Override
                public void handle(Object first, Object second) {
                    times.add(micros(bus.packet().timestampNanos()));
                }

                @Override
                public String origin() {
                    return expression;
                }
            }, 0, PacketFilter.compile(ours(expression)));
        }
        Reporter reporter = new Reporter(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try (PacketSource source = CaptureFiles.open(file);
             EventEngine engine = new EventEngine(EngineConfig.defaults(logs), bus, reporter)) {
            engine.run(source);
        }
        return selected;
    }

    private static String ours(String entry) {
        int arrow = entry.indexOf(" => ");
        return arrow < 0 ? entry : entry.substring(0, arrow);
    }

    private static String theirs(String entry) {
        int arrow = entry.indexOf(" => ");
        return arrow < 0 ? entry : entry.substring(arrow + 4);
    }

    private static String micros(long nanos) {
        return Math.floorDiv(nanos, 1_000_000_000L) + "." + String.format("%06d", Math.floorMod(nanos, 1_000_000_000L) / 1000);
    }

    private static List<String> tcpdump(String tcpdump, Path file, String expression) throws Exception {
        Process p = new ProcessBuilder(tcpdump, "-n", "-tt", "-r", file.toString(), expression)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> times = new ArrayList<>();
        try (InputStream in = p.getInputStream()) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher m = TIMESTAMP.matcher(line);
                if (m.find()) {
                    times.add(m.group(1) + "." + m.group(2));
                }
            }
        }
        int exit = p.waitFor();
        assertEquals(0, exit, "tcpdump -r " + file + " '" + expression + "' failed");
        return times;
    }

    private static String head(List<String> times) {
        return times.size() <= 3 ? times.toString() : times.subList(0, 3) + "...";
    }

    /** tcpdump on PATH; a failure saying to install it, or a skip under TATTLER_NO_TCPDUMP=1. */
    static String tcpdump() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "tcpdump");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        assumeFalse("1".equals(System.getenv("TATTLER_NO_TCPDUMP")),
                "tcpdump is not on PATH and TATTLER_NO_TCPDUMP=1: the tcpdump oracle test is skipped");
        fail("tcpdump is not on PATH: install it (apt-get install tcpdump) to run the filter oracle test,"
                + " or set TATTLER_NO_TCPDUMP=1 to skip it");
        return null;
    }
}
