package dev.tattler.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small option parser: options that take a value ({@code -r FILE}, {@code --log-dir=DIR}),
 * flags, and positional arguments, with "unknown option" errors that name the option.
 */
final class Args {
    private final Map<String, List<String>> values = new HashMap<>();
    private final List<String> flags = new ArrayList<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    static Args parse(String[] argv, int from, Set<String> withValue, Set<String> booleanFlags)
            throws UsageException {
        Args a = new Args();
        for (int i = from; i < argv.length; i++) {
            String arg = argv[i];
            if (arg.equals("--")) {
                for (int j = i + 1; j < argv.length; j++) {
                    a.positional.add(argv[j]);
                }
                break;
            }
            if (arg.startsWith("-") && arg.length() > 1) {
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                if (withValue.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.length) {
                            throw new UsageException("option " + name + " needs a value");
                        }
                        value = argv[++i];
                    }
                    a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else if (booleanFlags.contains(name) && value == null) {
                    a.flags.add(name);
                } else {
                    throw new UsageException("unknown option " + name);
                }
            } else {
                a.positional.add(arg);
            }
        }
        return a;
    }

    /** The option's value; the last one when it was given more than once. */
    String value(String name) {
        List<String> all = values.get(name);
        return all == null ? null : all.get(all.size() - 1);
    }

    /** Every value of a repeatable option ({@code --set a=1 --set b=2}), in order. */
    List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    List<String> positional() {
        return positional;
    }
}
