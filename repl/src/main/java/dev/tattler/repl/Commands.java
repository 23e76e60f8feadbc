package dev.tattler.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every dot-command: its name, synopsis, help line, what its first argument completes to, and
 * the code that runs it (in {@link NavigationCommands}, {@link LookCommands} and
 * {@link ScriptCommands}). {@code .help}, tab completion and dispatch all read this one list.
 */
final class Commands {
    /** What a command's first argument is, for tab completion. */
    enum Arg { NONE, FILE, EVENT, SCRIPT, INTERFACE }

    interface Action {
        void run(Session session, String args) throws ReplException;
    }

    record Command(String name, String synopsis, String help, Arg arg, Action action) {
    }

    static final List<Command> ALL = List.of(
            new Command(".open", ".open FILE", "open a capture (pcap, pcapng, gzip) and start at its first packet",
                    Arg.FILE, NavigationCommands::open),
            new Command(".live", ".live IFACE [BPF]", "capture live traffic; it flows while you type (.stop ends it)",
                    Arg.INTERFACE, NavigationCommands::live),
            new Command(".stop", ".stop", "stop live capture (what was seen stays)", Arg.NONE, NavigationCommands::stop),
            new Command(".run", ".run [N | until TIME]", "replay to the end, N more packets, or up to a time"
                    + " (epoch, 2002-02-14T12:00:05Z, 12:00:05, +30s); Ctrl-C stops", Arg.NONE, NavigationCommands::run),
            new Command(".step", ".step [N]", "replay the next packet (or N), one summary line each",
                    Arg.NONE, NavigationCommands::step),
            new Command(".break", ".break [EVENT [JS condition]]", "pause the replay when EVENT fires and the"
                    + " condition holds (arguments as in 'tattler events': c, p, n, ...); no argument lists them",
                    Arg.EVENT, NavigationCommands::addBreak),
            new Command(".unbreak", ".unbreak [ID]", "remove a breakpoint, or all", Arg.NONE, NavigationCommands::unbreak),
            new Command(".reset", ".reset", "back to the first packet with all state cleared; scripts, watches and"
                    + " breakpoints are set up again", Arg.NONE, NavigationCommands::reset),
            new Command(".packets", ".packets [JS filter on p]", "one line per packet replayed so far, e.g."
                    + " .packets p.sport == 770", Arg.NONE, LookCommands::packets),
            new Command(".show", ".show [N]", "every decoded layer and field of packet N (default: the last one)",
                    Arg.NONE, LookCommands::show),
            new Command(".hex", ".hex [N]", "hex dump of packet N (default: the last one)", Arg.NONE, LookCommands::hex),
            new Command(".conns", ".conns [JS filter on c]", "connections: finished ones, then those open,"
                    + " e.g. .conns c.id.resp_p == 138", Arg.NONE, LookCommands::conns),
            new Command(".hosts", ".hosts", "per host: MACs, packets and bytes sent, broadcast share, first and last seen",
                    Arg.NONE, LookCommands::hosts),
            new Command(".notices", ".notices", "notices raised so far (notices[i] shows one in full)",
                    Arg.NONE, LookCommands::notices),
            new Command(".weirds", ".weirds", "weirds by name: how many, the first one and its packet",
                    Arg.NONE, LookCommands::weirds),
            new Command(".stats", ".stats", "where the replay is, packet and event counts, memory",
                    Arg.NONE, LookCommands::stats),
            new Command(".watch", ".watch [EVENT [JS expression]]", "print each EVENT above the prompt as it happens;"
                    + " with an expression, its value (false/null: nothing); no argument lists watches",
                    Arg.EVENT, ScriptCommands::watch),
            new Command(".unwatch", ".unwatch [ID]", "remove a watch, or all", Arg.NONE, ScriptCommands::unwatch),
            new Command(".load", ".load FILE|NAME", "load a script (a .js file or a bundled one: worm770, summary)",
                    Arg.SCRIPT, ScriptCommands::load),
            new Command(".save", ".save FILE [JS filter on p]", "write the replayed packets (those matching) to a pcap",
                    Arg.FILE, ScriptCommands::save),
            new Command(".help", ".help [COMMAND]", "this list, or one command", Arg.NONE, ScriptCommands::help),
            new Command(".quit", ".quit", "leave (Ctrl-D too)", Arg.NONE, (s, a) -> {
            }));

    private Commands() {
    }

    /** The command {@code name} ("run" or ".run"), or null. */
    static Command find(String name) {
        String n = name.startsWith(".") ? name : "." + name;
        for (Command c : ALL) {
            if (c.name.equals(n.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        return null;
    }

    /** Commands whose name starts with {@code prefix}, for "did you mean" and completion. */
    static List<String> startingWith(String prefix) {
        List<String> out = new ArrayList<>();
        for (Command c : ALL) {
            if (c.name.startsWith(prefix)) {
                out.add(c.name);
            }
        }
        return out;
    }
}
