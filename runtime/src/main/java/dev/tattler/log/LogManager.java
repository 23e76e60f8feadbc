package dev.tattler.log;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Owns every log a run writes (conn, weird, notice, reporter and the scripts' own), in one
 * directory and one format, so that all of them are flushed and closed together — at the end
 * of a run, on Ctrl-C, on SIGTERM — and none is left without its {@code #close} line.
 *
 * <pre>
 *   open("conn").row() ─> TsvRow | JsonRow (bytes, on the caller's thread) ─> LogFile ─> DIR/conn.log
 *   rotate(t)    ─> every file closed and renamed DIR/conn.2026-11-27-10-00-00-2026-11-27-11-00-00.log;
 *                   the next row of each log opens a fresh DIR/conn.log
 *   closeAll()   ─> every writer closed once, in the order opened (renamed too once rotation is on)
 * </pre>
 *
 * <p>Rotated names follow Zeek's: the log's path, then the period's open and close times in
 * Zeek's {@code Log::default_rotation_date_format} ({@code %Y-%m-%d-%H-%M-%S}, local time) —
 * Zeek itself names a rotated file by its open time only, zeekctl's archive by both; every log
 * of one period shares the same two times, so one glob finds a period's files. A rotation swaps
 * the file under each writer while holding that writer's lock: a row goes wholly to the old file
 * or wholly to the new one, never to both or neither, and holders of a writer keep using it.
 */
public final class LogManager implements AutoCloseable {
    private static final DateTimeFormatter ROTATION_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");

    private final Path dir;
    private final LogFormat format;
    private final Map<String, LogWriter> open = new LinkedHashMap<>();
    private boolean closed;
    private ZoneId zone = ZoneId.systemDefault();
    /** Time for rotated names (nanoseconds): the wall clock, or network time once a run supplies it. */
    private LongSupplier clock = LogManager::wallClock;
    private long periodStart = wallClock();
    /** On (rotation enabled): files are renamed when closed, and a file left by a killed run is kept. */
    private boolean rotating;

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
            if (w instanceof LazyWriter && !((LazyWriter) w).schema.sameColumns(schema)) {
                // Reloaded scripts changed a log's columns: finish the old file under a rotated
                // name rather than mix two layouts in one file.
                ((LazyWriter) w).rotate(stamp(periodStart, clock.getAsLong()), schema);
            }
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
    private LogFile create(LogSchema schema) throws IOException {
        Path file = dir.resolve(schema.path() + ".log");
        if (rotating && Files.exists(file)) {
            // Left by a run that was killed before it could rotate: keep it, do not truncate it.
            String mtime = ROTATION_STAMP.format(Files.getLastModifiedTime(file).toInstant().atZone(zone));
            Files.move(file, unique(schema.path() + "." + mtime + ".leftover"));
        }
        return new LogFile(file, format == LogFormat.JSON ? new byte[0] : TsvRow.header(schema, LocalDateTime.now()));
    }

    /** A row encoder in this run's format for {@code schema}, appending to {@code sink}. */
    private LogRow newRow(LogSchema schema, LogRow.Sink sink) {
        return format == LogFormat.JSON ? new JsonRow(schema, sink) : new TsvRow(schema, sink);
    }

    /** What ends a file: TSV's {@code #close} line, nothing for JSON. */
    private byte[] trailer() {
        return format == LogFormat.JSON ? new byte[0] : TsvRow.trailer(LocalDateTime.now());
    }

    /**
     * Turns rotation on: {@link #rotate} starts new periods, and {@link #closeAll} renames the
     * last period's files too, as Zeek rotates at shutdown, so that a restart never overwrites
     * them. {@code clock} gives the time (epoch nanoseconds) a rotation or close happens at: the
     * wall clock for a live run, network time for a capture file.
     */
    public synchronized void enableRotation(long periodStartNanos, LongSupplier clock) {
        this.rotating = true;
        this.periodStart = periodStartNanos;
        this.clock = clock;
    }

    /** Formats rotated names in {@code zone} instead of the system's time zone (tests). */
    public synchronized void useZone(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * Ends the current period at {@code closeNanos}: every log with a file is closed (TSV:
     * {@code #close}) and renamed {@code PATH.OPEN-CLOSE.log}, and its next row starts a new
     * {@code PATH.log}. Logs without a row in the period get no file, as in Zeek.
     *
     * @return the rotated files, in the order the logs were opened
     */
    public synchronized List<Path> rotate(long closeNanos) throws IOException {
        String stamp = stamp(periodStart, closeNanos);
        periodStart = closeNanos;
        List<Path> rotated = new ArrayList<>();
        IOException first = null;
        for (LogWriter w : open.values()) {
            if (!(w instanceof LazyWriter)) {
                continue;
            }
            try {
                Path p = ((LazyWriter) w).rotate(stamp, null);
                if (p != null) {
                    rotated.add(p);
                }
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return rotated;
    }

    /** The start of the current rotation period (epoch nanoseconds). */
    public synchronized long periodStart() {
        return periodStart;
    }

    private String stamp(long openNanos, long closeNanos) {
        return format(openNanos) + "-" + format(closeNanos);
    }

    private String format(long nanos) {
        return ROTATION_STAMP.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L)).atZone(zone));
    }

    /** DIR/BASE.log, or DIR/BASE.2.log, ... when a file of that name exists already. */
    private Path unique(String base) {
        Path p = dir.resolve(base + ".log");
        for (int n = 2; Files.exists(p); n++) {
            p = dir.resolve(base + "." + n + ".log");
        }
        return p;
    }

    private static long wallClock() {
        return System.currentTimeMillis() * 1_000_000L;
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
        String stamp = rotating && !closed ? stamp(periodStart, clock.getAsLong()) : null;
        closed = true;
        List<LogWriter> writers = new ArrayList<>(open.values());
        for (LogWriter w : writers) {
            try {
                if (stamp != null && w instanceof LazyWriter) {
                    ((LazyWriter) w).rotate(stamp, null);
                }
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

    /**
     * Creates its file on the first row, so a run with no weirds leaves no weird.log; rotation
     * swaps the file underneath, so whoever holds this writer (or one of its rows) keeps it
     * across rotations. Rows are encoded by their callers, outside the lock; appending a
     * finished row is the only step under it, so a row lands wholly in one file.
     */
    private final class LazyWriter implements LogWriter, LogRow.Sink {
        private LogSchema schema;
        /** Encodes rows given as objects ({@link #write}), under the lock. */
        private LogRow objects;
        private LogFile file;
        private boolean closed;

        LazyWriter(LogSchema schema) {
            this.schema = schema;
            this.objects = newRow(schema, this);
        }

        @Override
        public synchronized void write(Object... values) throws IOException {
            objects.values(values);
        }

        @Override
        public synchronized LogRow row() {
            return newRow(schema, this);
        }

        @Override
        public synchronized void append(LogRow row) throws IOException {
            if (closed) {
                throw new IOException(schema.path() + ".log is closed");
            }
            if (row.schema != schema) {
                throw new IOException(schema.path() + ".log has new columns; this row was made for the old ones");
            }
            if (file == null) {
                file = create(schema);
            }
            file.write(row.bytes, 0, row.length);
        }

        @Override
        public synchronized void flush() throws IOException {
            if (file != null) {
                file.flush();
            }
        }

        /**
         * Closes the current file and renames it PATH.STAMP.log; the next row opens a new one
         * (with {@code newSchema}'s columns when not null). Returns the new name, or null when
         * there was no file.
         */
        synchronized Path rotate(String stamp, LogSchema newSchema) throws IOException {
            LogSchema old = schema;
            if (newSchema != null) {
                schema = newSchema;
                objects = newRow(newSchema, this);
            }
            if (file == null) {
                return null;
            }
            LogFile current = file;
            file = null;
            current.close(trailer());
            Path from = dir.resolve(old.path() + ".log");
            Path to = unique(old.path() + "." + stamp);
            try {
                Files.move(from, to);
            } catch (FileAlreadyExistsException e) {
                throw new IOException("cannot rotate " + from + ": " + to + " exists", e);
            }
            return to;
        }

        @Override
        public synchronized void close() throws IOException {
            closed = true;
            if (file != null) {
                LogFile current = file;
                file = null;
                current.close(trailer());
            }
        }
    }

    /** Accepts rows and writes nothing: for runs without a log directory. */
    private static final class NullWriter implements LogWriter, LogRow.Sink {
        static final NullWriter INSTANCE = new NullWriter();
        private static final LogSchema NO_COLUMNS = LogSchema.of("null");

        @Override
        public void write(Object... values) {
        }

        @Override
        public LogRow row() {
            return new TsvRow(NO_COLUMNS, this); // no columns: every value is dropped unencoded
        }

        @Override
        public void append(LogRow row) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
