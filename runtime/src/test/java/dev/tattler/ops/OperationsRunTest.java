package dev.tattler.ops;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketSource;
import dev.tattler.engine.EngineConfig;
import dev.tattler.engine.EventEngine;
import dev.tattler.event.EventBus;
import dev.tattler.generate.GroundTruth;
import dev.tattler.generate.LanScenario;
import dev.tattler.log.LogFormat;
import dev.tattler.log.LogManager;
import dev.tattler.log.Reporter;
import dev.tattler.testing.ZeekLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rotation and stats.log on a capture file, where both follow network time: a 5-minute capture
 * rotated every minute gives five periods named by the capture's clock, with exactly the rows
 * of an unrotated run; stats.log has a row every 10 s of capture and accounts for every packet.
 */
class OperationsRunTest {
    @TempDir
    static Path dir;
    static Path capture;
    static GroundTruth truth;

    @BeforeAll
    static void capture() throws IOException {
        capture = dir.resolve("lan.pcap");
        truth = LanScenario.write(capture, 3, LanScenario.Options.defaults().withDuration(Duration.ofMinutes(5)));
    }

    /** Runs the capture with (or without) rotation and stats, logs in {@code logDir}. */
    private static void run(Path logDir, Duration rotate, Duration stats) throws IOException {
        Files.createDirectories(logDir);
        LogManager logs = new LogManager(logDir, LogFormat.TSV);
        logs.useZone(ZoneOffset.UTC);
        Reporter reporter = new Reporter(new PrintStream(new ByteArrayOutputStream(), true));
        EventEngine engine = new EventEngine(EngineConfig.defaults(logDir), new EventBus((e, h, x) -> { }), reporter, logs);
        if (rotate != null) {
            LogRotation.start(engine, rotate, ZoneOffset.UTC);
        }
        StatsLog statsLog = stats == null ? null : StatsLog.start(engine, null, stats);
        try (PacketSource source = CaptureFiles.open(capture)) {
            engine.run(source);
            engine.finish();
            if (statsLog != null) {
                statsLog.finish();
            }
        } finally {
            logs.closeAll();
        }
    }

    @Test
    void rotatingEveryMinuteOfCaptureTimeSplitsTheLogsWithoutLosingARow() throws IOException {
        Path plain = dir.resolve("plain");
        Path rotated = dir.resolve("rotated");
        run(plain, null, null);
        run(rotated, Duration.ofMinutes(1), null);
        List<String> conn = names(rotated, "conn.");
        assertEquals(List.of(
                "conn.2024-05-06-09-00-00-2024-05-06-09-01-00.log",
                "conn.2024-05-06-09-01-00-2024-05-06-09-02-00.log",
                "conn.2024-05-06-09-02-00-2024-05-06-09-03-00.log",
                "conn.2024-05-06-09-03-00-2024-05-06-09-04-00.log"), conn.subList(0, 4));
        assertEquals(5, conn.size(), conn.toString());
        assertTrue(conn.get(4).startsWith("conn.2024-05-06-09-04-00-2024-05-06-09-04-5"),
                "the last period closes with the last packet: " + conn.get(4));
        assertEquals(uids(plain, List.of("conn.log")), uids(rotated, conn), "the same rows, each once");
        for (String name : conn) {
            assertTrue(ZeekLog.read(rotated.resolve(name)).header.containsKey("close"), name);
        }
    }

    @Test
    void statsLogHasARowEveryIntervalAndAccountsForEveryPacket() throws IOException {
        Path logDir = dir.resolve("stats");
        run(logDir, null, Duration.ofSeconds(10));
        List<Map<String, String>> rows = ZeekLog.read(logDir.resolve("stats.log")).rows;
        // A row each 10 s of capture from the first packet to the last (under 300 s apart), and the final one.
        assertTrue(rows.size() >= 26 && rows.size() <= 31, rows.size() + " rows for 300 s");
        assertEquals(truth.frames(), rows.stream().mapToLong(r -> Long.parseLong(r.get("pkts_proc"))).sum());
        for (Map<String, String> r : rows) {
            assertEquals("-", r.get("pkts_dropped"), "a file has no capture counters");
            assertTrue(Long.parseLong(r.get("mem")) > 0);
        }
    }

    private static List<String> names(Path logDir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(logDir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static List<String> uids(Path logDir, List<String> files) throws IOException {
        List<String> uids = new ArrayList<>();
        for (String f : files) {
            for (Map<String, String> r : ZeekLog.read(logDir.resolve(f)).rows) {
                uids.add(r.get("uid"));
            }
        }
        uids.sort(null);
        return uids;
    }
}
