package dev.tattler.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PcapWriter;
import dev.tattler.event.ConnInfo;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventType;
import dev.tattler.event.IcmpError;
import dev.tattler.event.IcmpInfo;
import dev.tattler.event.PacketInfo;
import dev.tattler.generate.FrameBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection events through the engine and its bus, and conn.log as the engine writes it:
 * a small capture with a DNS exchange, a full TCP connection, an unanswered SYN, a ping, a
 * UDP probe answered by port unreachable and a traceroute hop's time exceeded.
 */
class ConnEventsTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_700_000_000L * SECOND;
    private static final long HOST = 0x0200_0000_0001L;
    private static final long GW = 0x0200_0000_00FEL;
    private static final int CLIENT = FrameBuilder.ip("192.168.7.10");
    private static final int DNS = FrameBuilder.ip("192.168.7.1");
    private static final int WEB = FrameBuilder.ip("198.51.100.80");
    private static final int DARK = FrameBuilder.ip("203.0.113.9");
    private static final int ROUTER = FrameBuilder.ip("100.64.0.1");

    @TempDir
    Path dir;

    private Path capture() throws IOException {
        Path pcap = dir.resolve("conns.pcap");
        FrameBuilder fb = new FrameBuilder();
        byte[] data = new byte[200];
        try (PcapWriter w = PcapWriter.create(pcap, LinkTypes.ETHERNET, PcapWriter.DEFAULT_SNAPLEN)) {
            long t = T0;
            w.write(t, fb.buffer(), 0, fb.udp(GW, HOST, 1, 64, CLIENT, DNS, 40_000, 53, data, 0, 30), fb.length());
            w.write(t += MS, fb.buffer(), 0, fb.udp(HOST, GW, 2, 64, DNS, CLIENT, 53, 40_000, data, 0, 90), fb.length());
            // TCP: SYN, SYN-ACK, 100 bytes each way (the first with the handshake's ACK), FIN, FIN, last ACK
            w.write(t += MS, fb.buffer(), 0, fb.tcp(GW, HOST, 3, 64, CLIENT, WEB, 40_001, 443, 100, 0,
                    FrameBuilder.TCP_SYN, 65_535, data, 0, 0), fb.length());
            w.write(t += MS, fb.buffer(), 0, fb.tcp(HOST, GW, 4, 60, WEB, CLIENT, 443, 40_001, 900, 101,
                    FrameBuilder.TCP_SYN | FrameBuilder.TCP_ACK, 65_535, data, 0, 0), fb.length());
            w.write(t += MS, fb.buffer(), 0, fb.tcp(GW, HOST, 5, 64, CLIENT, WEB, 40_001, 443, 101, 901,
                    FrameBuilder.TCP_ACK | FrameBuilder.TCP_PSH, 65_535, data, 0, 100), fb.length());
            w.write(t += MS, fb.buffer(), 0, fb.tcp(HOST, GW, 6, 60, WEB, CLIENT, 443, 40_001, 901, 201,
                    FrameBuilder.TCP_ACK | FrameBuilder.TCP_PSH, 65_535, data, 0, 100), fb.length());
            w.write(t += MS, fb.buffer(), 0, fb.tcp(GW, HOST, 7, 64, CLIENT, WEB, 40_001, 443, 201, 1001,
                    FrameBuilder.TCP_ACK | FrameBuilder.TCP_FIN, 65_535, data, 0, 0), fb.length());
            w.write(t += MS, fb.buffer(), 0, fb.tcp(HOST, GW, 8, 60, WEB, CLIENT, 443, 40_001, 1001, 202,
                    FrameBuilder.TCP_ACK | FrameBuilder.TCP_FIN, 65_535, data, 0, 0), fb.length());
            w.write(t += MS, fb.buffer(), 0, fb.tcp(GW, HOST, 9, 64, CLIENT, WEB, 40_001, 443, 202, 1002,
                    FrameBuilder.TCP_ACK, 65_535, data, 0, 0), fb.length());
            // an unanswered SYN
            w.write(t += MS, fb.buffer(), 0, fb.tcp(GW, HOST, 10, 64, CLIENT, DARK, 40_002, 22, 5000, 0,
                    FrameBuilder.TCP_SYN, 65_535, data, 0, 0), fb.length());
            // a ping and its reply
            w.write(t += MS, fb.buffer(), 0, fb.icmpEcho(GW, HOST, 11, 64, CLIENT, WEB, false, 0x77, 1, data, 0, 56),
                    fb.length());
            w.write(t += MS, fb.buffer(), 0, fb.icmpEcho(HOST, GW, 12, 60, WEB, CLIENT, true, 0x77, 1, data, 0, 56),
                    fb.length());
            // a UDP probe to a closed port, and the port unreachable quoting it
            int n = fb.udp(GW, HOST, 13, 64, CLIENT, DNS, 40_003, 33_434, data, 0, 12);
            byte[] probe = java.util.Arrays.copyOf(fb.buffer(), n);
            w.write(t += MS, probe, 0, n, n);
            w.write(t += MS, fb.buffer(), 0, fb.icmpPortUnreachable(HOST, GW, 14, 64, DNS, CLIENT, probe, 14, -1),
                    fb.length());
            // a traceroute hop: time exceeded quoting the same probe with TTL 1
            w.write(t += MS, fb.buffer(), 0, fb.icmpTimeExceeded(HOST, GW, 15, 255, ROUTER, CLIENT, probe, 14, 1),
                    fb.length());
            // six seconds later: the SYN's attempt delay has passed
            w.write(t += 6 * SECOND, fb.buffer(), 0, fb.udp(GW, HOST, 16, 64, CLIENT, DNS, 40_000, 53, data, 0, 30),
                    fb.length());
        }
        return pcap;
    }

    @Test
    void connectionEventsCarryTheConnectionAsConnLogWillShowIt() throws IOException {
        Path pcap = capture();
        List<String> seen = new ArrayList<>();
        List<ConnInfo> removed = new ArrayList<>();
        List<Object> icmp = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        EventBus bus = Corpus.bus(failures);
        for (EventType t : List.of(EventType.NEW_CONNECTION, EventType.CONNECTION_ESTABLISHED,
                EventType.CONNECTION_ATTEMPT, EventType.CONNECTION_STATE_REMOVE, EventType.UDP_REQUEST,
                EventType.UDP_REPLY, EventType.ICMP_ECHO_REQUEST, EventType.ICMP_ECHO_REPLY,
                EventType.ICMP_UNREACHABLE, EventType.ICMP_TIME_EXCEEDED)) {
            bus.subscribe(t, Corpus.handler(t.scriptName(), (a, b) -> {
                ConnInfo c = (ConnInfo) a;
                seen.add(t.scriptName() + " " + c.id.orig_p + ">" + c.id.resp_p);
                if (t == EventType.CONNECTION_STATE_REMOVE) {
                    removed.add(c);
                }
                if (b instanceof IcmpInfo || b instanceof IcmpError) {
                    icmp.add(b);
                }
                if (t == EventType.UDP_REQUEST || t == EventType.UDP_REPLY) {
                    assertTrue(b instanceof PacketInfo);
                }
            }), 0);
        }
        Corpus.run(pcap, EngineConfig.defaults(dir), bus, b -> { });
        assertEquals(List.of(), failures);

        assertEquals(List.of(
                "new_connection 40000>53", "udp_request 40000>53", "udp_reply 40000>53",
                "new_connection 40001>443", "connection_established 40001>443",
                "new_connection 40002>22",
                "new_connection 8>0", "icmp_echo_request 8>0", "icmp_echo_reply 8>0",
                "new_connection 40003>33434", "udp_request 40003>33434",
                "new_connection 3>3", "icmp_unreachable 3>3",
                "new_connection 11>0", "icmp_time_exceeded 11>0",
                // before the last packet: the closed TCP connection lingered 5 s, the SYN waited 5 s
                "connection_state_remove 40001>443",
                "connection_attempt 40002>22", "connection_state_remove 40002>22",
                "udp_request 40000>53",
                // the end of input removes the rest (sorted here)
                "connection_state_remove 11>0", "connection_state_remove 3>3",
                "connection_state_remove 40000>53", "connection_state_remove 40003>33434",
                "connection_state_remove 8>0"), sorted(seen));

        ConnInfo tcp = removed.stream().filter(c -> c.id.resp_p == 443).findFirst().orElseThrow();
        assertEquals("tcp", tcp.proto);
        assertEquals(6, tcp.ip_proto);
        assertEquals("SF", tcp.conn_state);
        assertEquals("ShDdFfA", tcp.history, "the last pure ACK comes after both FINs");
        assertEquals(100, tcp.orig_bytes);
        assertEquals(100, tcp.resp_bytes);
        assertEquals(4, tcp.orig_pkts);
        assertEquals(3, tcp.resp_pkts);
        assertEquals(4 * 40 + 100, tcp.orig_ip_bytes);
        assertEquals("192.168.7.10", tcp.id.orig_h);
        assertEquals("198.51.100.80", tcp.id.resp_h);
        assertTrue(tcp.local_orig, "192.168.0.0/16 is private, so local by default");
        assertTrue(tcp.local_resp, "198.51.100.0/24 (TEST-NET-2) too");
        assertTrue(tcp.uid.matches("C[0-9A-Za-z]{10,20}"), tcp.uid);
        assertNull(tcp.service);
        assertEquals(0.005, tcp.duration, 1e-9, "SYN to the second FIN; the last ACK does not count");

        ConnInfo attempt = removed.stream().filter(c -> c.id.resp_p == 22).findFirst().orElseThrow();
        assertEquals("S0", attempt.conn_state);
        assertEquals("S", attempt.history);

        ConnInfo dns = removed.stream().filter(c -> c.id.resp_p == 53).findFirst().orElseThrow();
        assertEquals("SF Dd 60 90 2 1", dns.conn_state + " " + dns.history + " " + dns.orig_bytes + " "
                + dns.resp_bytes + " " + dns.orig_pkts + " " + dns.resp_pkts);

        IcmpInfo echo = (IcmpInfo) icmp.get(0);
        assertEquals("8 0 56 64 119 1 false", echo.itype + " " + echo.icode + " " + echo.len + " " + echo.ttl + " "
                + echo.id + " " + echo.seq + " " + echo.v6);
        IcmpError unreachable = (IcmpError) icmp.get(2);
        assertEquals("3 3 28", unreachable.itype + " " + unreachable.icode + " " + unreachable.len);
        assertEquals("udp 192.168.7.10 40003 192.168.7.1 33434 40",
                unreachable.ctx.proto + " " + unreachable.ctx.id.orig_h + " " + unreachable.ctx.id.orig_p + " "
                        + unreachable.ctx.id.resp_h + " " + unreachable.ctx.id.resp_p + " " + unreachable.ctx.len);
        IcmpError hop = (IcmpError) icmp.get(3);
        assertEquals("11 0 udp 33434", hop.itype + " " + hop.icode + " " + hop.ctx.proto + " " + hop.ctx.id.resp_p);
    }

    /** Events in order, except the rows removed together at one time, which come in table order: sorted within runs. */
    private static List<String> sorted(List<String> seen) {
        List<String> out = new ArrayList<>(seen);
        int end = out.size();
        int start = out.lastIndexOf("udp_request 40000>53") + 1;
        out.subList(start, end).sort(null);
        return out;
    }

    @Test
    void connLogHasZeeksHeaderAndOneRowPerConnection() throws IOException {
        Path pcap = capture();
        Corpus.run(pcap, EngineConfig.defaults(dir), Corpus.bus(new ArrayList<>()), b -> { });
        List<String> log = Files.readAllLines(dir.resolve("conn.log"), StandardCharsets.UTF_8);
        List<String> baseline = Files.readAllLines(Corpus.file("zeek-conn/core.pcapng-pktsrc/conn.log"),
                StandardCharsets.UTF_8);
        assertEquals(line(baseline, "#fields"), line(log, "#fields"));
        assertEquals(line(baseline, "#types"), line(log, "#types"));
        assertEquals("#path\tconn", line(log, "#path"));
        assertTrue(log.get(log.size() - 1).startsWith("#close\t"));
        List<String> rows = new ArrayList<>();
        for (String l : log) {
            if (!l.startsWith("#")) {
                String[] c = l.split("\t");
                rows.add(String.join(" ", c[2], c[3], c[4], c[5], c[6], c[8], c[9], c[10], c[11], c[12], c[13],
                        c[14], c[15], c[16], c[17], c[18], c[19], c[20], c[21]));
            }
        }
        rows.sort(null);
        assertEquals(List.of(
                "100.64.0.1 11 192.168.7.10 0 icmp - - - OTH T T 0 - 1 56 0 0 - 1",
                "192.168.7.1 3 192.168.7.10 3 icmp - - - OTH T T 0 - 1 56 0 0 - 1",
                "192.168.7.10 40000 192.168.7.1 53 udp 6.014000 60 90 SF T T 0 Dd 2 116 1 118 - 17",
                "192.168.7.10 40001 198.51.100.80 443 tcp 0.005000 100 100 SF T T 0 ShDdFfA 4 260 3 220 - 6",
                "192.168.7.10 40002 203.0.113.9 22 tcp - - - S0 T T 0 S 1 40 0 0 - 6",
                "192.168.7.10 40003 192.168.7.1 33434 udp - - - S0 T T 0 D 1 40 0 0 - 17",
                "192.168.7.10 8 198.51.100.80 0 icmp 0.001000 56 56 OTH T T 0 - 1 84 1 84 - 1"), rows);
    }

    @Test
    void connLogAsJsonLinesUsesZeeksDottedKeys() throws IOException {
        Path pcap = capture();
        Path json = Files.createDirectories(dir.resolve("json"));
        try (dev.tattler.log.LogManager logs = new dev.tattler.log.LogManager(json, dev.tattler.log.LogFormat.JSON);
             dev.tattler.capture.PacketSource source = dev.tattler.capture.CaptureFiles.open(pcap);
             EventEngine engine = new EventEngine(EngineConfig.defaults(json), Corpus.bus(new ArrayList<>()),
                     new dev.tattler.log.Reporter(new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true,
                             StandardCharsets.UTF_8)), logs)) {
            engine.run(source);
        }
        List<String> rows = Files.readAllLines(json.resolve("conn.log"), StandardCharsets.UTF_8);
        assertEquals(7, rows.size());
        String tcp = rows.stream().filter(r -> r.contains("\"id.resp_p\":443")).findFirst().orElseThrow();
        assertTrue(tcp.startsWith("{\"ts\":1700000000.002000,\"uid\":\"C"), tcp);
        assertTrue(tcp.contains(",\"id.orig_h\":\"192.168.7.10\",\"id.orig_p\":40001,\"id.resp_h\":\"198.51.100.80\","
                + "\"id.resp_p\":443,\"proto\":\"tcp\",\"duration\":0.005000,\"orig_bytes\":100,\"resp_bytes\":100,"
                + "\"conn_state\":\"SF\",\"local_orig\":true,\"local_resp\":true,\"missed_bytes\":0,"
                + "\"history\":\"ShDdFfA\",\"orig_pkts\":4,\"orig_ip_bytes\":260,\"resp_pkts\":3,"
                + "\"resp_ip_bytes\":220,\"ip_proto\":6}"), tcp);
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
    }
}
