package dev.tattler.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A log's path (file name without ".log") and its columns in order. */
public final class LogSchema {
    private final String path;
    private final List<LogField> fields;

    public LogSchema(String path, List<LogField> fields) {
        this.path = path;
        this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
    }

    /** Builds a schema from alternating name, type strings. */
    public static LogSchema of(String path, String... namesAndTypes) {
        List<LogField> fields = new ArrayList<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            fields.add(new LogField(namesAndTypes[i], namesAndTypes[i + 1]));
        }
        return new LogSchema(path, fields);
    }

    public String path() {
        return path;
    }

    public List<LogField> fields() {
        return fields;
    }

    /** Same path and the same columns (names and types) in the same order. */
    public boolean sameColumns(LogSchema other) {
        if (!path.equals(other.path) || fields.size() != other.fields.size()) {
            return false;
        }
        for (int i = 0; i < fields.size(); i++) {
            LogField a = fields.get(i);
            LogField b = other.fields.get(i);
            if (!a.name().equals(b.name()) || !a.type().equals(b.type())) {
                return false;
            }
        }
        return true;
    }
}
