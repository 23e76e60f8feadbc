package dev.tattler.cli;

import dev.tattler.script.JsRuntime;

import java.io.PrintStream;

/** {@code tattler --version}: what is running, so a user can tell whether JavaScript is JIT-compiled. */
final class VersionCommand {
    private VersionCommand() {
    }

    static int run(PrintStream out) {
        String version = Main.class.getPackage().getImplementationVersion();
        out.println("tattler " + (version == null ? "(development build)" : version));
        out.println("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")");
        try (JsRuntime js = new JsRuntime()) {
            out.println("JavaScript: GraalJS " + js.engine().getVersion() + ", " + js.mode()
                    + (js.optimized() ? " (Graal JIT)" : " (no JIT: handlers run about 10x slower)"));
        }
        return 0;
    }
}
