package dev.tattler.log;

/**
 * One column of a log: its name (dotted for records, e.g. "id.orig_h") and Zeek type
 * ("time", "addr", "port", "count", "int", "double", "interval", "string", "bool", "enum",
 * "set[string]", ...), which decides how a value is written.
 */
public final class LogField {
    private final String name;
    private final String type;

    public LogField(String name, String type) {
        this.name = name;
        this.type = type;
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }
}
