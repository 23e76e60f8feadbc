package dev.tattler.repl;

import dev.tattler.generate.Worm770Scenario;
import dev.tattler.generate.Worm770Truth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test utility: the generated worm770 incident ({@code tattler generate worm770}, seed 1), made once per run. */
final class Incident {
    private static Path file;
    private static Worm770Truth truth;

    private Incident() {
    }

    static synchronized Path file() {
        if (file == null) {
            try {
                Path dir = Files.createTempDirectory("tattler-repl-incident");
                file = dir.resolve("incident.pcap");
                truth = Worm770Scenario.write(file, 1, Worm770Scenario.Options.defaults());
                file.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    static synchronized Worm770Truth truth() {
        file();
        return truth;
    }
}
