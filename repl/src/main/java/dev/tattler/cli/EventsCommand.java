package dev.tattler.cli;

import dev.tattler.event.EventType;
import dev.tattler.event.EventCatalogue;

import java.io.PrintStream;

/** {@code tattler events}: the event catalogue with every argument's fields. */
final class EventsCommand {
    static final String USAGE = "usage: tattler events\n\nLists every event a script can handle with"
            + " tattler.on(NAME, fn), its arguments and their fields.";

    private EventsCommand() {
    }

    static int run(PrintStream out) {
        for (EventType t : EventType.values()) {
            out.println(EventCatalogue.signature(t));
            out.println("    " + t.description());
            for (EventType.Arg arg : t.args()) {
                for (EventCatalogue.Field f : EventCatalogue.fields(arg.type)) {
                    out.println("      " + arg.name + "." + f.name + " (" + f.type + "): " + f.doc);
                }
            }
            out.println();
        }
        return 0;
    }
}
