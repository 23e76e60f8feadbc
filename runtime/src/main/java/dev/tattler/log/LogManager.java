package dev.tattler.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns every log a run writes (conn, weird, notice, reporter and the scripts' own), in one
 * directory and one format, so that all of them are flushed and closed together — at the end
 * of a run, on Ctrl-C, on SIGTERM — and none is left without its {@code #close} line.
 *
 * <pre>
 *   open("conn") ─> TsvLogWriter | JsonLogWriter ─> DIR/conn.log
 *   closeAll()   ─> every writer closed once, in the order opened
 * </pre>
 */
public final class LogManager implements AutoCloseable {
    private final Path dir;
    private final LogFormat format;
    private final Map<String, LogWriter> open = new LinkedHashMap<>();
    private boolean closed;

    /** @param dir where logs go; null writes no files (writers accept and drop rows) */
    public LogManager(Path dir, LogFormat format) {
        this.dir = dir;
        this.format = format;
    }

    /**
     * The log for {@code schema.path()} (the same writer for a second open of the same path).
     * Its file appears with the first row.
     */
    public synchronized LogWriter open(LogSchema schema) throws IOException {
        LogWriter w = open.get(schema.path());
        if (w != null) {
            return w;
        }
        if (closed) {
            throw new IOException("logs are closed");
        }
        w = dir == null ? NullWriter.INSTANCE : new LazyWriter(schema);
        open.put(schema.path(), w);
        return w;
    }

    /** The file for {@code schema}, created now: as Zeek, a log exists once it has a row. */
    private LogWriter create(LogSchema schema) throws IOException {
        Path file = dir.resolve(schema.path() + ".log");
        return format == LogFormat.JSON ? new JsonLogWriter(file, schema) : new TsvLogWriter(file, schema);
    }

    public Path dir() {
        return dir;
    }

    public LogFormat format() {
        return format;
    }

    /** Flushes every log (e.g. before a rotation or when a test reads them mid-run). */
    public synchronized void flushAll() throws IOException {
        for (LogWriter w : open.values()) {
            w.flush();
        }
    }

    /** Closes every log; safe to call twice and from a shutdown hook. Returns the first failure. */
    public synchronized IOException closeAll() {
        IOException first = null;
        closed = true;
        List<LogWriter> writers = new ArrayList<>(open.values());
        for (LogWriter w : writers) {
            try {
                w.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        return first;
    }

    @Override
    public void close() throws IOException {
        IOException e = closeAll();
        if (e != null) {
            throw e;
        }
    }

    /** Creates its file on the first row, so a run with no weirds leaves no weird.log. */
    private final class LazyWriter implements LogWriter {
        private final LogSchema schema;
        private LogWriter file;
        private boolean closed;

        LazyWriter(LogSchema schema) {
            this.schema = schema;
        }

        @Override
        public synchronized void write(Object... values) throws IOException {
            if (closed) {
                throw new IOException(schema.path() + ".log is closed");
            }
            if (file == null) {
                file = create(schema);
            }
            file.write(values);
        }

        @Override
        public synchronized void flush() throws IOException {
            if (file != null) {
                file.flush();
            }
        }

        @Override
        public synchronized void close() throws IOException {
            closed = true;
            if (file != null) {
                file.close();
            }
        }
    }

    /** Accepts rows and writes nothing: for runs without a log directory. */
    private static final class NullWriter implements LogWriter {
        static final NullWriter INSTANCE = new NullWriter();

        @Override
        public void write(Object... values) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
