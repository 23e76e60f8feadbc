package dev.tattler.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tattler.conn.ConnConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A flood of distinct UDP flows runs in a bounded heap: 1,000,000 flows, one datagram each, in
 * a JVM of its own with {@code -Xmx512m} and the default connection cap, which is below the
 * flow count. The run must finish, write one conn.log row per flow (each one evicted at the
 * cap or flushed at the end: none lost), and report the cap with its weird.
 */
class ConnFloodTest {
    private static final int FLOWS = 1_000_000;

    @TempDir
    Path tmp;

    @Test
    void aMillionFlowsRunInHalfAGigabyteAndEveryOneIsLogged() throws Exception {
        Path capture = tmp.resolve("flood.pcap");
        ConnFlood.write(capture, FLOWS, false);
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        int cap = ConnConfig.DEFAULT_MAX_CONNECTIONS;
        assertTrue(cap < FLOWS, "the cap must be hit");

        Map<String, Long> out = fork(capture, logs, cap);
        assertEquals(FLOWS, out.get("packets"));
        assertEquals(FLOWS - cap, out.get("table_full"), "one eviction per flow past the cap");
        assertTrue(out.get("peak_heap_mb") <= 512, "heap " + out);

        long rows = 0;
        long evictedWeirdRows = 0;
        try (BufferedReader r = Files.newBufferedReader(logs.resolve("conn.log"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("#")) {
                    rows++;
                }
            }
        }
        try (BufferedReader r = Files.newBufferedReader(logs.resolve("weird.log"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.contains("\tconnection_table_full\t")) {
                    evictedWeirdRows++;
                }
            }
        }
        assertEquals(FLOWS, rows, "one conn.log row per flow");
        assertTrue(evictedWeirdRows > 0, "weird.log names the cap");
        System.out.println("flood: " + FLOWS + " flows, cap " + cap + ", " + out);
    }

    /** Runs {@link ConnFlood} in a JVM with a 512 MB heap and returns its key=value output. */
    private static Map<String, Long> fork(Path capture, Path logs, int cap) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ConnFlood.class.getName(), "run",
                capture.toString(), logs.toString(), Integer.toString(cap)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text;
        try (InputStream in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the flood run finishes");
        assertEquals(0, p.exitValue(), "flood run failed:\n" + text);
        Map<String, Long> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(eq + 1).trim().matches("\\d+")) {
                out.put(line.substring(0, eq).trim(), Long.parseLong(line.substring(eq + 1).trim()));
            }
        }
        return out;
    }
}
