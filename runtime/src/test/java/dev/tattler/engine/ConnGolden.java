package dev.tattler.engine;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketSource;
import dev.tattler.event.EventBus;
import dev.tattler.log.Reporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the engine over a capture and compares its conn.log with a Zeek baseline through the
 * shared comparison tool (shared/tools/compare_conn.py: multiset of rows, ts/uid/service
 * ignored, only the baseline's columns).
 */
final class ConnGolden {
    private ConnGolden() {
    }

    /** The engine's conn.log for {@code capture}, written into {@code dir}. */
    static Path run(Path capture, EngineConfig config) throws IOException {
        EventBus bus = new EventBus((event, h, error) -> {
            throw new AssertionError(event + ": " + error, error);
        });
        Reporter reporter = new Reporter(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try (PacketSource source = CaptureFiles.open(capture); EventEngine engine = new EventEngine(config, bus, reporter)) {
            engine.run(source);
        }
        return config.logDir().resolve("conn.log");
    }

    /** The outcome of compare_conn.py: its exit status and the lines it printed. */
    static final class Comparison {
        final int status;
        final List<String> lines;

        Comparison(int status, List<String> lines) {
            this.status = status;
            this.lines = lines;
        }

        /** The differing rows ("- baseline only", "+ candidate only"). */
        List<String> differences() {
            List<String> out = new ArrayList<>();
            for (String l : lines) {
                if (l.startsWith("- ") || l.startsWith("+ ") || l.startsWith("candidate lacks") || l.startsWith("row count")) {
                    out.add(l);
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return String.join("\n", lines);
        }
    }

    static Comparison compare(Path tool, Path baseline, Path candidate) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", tool.toString(), baseline.toString(), candidate.toString())
                .redirectErrorStream(true).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("compare_conn.py did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        return new Comparison(p.exitValue(), lines);
    }

    static boolean pythonAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static boolean exists(Path p) {
        return p != null && Files.isRegularFile(p);
    }
}
