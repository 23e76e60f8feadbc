package dev.tattler.repl;

import dev.tattler.script.ScriptHost;
import dev.tattler.script.ScriptLoadException;
import dev.tattler.scripts.BundledScripts;

import java.nio.file.Path;

/**
 * A script the session loaded ({@code .load} or the command line): a file, or a bundled script
 * by name ({@code worm770}). Kept so that {@code .reset} and {@code .open} load it again into
 * the fresh context. A path wins over a bundled name, as for {@code tattler run}.
 */
record ScriptSpec(String name, Path file, String source) {

    static ScriptSpec resolve(String arg) throws ReplException {
        try {
            BundledScripts.Named n = BundledScripts.resolve(arg, Path.of(expandHome(arg)));
            return new ScriptSpec(n.name(), n.file(), n.source());
        } catch (IllegalArgumentException e) {
            throw new ReplException(e.getMessage());
        }
    }

    void loadInto(ScriptHost host) throws ReplException {
        try {
            if (file != null) {
                host.load(file);
            } else {
                host.load(name, source);
            }
        } catch (ScriptLoadException e) {
            throw new ReplException(e.getMessage());
        }
    }

    /** "~/x" as the shell would have it: paths typed at the prompt are not expanded by a shell. */
    static String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }
}
