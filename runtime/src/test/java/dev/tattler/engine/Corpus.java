package dev.tattler.engine;

import dev.tattler.testing.SharedCorpus;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketSource;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventHandler;
import dev.tattler.log.Reporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The shared third-party corpus (shared/corpus) for the engine tests: where it is, its
 * MANIFEST.tsv rows, and a helper that runs an {@link EventEngine} over one capture with
 * Java handlers. Tests that need it are skipped (not failed) when it is not beside the checkout.
 */
final class Corpus {

    private Corpus() {
    }

    /** One MANIFEST.tsv row (the columns the engine tests use). */
    static final class Row {
        final String path;
        final long packets;
        final String content;

        Row(String[] c) {
            path = c[0];
            packets = Long.parseLong(c[7]);
            content = c[8];
        }

        @Override
        public String toString() {
            return path;
        }
    }

    /** shared/corpus, or skips the calling test. */
    static Path corpus() {
        return SharedCorpus.root();
    }

    /** A file under shared/corpus, or skips the calling test when it is missing. */
    static Path file(String relative) {
        Path p = corpus().resolve(relative);
        assumeTrue(Files.isRegularFile(p), relative + " not in the corpus");
        return p;
    }

    static List<Row> manifest() throws IOException {
        List<String> lines = Files.readAllLines(corpus().resolve("MANIFEST.tsv"), StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                rows.add(new Row(line.split("\t", -1)));
            }
        }
        return rows;
    }

    /** A Java handler from a lambda. */
    static EventHandler handler(String origin, BiConsumer<Object, Object> body) {
        return new EventHandler() {
            @Override
            public void handle(Object first, Object second) {
                body.accept(first, second);
            }

            @Override
            public String origin() {
                return origin;
            }
        };
    }

    /** A bus whose handler failures are collected (tests assert there are none). */
    static EventBus bus(List<String> failures) {
        return new EventBus((event, h, error) -> failures.add(event.scriptName() + " in " + h.origin() + ": " + error));
    }

    /** The outcome of one run: the summary and what the engine told the reporter. */
    static final class Run {
        final RunSummary summary;
        final String reporterOutput;

        Run(RunSummary summary, String reporterOutput) {
            this.summary = summary;
            this.reporterOutput = reporterOutput;
        }
    }

    /**
     * Runs an engine over {@code capture}: {@code subscribe} adds handlers to the bus first, and
     * the engine is finished (tattler_done, logs closed) before this returns.
     */
    static Run run(Path capture, EngineConfig config, EventBus bus, Consumer<EventBus> subscribe) throws IOException {
        subscribe.accept(bus);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Reporter reporter = new Reporter(new PrintStream(err, true, StandardCharsets.UTF_8));
        RunSummary summary;
        try (PacketSource source = CaptureFiles.open(capture); EventEngine engine = new EventEngine(config, bus, reporter)) {
            summary = engine.run(source);
        }
        return new Run(summary, err.toString(StandardCharsets.UTF_8));
    }
}
