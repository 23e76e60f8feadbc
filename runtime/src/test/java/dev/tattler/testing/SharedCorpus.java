package dev.tattler.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test utility: where {@code ../shared/corpus} is. Surefire passes {@code tattler.shared} (CI
 * lays shared/ beside the checkout); from a module directory the fallbacks find it too. A test
 * that needs the corpus is skipped, not failed, where it is absent.
 */
public final class SharedCorpus {
    private static final Path CORPUS = find();

    private SharedCorpus() {
    }

    private static Path find() {
        List<String> candidates = new ArrayList<>();
        String configured = System.getProperty("tattler.shared");
        if (configured != null && !configured.isEmpty()) {
            candidates.add(configured);
        }
        candidates.add("../../shared");
        candidates.add("../shared");
        for (String candidate : candidates) {
            Path corpus = Path.of(candidate, "corpus");
            if (Files.isRegularFile(corpus.resolve("MANIFEST.tsv"))) {
                return corpus.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /** shared/corpus, or null when it is not there. */
    public static Path orNull() {
        return CORPUS;
    }

    /** shared/corpus, or skips the calling test. */
    public static Path root() {
        assumeTrue(CORPUS != null, "shared/corpus not found; set -Dtattler.shared");
        return CORPUS;
    }

    /** A file under shared/corpus, or skips the calling test when it is missing. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.exists(p), p + " missing");
        return p;
    }
}
