package dev.tattler.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/events.md and docs/weirds.md must say what the code does. When the catalogue changes,
 * regenerate them with {@code mvn -q -pl repl test -Dtest=ReferenceDocsTest -Dtattler.docs.update=true}.
 */
class ReferenceDocsTest {
    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void eventsPageMatchesTheCatalogue() throws Exception {
        check("events.md", ReferenceDocs.events());
    }

    @Test
    void weirdsPageMatchesTheCatalogue() throws Exception {
        check("weirds.md", ReferenceDocs.weirds());
    }

    /** docs/logs.md is written by hand; it must still name every column of every built-in log. */
    @Test
    void logsPageDocumentsEveryColumn() throws Exception {
        String doc = Files.readString(DOCS.resolve("logs.md"));
        java.util.List<dev.tattler.log.LogSchema> logs = new java.util.ArrayList<>(dev.tattler.engine.EventEngine.builtInLogs());
        logs.add(dev.tattler.ops.StatsLog.SCHEMA);
        for (dev.tattler.log.LogSchema schema : logs) {
            org.junit.jupiter.api.Assertions.assertTrue(doc.contains("## " + schema.path() + ".log"), schema.path());
            int section = doc.indexOf("## " + schema.path() + ".log");
            int next = doc.indexOf("\n## ", section + 1);
            String body = doc.substring(section, next < 0 ? doc.length() : next);
            for (dev.tattler.log.LogField f : schema.fields()) {
                org.junit.jupiter.api.Assertions.assertTrue(body.contains("| `" + f.name() + "` | " + f.type() + " |"),
                        "docs/logs.md, " + schema.path() + ".log: no row for " + f.name() + " (" + f.type() + ")");
            }
        }
    }

    private static void check(String name, String expected) throws Exception {
        Path file = DOCS.resolve(name);
        if (Boolean.getBoolean("tattler.docs.update")) {
            Files.writeString(file, expected);
        }
        String actual = Files.exists(file) ? Files.readString(file) : "";
        assertEquals(expected, actual, "docs/" + name + " is out of date: regenerate it with "
                + "mvn -q -pl repl test -Dtest=ReferenceDocsTest -Dtattler.docs.update=true");
    }
}
