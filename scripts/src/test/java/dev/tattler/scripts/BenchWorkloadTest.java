package dev.tattler.scripts;

import dev.tattler.generate.BenchScenario;
import dev.tattler.testing.ZeekLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark workload is what docs/benchmarks.md says it is: a clean busy-LAN mix whose
 * worm770 bursts the detector finds, every one, and nothing else.
 */
class BenchWorkloadTest {
    @TempDir
    Path dir;

    @Test
    void theDetectorFindsEveryBurstAndTheMixIsClean() throws Exception {
        Path capture = dir.resolve("bench.pcap");
        long packets = 110_000;
        long bursts = BenchScenario.write(capture, packets, 7);
        assertEquals(packets / BenchScenario.BURST_EVERY, bursts, "a burst every 50,000 packets");

        Path logs = Files.createDirectories(dir.resolve("logs"));
        Worm770Run run = Worm770Run.over(capture, logs, Map.of());
        assertEquals(List.of(), run.failures);
        assertEquals(Set.of("10.40.0.9"), run.hosts("Worm770::Infected_Host"));

        ZeekLog worm = ZeekLog.read(logs.resolve("worm770.log"));
        List<Map<String, String>> found = worm.rows.stream().filter(r -> r.get("kind").equals("burst")).toList();
        assertEquals(bursts, found.size(), "every burst, once");
        assertTrue(found.stream().allMatch(r -> r.get("linked").equals("T") && r.get("host").equals("10.40.0.9")));

        assertFalse(Files.exists(logs.resolve("weird.log")), "generated packets are well-formed");
        ZeekLog conn = ZeekLog.read(logs.resolve("conn.log"));
        long counted = conn.rows.stream()
                .mapToLong(r -> Long.parseLong(r.get("orig_pkts")) + Long.parseLong(r.get("resp_pkts"))).sum();
        double perConnection = (double) counted / conn.rows.size();
        assertTrue(perConnection > 15 && perConnection < 40, "packets per connection: " + perConnection);

        Map<String, Long> protos = conn.rows.stream().collect(Collectors.groupingBy(r -> r.get("proto"),
                Collectors.counting()));
        assertEquals(Set.of("tcp", "udp", "icmp"), protos.keySet());
        Map<String, Long> tcpStates = conn.rows.stream().filter(r -> r.get("proto").equals("tcp"))
                .collect(Collectors.groupingBy(r -> r.get("conn_state"), Collectors.counting()));
        long tcp = protos.get("tcp");
        // Sessions still open at the end of the capture are the only ones not closed cleanly.
        assertTrue(tcpStates.getOrDefault("SF", 0L) >= tcp - 48, "TCP states: " + tcpStates);
        long tcpPackets = conn.rows.stream().filter(r -> r.get("proto").equals("tcp"))
                .mapToLong(r -> Long.parseLong(r.get("orig_pkts")) + Long.parseLong(r.get("resp_pkts"))).sum();
        double tcpShare = (double) tcpPackets / packets;
        assertTrue(tcpShare > 0.65 && tcpShare < 0.80, "TCP share of packets: " + tcpShare);
        Function<String, Long> column = name -> conn.rows.stream().filter(r -> r.get("proto").equals("tcp"))
                .mapToLong(r -> r.get(name).equals("-") ? 0 : Long.parseLong(r.get(name))).sum();
        assertTrue(column.apply("resp_bytes") > 10 * column.apply("orig_bytes"), "servers send the data");
    }
}
