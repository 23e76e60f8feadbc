package dev.tattler.cli;

import dev.tattler.engine.EngineConfig;
import dev.tattler.generate.Worm770Scenario;
import dev.tattler.log.LogFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code tattler demo}: the main job on an embedded default. The project's generator writes
 * the 2002 "UDP source port 770" incident into a small office LAN (deterministic, seed 1), and
 * the bundled worm770 detector reads it back and prints its incident report. No input, no
 * set-up.
 */
final class DemoCommand {
    static final String USAGE = String.join("\n",
            "usage: tattler demo [--keep DIR]",
            "",
            "Generates a capture of the 'UDP source port 770' worm incident on an office LAN",
            "(deterministic, seed 1), runs the bundled worm770 detector over it and prints the",
            "incident report: the infected host, the evidence and what to do.",
            "",
            "  --keep DIR   keep the capture (demo-incident.pcap), the logs and the evidence pcap in DIR");
    private static final long SEED = 1;

    private DemoCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws UsageException, CommandFailed {
        Args args = Args.parse(argv, 1, Set.of("--keep"), Set.of());
        if (!args.positional().isEmpty()) {
            throw new UsageException("demo takes no arguments besides --keep DIR");
        }
        Path dir;
        try {
            dir = args.value("--keep") != null ? Files.createDirectories(Path.of(args.value("--keep")))
                    : Files.createTempDirectory("tattler-demo");
        } catch (IOException e) {
            throw new CommandFailed("cannot create a directory for the demo: " + e.getMessage());
        }
        Path capture = dir.resolve("demo-incident.pcap");
        List<ScriptRef> scripts = List.of(ScriptRef.resolve("worm770"));
        // JavaScript's start-up (about as long as the whole run) overlaps writing the capture.
        JavaScriptStart javaScript = JavaScriptStart.begin(scripts);
        try {
            Worm770Scenario.write(capture, SEED, Worm770Scenario.Options.defaults());
        } catch (IOException e) {
            throw new CommandFailed("cannot write the demo capture: " + e.getMessage());
        }
        out.println("Demo: a generated office LAN (192.168.1.0/24, 5 minutes) with one host showing the 2002");
        out.println("'UDP source port 770' worm pattern, read by the bundled worm770 detector.");
        out.println("Same as: tattler run -r " + capture + " worm770");
        out.println();
        EngineConfig config = new EngineConfig(List.of(), dir, EngineConfig.defaults(dir).uidSeed());
        new CaptureRun(out, err, javaScript).run(capture, scripts, config, LogFormat.TSV);
        if (args.value("--keep") == null) {
            deleteQuietly(dir);
            out.println();
            out.println("(Run 'tattler demo --keep DIR' to keep the capture, the logs and the evidence pcap.)");
        } else {
            out.println();
            out.println("Capture, logs and evidence kept in " + dir);
        }
        return 0;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
