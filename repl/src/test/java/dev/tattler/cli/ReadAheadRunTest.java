package dev.tattler.cli;

import dev.tattler.generate.BenchScenario;
import dev.tattler.generate.Worm770Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tattler run --threads 2} (the file read and its checksums verified on a thread of its
 * own) writes exactly the logs,
 * evidence and report of {@code --threads 1}: same rows in the same order, same uids — only the
 * wall-clock #open/#close lines differ.
 */
class ReadAheadRunTest {
    @TempDir
    Path dir;

    @Test
    void twoThreadsWriteTheSameLogsAsOne() throws Exception {
        Path incident = dir.resolve("incident.pcap");
        Worm770Scenario.write(incident, 3, Worm770Scenario.Options.defaults());
        Path bench = dir.resolve("bench.pcap");
        BenchScenario.write(bench, 25_000, 5);
        Path gz = dir.resolve("bench.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(bench, out);
        }
        byte[] whole = Files.readAllBytes(bench);
        Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length * 2 / 3));
        for (Path capture : List.of(incident, bench, gz, cut,
                Cli.corpus("zeek/testing/btest/Traces/pcapng-multi-interface.pcapng"),
                Cli.corpus("zeek/testing/btest/Traces/wikipedia-filtered-plus-udp.pcap"),
                Cli.corpus("zeek-conn/core.tcp.bad-checksum-syn/syn-bad.pcap"),
                Cli.corpus("zeek-conn/core.udp-corrupt/dns-corrupt.pcap"),
                Cli.corpus("zeek/testing/btest/Traces/ipv6-fragmented-dns.pcap"))) {
            String name = capture.getFileName().toString();
            Path one = dir.resolve(name + "-1");
            Path two = dir.resolve(name + "-2");
            Cli single = Cli.run("run", "-r", capture.toString(), "--threads", "1", "--log-dir", one.toString(),
                    "worm770", "summary");
            Cli pipelined = Cli.run("run", "-r", capture.toString(), "--threads", "2", "--log-dir", two.toString(),
                    "worm770", "summary");
            assertEquals(0, single.status, single.err);
            assertEquals(single.status, pipelined.status, name);
            assertEquals(single.out.replace(one.toString(), "DIR"), pipelined.out.replace(two.toString(), "DIR"), name);
            assertEquals(files(one), files(two), name + ": the same files");
            assertTrue(files(one).contains("conn.log"), name);
            for (String file : files(one)) {
                if (file.endsWith(".log")) {
                    assertEquals(rows(one, file), rows(two, file), name + ": " + file);
                } else {
                    assertArrayEquals(Files.readAllBytes(one.resolve(file)), Files.readAllBytes(two.resolve(file)),
                            name + ": " + file);
                }
            }
        }
    }

    private static List<String> files(Path logs) throws IOException {
        try (Stream<Path> s = Files.list(logs)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /**
     * Every line but the wall-clock ones (#open, #close, and the reporter's warning about the
     * JIT, given before the first packet sets network time), with the log directory as DIR.
     */
    private static List<String> rows(Path logs, String file) throws IOException {
        return Files.readAllLines(logs.resolve(file)).stream()
                .filter(l -> !l.startsWith("#open") && !l.startsWith("#close") && !l.contains("interpreter-only"))
                .map(l -> l.replace(logs.toString(), "DIR"))
                .collect(Collectors.toList());
    }
}
