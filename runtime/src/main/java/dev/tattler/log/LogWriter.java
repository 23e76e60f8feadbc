package dev.tattler.log;

import java.io.Closeable;
import java.io.IOException;

/**
 * Writes the rows of one log. Values come in column order; null means unset. Types by column:
 * time and interval as {@link TimeValue} nanoseconds or a Double of seconds, addr and string
 * as String, port and count as Number, bool as Boolean, sets and vectors as a
 * {@link java.util.Collection}. A writer on a hot path takes a {@link #row()} once instead and
 * encodes its values into it, without boxing them into an array.
 */
public interface LogWriter extends Closeable {
    void write(Object... values) throws IOException;

    /**
     * A row encoder for this log, to keep and reuse: each {@link LogRow#end()} appends one row.
     * One per thread; rows made before the log's columns changed (a script reload) are refused.
     */
    LogRow row();

    void flush() throws IOException;

    /** Writes the trailer (TSV: {@code #close}) and closes the file. */
    @Override
    void close() throws IOException;
}
