package dev.tattler.engine;

import dev.tattler.log.LogManager;
import dev.tattler.log.LogSchema;
import dev.tattler.log.LogWriter;
import dev.tattler.log.TimeValue;

import java.io.IOException;
import java.io.UncheckedIOException;

/** weird.log, with Zeek's columns, in the run's format (TSV or JSON). */
final class WeirdLog {
    static final LogSchema SCHEMA = LogSchema.of("weird",
            "ts", "time", "uid", "string", "id.orig_h", "addr", "id.orig_p", "port",
            "id.resp_h", "addr", "id.resp_p", "port", "name", "string", "addl", "string",
            "notice", "bool", "peer", "string", "source", "string");

    private final LogWriter writer;

    WeirdLog(LogManager logs) throws IOException {
        writer = logs.open(SCHEMA);
    }

    void write(long tsNanos, String uid, String origH, Integer origP, String respH, Integer respP,
               String name, String addl, String source) {
        try {
            writer.write(TimeValue.ofNanos(tsNanos), uid, origH, origP, respH, respP, name, addl,
                    Boolean.FALSE, "tattler", source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
