package dev.tattler.cli;

import dev.tattler.scripts.BundledScripts;

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
        try {
            BundledScripts.Named n = BundledScripts.resolve(arg, Path.of(arg));
            return new ScriptRef(n.name(), n.file(), n.source());
        } catch (IllegalArgumentException e) {
            throw new CommandFailed(e.getMessage());
        }
    }
}
