package dev.tattler.scripts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The scripts that ship inside Tattler, loadable by name ({@code tattler run -r F summary}).
 * Their sources live beside this class as resources.
 */
public final class BundledScripts {
    /** Every bundled script, by the name users type. */
    public static final List<String> NAMES = List.of("summary", "worm770");

    private BundledScripts() {
    }

    /** The source of bundled script {@code name}, or null when there is none by that name. */
    public static String source(String name) {
        if (!NAMES.contains(name)) {
            return null;
        }
        try (InputStream in = BundledScripts.class.getResourceAsStream(name + ".js")) {
            if (in == null) {
                throw new IllegalStateException("bundled script " + name + ".js missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
