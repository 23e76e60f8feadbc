package dev.tattler.cli;

import dev.tattler.scripts.BundledScripts;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A script named on the command line: a file path, or the name of a bundled script
 * ("summary"). A path wins when both exist, so a user's own summary.js is never shadowed.
 */
final class ScriptRef {
    final String name;
    final Path file;
    final String bundledSource;

    private ScriptRef(String name, Path file, String bundledSource) {
        this.name = name;
        this.file = file;
        this.bundledSource = bundledSource;
    }

    static ScriptRef resolve(String arg) throws CommandFailed {
        Path path = Path.of(arg);
        if (Files.isRegularFile(path)) {
            return new ScriptRef(arg, path, null);
        }
        String bundled = arg.contains("/") || arg.endsWith(".js") ? null : BundledScripts.source(arg);
        if (bundled != null) {
            return new ScriptRef(arg + ".js", null, bundled);
        }
        if (Files.isDirectory(path)) {
            throw new CommandFailed(arg + ": is a directory, not a script");
        }
        throw new CommandFailed(arg + ": no such script (bundled scripts: "
                + String.join(", ", BundledScripts.NAMES) + ")");
    }
}
