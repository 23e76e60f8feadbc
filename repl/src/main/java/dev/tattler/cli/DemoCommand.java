package dev.tattler.cli;

import dev.tattler.engine.EngineConfig;
import dev.tattler.generate.LanScenario;
import dev.tattler.log.LogFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code tattler demo}: the whole path on a capture made on the spot — the project's own
 * generator writes a small office LAN, and the bundled {@code summary} script reads it back
 * through the engine. Needs no input and no set-up.
 */
final class DemoCommand {
    static final String USAGE = String.join("\n",
            "usage: tattler demo [--keep DIR]",
            "",
            "Generates a small office-LAN capture (deterministic, seed 1) and runs the bundled",
            "'summary' script over it, printing what is on the wire.",
            "",
            "  --keep DIR   keep the capture (demo-lan.pcap) and the logs in DIR");
    private static final long SEED = 1;
    private static final String SUBNET = "192.168.1.0/24";

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
        Path capture = dir.resolve("demo-lan.pcap");
        try {
            LanScenario.write(capture, SEED, LanScenario.Options.defaults().withSubnet(SUBNET));
        } catch (IOException e) {
            throw new CommandFailed("cannot write the demo capture: " + e.getMessage());
        }
        out.println("Demo: a generated office LAN (" + SUBNET + "), read by the bundled 'summary' script.");
        out.println("Same as: tattler run -r " + capture + " --local-nets " + SUBNET + " summary");
        out.println();
        EngineConfig config = new EngineConfig(List.of(SUBNET), dir, EngineConfig.defaults(dir).uidSeed());
        new CaptureRun(out, err).run(capture, List.of(ScriptRef.resolve("summary")), config, LogFormat.TSV);
        if (args.value("--keep") == null) {
            deleteQuietly(dir);
        } else {
            out.println();
            out.println("Capture and logs kept in " + dir);
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
