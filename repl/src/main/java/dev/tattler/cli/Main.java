package dev.tattler.cli;

import java.io.PrintStream;

/**
 * The {@code tattler} command: dispatches to a subcommand and turns every failure into one
 * line on stderr and an exit status (0 fine, 1 failed run, 2 bad usage). No stack traces reach
 * the user.
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: tattler <command> [options]",
            "",
            "commands:",
            "  run -r FILE [options] [SCRIPT...]  run scripts over a capture, write logs",
            "  run -i IFACE [options] [SCRIPT...] monitor a live interface (see 'run --help')",
            "  repl [-r FILE] [SCRIPT...]         investigate a capture (or -i IFACE) at a prompt",
            "  demo                               run the bundled demo and print what it finds",
            "  generate SCENARIO -o FILE          write a deterministic capture: lan, worm770, lookalikes",
            "  events                             list the events scripts can handle, with their fields",
            "  version                            print version, JDK and JavaScript runtime (also --version)",
            "  help [COMMAND]                     this text, or a command's options",
            "",
            "'tattler COMMAND --help' shows a command's options.");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line and returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return dispatch(args, out, err);
        } catch (UsageException e) {
            err.println("tattler: " + e.getMessage());
            err.println("Try 'tattler --help'.");
            return 2;
        } catch (CommandFailed e) {
            err.println("tattler: " + e.getMessage());
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("tattler: out of memory (" + e.getMessage() + "); raise the heap with TATTLER_HEAP=2g");
            return 1;
        } catch (RuntimeException e) {
            // A bug, not bad input: still one line, but with enough to report it.
            err.println("tattler: internal error: " + e + " (please report this with the command line)");
            return 1;
        }
    }

    private static int dispatch(String[] args, PrintStream out, PrintStream err)
            throws UsageException, CommandFailed {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        String command = args[0];
        boolean help = args.length > 1 && (args[1].equals("--help") || args[1].equals("-h"));
        switch (command) {
            case "--help":
            case "-h":
                out.println(USAGE);
                return 0;
            case "help":
                return args.length > 1 ? dispatch(new String[] {args[1], "--help"}, out, err) : dispatch(new String[] {"--help"}, out, err);
            case "--version":
            case "version":
                if (help) {
                    out.println("usage: tattler version\n\nPrints Tattler's version, the JDK it runs on and whether"
                            + " JavaScript is JIT-compiled ('optimized') or interpreted.");
                    return 0;
                }
                return VersionCommand.run(out);
            case "run":
                if (help) {
                    out.println(RunCommand.USAGE);
                    return 0;
                }
                return new RunCommand(out, err).run(args);
            case "events":
                if (help) {
                    out.println(EventsCommand.USAGE);
                    return 0;
                }
                return EventsCommand.run(out);
            case "generate":
                if (help) {
                    out.println(GenerateCommand.USAGE);
                    return 0;
                }
                return GenerateCommand.run(args, out, err);
            case "repl":
                if (help) {
                    out.println(ReplCommand.USAGE);
                    return 0;
                }
                return ReplCommand.run(args, out, err);
            case "demo":
                if (help) {
                    out.println(DemoCommand.USAGE);
                    return 0;
                }
                return DemoCommand.run(args, out, err);
            default:
                throw new UsageException("unknown command '" + command + "'");
        }
    }
}
