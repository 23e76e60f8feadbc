package dev.tattler.scripts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a script a user names is found, for `tattler run` and the REPL alike. */
class BundledScriptsTest {
    @TempDir
    Path dir;

    @Test
    void aFileWinsOverTheBundledScriptOfTheSameName() throws Exception {
        Path mine = Files.writeString(dir.resolve("summary"), "// mine");
        BundledScripts.Named n = BundledScripts.resolve("summary", mine);
        assertEquals(mine, n.file());
        assertNull(n.source());
        assertEquals("summary", n.name());
    }

    @Test
    void aBundledScriptByName() {
        BundledScripts.Named n = BundledScripts.resolve("worm770", dir.resolve("worm770"));
        assertNull(n.file());
        assertEquals("worm770.js", n.name());
        assertTrue(n.source().contains("Worm770::Burst"));
    }

    @Test
    void whatIsNeitherSaysWhy() throws Exception {
        Files.createDirectories(dir.resolve("scripts"));
        assertEquals("scripts: is a directory, not a script", assertThrows(IllegalArgumentException.class,
                () -> BundledScripts.resolve("scripts", dir.resolve("scripts"))).getMessage());
        assertEquals("worm770.js: no such script (bundled scripts: summary, worm770)",
                assertThrows(IllegalArgumentException.class,
                        () -> BundledScripts.resolve("worm770.js", dir.resolve("worm770.js"))).getMessage(),
                "a name with .js or a slash is a path, never a bundled script");
        assertThrows(IllegalArgumentException.class, () -> BundledScripts.resolve("x/worm770", dir.resolve("x/worm770")));
    }
}
