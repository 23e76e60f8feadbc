package dev.tattler.scripts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The scripts that ship inside Tattler, loadable by name ({@code tattler run -r F summary}).
 * Their sources live beside this class as resources.
 */
public final class BundledScripts {
    /** Every bundled script, by the name users type. */
    public static final List<String> NAMES = List.of("summary", "worm770");

    /** A script a user named: its file, or a bundled script's source (exactly one is set). */
    public record Named(String name, Path file, String source) {
    }

    private BundledScripts() {
    }

    /**
     * The script a user named with {@code arg} (on the command line, or at the REPL's prompt,
     * where {@code path} is {@code arg} with "~" expanded): the file at {@code path} if there is
     * one, so that a user's own summary.js is never shadowed, else the bundled script of that
     * name. IllegalArgumentException, with the message to show, when it is neither.
     */
    public static Named resolve(String arg, Path path) {
        if (Files.isRegularFile(path)) {
            return new Named(arg, path, null);
        }
        String bundled = arg.contains("/") || arg.endsWith(".js") ? null : source(arg);
        if (bundled != null) {
            return new Named(arg + ".js", null, bundled);
        }
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(arg + ": is a directory, not a script");
        }
        throw new IllegalArgumentException(arg + ": no such script (bundled scripts: " + String.join(", ", NAMES) + ")");
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
