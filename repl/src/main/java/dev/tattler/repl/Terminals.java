package dev.tattler.repl;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;

/** Is this a terminal, and the terminal itself. */
final class Terminals {
    private Terminals() {
    }

    /**
     * True when stdin and stdout are a terminal. {@code System.console()} says so up to JDK 21;
     * from JDK 22 it returns a console even for pipes, and {@code Console.isTerminal()} tells.
     */
    static boolean interactive() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    static Terminal system() throws IOException {
        return TerminalBuilder.builder().system(true).name("tattler").nativeSignals(true).build();
    }
}
