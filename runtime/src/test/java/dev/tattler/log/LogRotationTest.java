package dev.tattler.log;

import dev.tattler.testing.ZeekLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LogManager's rotation: Zeek-style names, whole files, nothing lost or written twice. */
class LogRotationTest {
    private static final LogSchema SCHEMA = LogSchema.of("test", "ts", "time", "n", "count");
    /** 2026-11-27 10:00:00 UTC. */
    private static final long T0 = 1_795_773_600L * 1_000_000_000L;
    private static final long HOUR = 3600L * 1_000_000_000L;

    @TempDir
    Path dir;

    private LogManager logs(LogFormat format) {
        LogManager m = new LogManager(dir, format);
        m.useZone(ZoneOffset.UTC);
        return m;
    }

    @Test
    void rotationClosesAndRenamesEveryLogAndTheNextRowStartsAFreshFile() throws IOException {
        LogManager logs = logs(LogFormat.TSV);
        logs.enableRotation(T0, () -> T0 + 2 * HOUR);
        LogWriter w = logs.open(SCHEMA);
        logs.open(LogSchema.of("quiet", "ts", "time"));
        w.write(1.0, 1L);
        w.write(2.0, 2L);
        List<Path> rotated = logs.rotate(T0 + HOUR);
        assertEquals(List.of(dir.resolve("test.2026-11-27-10-00-00-2026-11-27-11-00-00.log")), rotated,
                "a log without rows gets no file");
        assertFalse(Files.exists(dir.resolve("test.log")));
        w.write(3.0, 3L);
        assertNull(logs.closeAll());
        assertEquals(List.of("test.2026-11-27-10-00-00-2026-11-27-11-00-00.log",
                "test.2026-11-27-11-00-00-2026-11-27-12-00-00.log"), names(), "the last period is renamed at close");
        ZeekLog first = ZeekLog.read(dir.resolve(names().get(0)));
        ZeekLog second = ZeekLog.read(dir.resolve(names().get(1)));
        assertTrue(first.header.containsKey("close") && second.header.containsKey("close"));
        assertEquals(List.of("1", "2"), column(first, "n"));
        assertEquals(List.of("3"), column(second, "n"));
    }

    @Test
    void withoutRotationClosingKeepsThePlainName() throws IOException {
        LogManager logs = logs(LogFormat.JSON);
        logs.open(SCHEMA).write(1.0, 1L);
        logs.close();
        assertEquals(List.of("test.log"), names());
    }

    @Test
    void rowsWrittenWhileRotatingLandInExactlyOneFile() throws Exception {
        LogManager logs = logs(LogFormat.TSV);
        logs.enableRotation(T0, () -> T0 + 100_000 * HOUR);
        LogWriter w = logs.open(SCHEMA);
        int n = 20_000;
        Thread writer = new Thread(() -> {
            try {
                for (int i = 1; i <= n; i++) {
                    w.write(1.0, (long) i);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        for (int k = 1; writer.isAlive(); k++) {
            logs.rotate(T0 + k * HOUR);
            Thread.sleep(1);
        }
        writer.join();
        assertNull(logs.closeAll());
        long[] seen = new long[n + 1];
        for (String name : names()) {
            for (String v : column(ZeekLog.read(dir.resolve(name)), "n")) {
                seen[Integer.parseInt(v)]++;
            }
        }
        for (int i = 1; i <= n; i++) {
            assertEquals(1, seen[i], "row " + i);
        }
    }

    @Test
    void aLogWhoseColumnsChangeIsRotatedInsteadOfMixed() throws IOException {
        LogManager logs = logs(LogFormat.TSV);
        logs.open(SCHEMA).write(1.0, 1L);
        LogWriter w = logs.open(LogSchema.of("test", "ts", "time", "n", "count", "extra", "string"));
        w.write(2.0, 2L, "x");
        logs.close();
        assertEquals(2, names().size(), names().toString());
        assertEquals(List.of("ts", "n", "extra"), ZeekLog.read(dir.resolve("test.log")).fields);
        String old = names().stream().filter(s -> !s.equals("test.log")).findFirst().orElseThrow();
        assertEquals(List.of("ts", "n"), ZeekLog.read(dir.resolve(old)).fields);
    }

    @Test
    void aFileLeftByAKilledRunIsKeptWhenRotating() throws IOException {
        Files.writeString(dir.resolve("test.log"), "left over\n");
        LogManager logs = logs(LogFormat.TSV);
        logs.enableRotation(T0, () -> T0 + HOUR);
        logs.open(SCHEMA).write(1.0, 1L);
        logs.close();
        List<String> names = names();
        assertEquals(2, names.size(), names.toString());
        assertTrue(names.get(1).matches("test\\.\\d{4}(-\\d\\d){5}\\.leftover\\.log"), names.toString());
        assertEquals("left over\n", Files.readString(dir.resolve(names.get(1))));
    }

    @Test
    void twoRotationsIntoTheSameNameDoNotOverwrite() throws IOException {
        LogManager logs = logs(LogFormat.TSV);
        logs.enableRotation(T0, () -> T0);
        LogWriter w = logs.open(SCHEMA);
        w.write(1.0, 1L);
        logs.rotate(T0);
        w.write(2.0, 2L);
        logs.rotate(T0);
        assertEquals(List.of("test.2026-11-27-10-00-00-2026-11-27-10-00-00.2.log",
                "test.2026-11-27-10-00-00-2026-11-27-10-00-00.log"), names());
        logs.close();
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static List<String> column(ZeekLog log, String name) {
        return log.rows.stream().map(r -> r.get(name)).collect(Collectors.toList());
    }
}
