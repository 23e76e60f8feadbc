package dev.tattler.engine;

import dev.tattler.log.LogManager;
import dev.tattler.log.LogSchema;
import dev.tattler.log.LogRow;

import java.io.IOException;
import java.io.UncheckedIOException;

/** weird.log, with Zeek's columns, in the run's format (TSV or JSON). */
final class WeirdLog {
    static final LogSchema SCHEMA = LogSchema.of("weird",
            "ts", "time", "uid", "string", "id.orig_h", "addr", "id.orig_p", "port",
            "id.resp_h", "addr", "id.resp_p", "port", "name", "string", "addl", "string",
            "notice", "bool", "peer", "string", "source", "string");

    private final LogRow row;

    WeirdLog(LogManager logs) throws IOException {
        row = logs.open(SCHEMA).row();
    }

    synchronized void write(long tsNanos, String uid, String origH, Integer origP, String respH, Integer respP,
                            String name, String addl, String source) {
        row.time(tsNanos);
        string(uid);
        string(origH);
        port(origP);
        string(respH);
        port(respP);
        string(name);
        string(addl);
        row.bool(false).string("tattler");
        string(source);
        try {
            row.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void string(String s) {
        if (s == null) {
            row.unset();
        } else {
            row.string(s);
        }
    }

    private void port(Integer p) {
        if (p == null) {
            row.unset();
        } else {
            row.count(p);
        }
    }
}
