package dev.tattler.repl;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.CaptureFormatException;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;
import dev.tattler.script.JsRuntime;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An investigation session: what is being replayed (a capture file or a live interface), how
 * far, and the {@link Investigation} built from it; the scripts, watches and breakpoints that
 * survive {@code .reset} and {@code .open}; and the stop flag Ctrl-C raises. Every method but
 * {@link #interrupt} and the progress getters runs on the {@link EngineThread}.
 *
 * <pre>
 *  .open FILE ──> PacketSource ─┐                              ┌─> FileHistory (read again on demand)
 *  .live IFACE ─> LiveFeed ─────┴─ advance / pumpLive ─> process ┼─> RingHistory (live: latest frames)
 *                                   (stop flag, breakpoints)    └─> Investigation (engine, scripts)
 * </pre>
 */
final class Session implements AutoCloseable {
    /** Why {@link #advance} returned. */
    enum Stop { COUNT, TIME, BREAK, INTERRUPTED, END }

    /** What {@link #advance} did. */
    record Outcome(long packets, Stop reason) {
    }

    final Console console;
    final Settings settings;
    final Dissector dissector = new Dissector();
    final Probes probes;
    private final JsRuntime js;
    private final List<ScriptSpec> scripts = new ArrayList<>();
    private Investigation investigation;
    private Path capture;
    private PacketSource source;
    private LiveFeed live;
    private boolean livePaused;
    private PacketHistory history = new FileHistory(null);
    private final PacketRecord fileRecord = new PacketRecord();
    private PacketRecord lookahead;
    private boolean ended;
    private String pause;
    private volatile long frames;
    private volatile long lastNanos;
    private volatile boolean stop;
    private volatile int jsDepth;

    Session(Console console, Settings settings) throws ReplException {
        this.console = console;
        this.settings = settings;
        this.js = new JsRuntime();
        this.probes = new Probes(this);
        restart();
    }

    boolean jsOptimized() {
        return js.optimized();
    }

    Investigation investigation() {
        return investigation;
    }

    PacketHistory history() {
        return history;
    }

    /** Packets replayed since the start (or the last reset). Any thread. */
    long frames() {
        return frames;
    }

    /** Network time of the latest packet, in nanoseconds; 0 before the first. Any thread. */
    long lastNanos() {
        return lastNanos;
    }

    boolean ended() {
        return ended;
    }

    LiveFeed live() {
        return live;
    }

    /** "incident.pcap", "live eth0", or null when nothing is open. */
    String inputName() {
        if (live != null) {
            return "live " + live.description();
        }
        return capture == null ? null : capture.toString();
    }

    List<ScriptSpec> scripts() {
        return List.copyOf(scripts);
    }

    // --- what is replayed ------------------------------------------------------------------

    /** Opens a capture file and starts a fresh replay of it. */
    void open(Path file) throws ReplException {
        if (Files.isDirectory(file)) {
            throw new ReplException(file + ": is a directory, not a capture file");
        }
        PacketSource opened = openSource(file);
        closeInput();
        capture = file;
        source = opened;
        history = new FileHistory(file);
        restart();
    }

    private static PacketSource openSource(Path file) throws ReplException {
        try {
            return CaptureFiles.open(file);
        } catch (NoSuchFileException e) {
            throw new ReplException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ReplException(file + ": permission denied");
        } catch (IOException e) {
            throw new ReplException(file + ": " + e.getMessage());
        }
    }

    /** Starts a fresh replay of live traffic from {@code feed}. */
    void live(LiveFeed feed) throws ReplException {
        closeInput();
        live = feed;
        livePaused = false;
        history = new RingHistory();
        restart();
    }

    /** Stops live capture; what was seen stays for looking at. */
    void stopLive() {
        if (live != null) {
            live.close();
            livePaused = true;
        }
    }

    /** Back to the start of the capture with everything cleared; scripts and probes are set up again. */
    void reset() throws ReplException {
        if (capture != null) {
            PacketSource reopened = openSource(capture);
            closeSource();
            source = reopened;
            history.close();
            history = new FileHistory(capture);
        } else if (live != null) {
            history = new RingHistory();
        }
        restart();
    }

    private void restart() throws ReplException {
        if (investigation != null) {
            investigation.close();
        }
        investigation = new Investigation(js, settings, console);
        frames = 0;
        lastNanos = 0;
        ended = false;
        lookahead = null;
        pause = null;
        JsBindings.install(this);
        for (ScriptSpec s : scripts) {
            try {
                s.loadInto(investigation.host);
            } catch (ReplException e) {
                console.error(e.getMessage());
            }
        }
        probes.install(investigation);
    }

    /** Loads a script into the running replay, and again after every reset. */
    void load(ScriptSpec script) throws ReplException {
        script.loadInto(investigation.host);
        scripts.add(script);
        for (String name : JsBindings.shadowed(this)) {
            console.note(script.name() + " declares its own '" + name + "': the REPL's is repl." + name);
        }
    }

    // --- replaying ---------------------------------------------------------------------------

    /**
     * Replays up to {@code max} packets, stopping early before the first packet later than
     * {@code untilNanos}, after a packet that hit a breakpoint, on Ctrl-C, or at the end of the
     * input (which runs the end of the replay: timers, {@code tattler_done}, connections flushed).
     * With {@code print}, each packet's summary line comes before whatever its events print.
     */
    Outcome advance(long max, long untilNanos, boolean print) throws ReplException {
        if (source == null && live == null) {
            throw new ReplException("nothing to replay: open a capture with .open FILE (or .live IFACE)");
        }
        if (ended) {
            return new Outcome(0, Stop.END);
        }
        pause = null;
        investigation.engine.start();
        long done = 0;
        while (done < max) {
            if (stop) {
                return new Outcome(done, Stop.INTERRUPTED);
            }
            PacketRecord r = peek();
            if (r == null) {
                if (live != null && !live.exhausted()) {
                    continue; // waiting for traffic; Ctrl-C ends the wait
                }
                endOfInput();
                return new Outcome(done, Stop.END);
            }
            if (r.timestampNanos > untilNanos) {
                return new Outcome(done, Stop.TIME);
            }
            lookahead = null;
            if (print) {
                console.println(dissector.summary(r));
            }
            process(r);
            done++;
            if (pause != null) {
                return new Outcome(done, Stop.BREAK);
            }
        }
        return new Outcome(done, Stop.COUNT);
    }

    /** The next packet without consuming it: a file's next record, or a live frame (waiting briefly). */
    private PacketRecord peek() throws ReplException {
        if (lookahead != null) {
            return lookahead;
        }
        if (live != null) {
            lookahead = live.poll(50);
            return lookahead;
        }
        try {
            if (source.next(fileRecord)) {
                lookahead = fileRecord;
                return lookahead;
            }
            String cut = source.truncation();
            if (cut != null) {
                console.error(capture + ": " + cut + "; replayed what was there");
            }
            return null;
        } catch (CaptureFormatException e) {
            console.error(capture + ": " + e.getMessage() + "; replayed what was there");
            return null;
        } catch (IOException e) {
            throw new ReplException(capture + ": " + e.getMessage());
        }
    }

    private void process(PacketRecord r) {
        history.processed(r);
        investigation.engine.process(r);
        frames++;
        lastNanos = Math.max(lastNanos, r.timestampNanos);
    }

    private void endOfInput() {
        ended = true;
        investigation.finish(capture);
        if (live != null && live.failure() != null) {
            console.error("live capture stopped: " + live.failure());
        }
    }

    /**
     * Where relative times count from: the latest packet's time, or before the first packet the
     * time of the first one (read ahead, not processed); 0 when there is none.
     */
    long timeBase() throws ReplException {
        if (lastNanos > 0 || (source == null && live == null) || ended) {
            return lastNanos;
        }
        PacketRecord next = live == null ? peek() : lookahead;
        return next == null ? 0 : next.timestampNanos;
    }

    /** The breakpoint message of the packet just processed, or null. */
    String pauseMessage() {
        return pause;
    }

    /** A breakpoint fired: the replay stops after the current packet. */
    void pause(String message) {
        pause = message;
    }

    /** Live traffic keeps flowing while the prompt waits: the engine thread's idle work. */
    void pumpLive() {
        if (live == null || livePaused || ended) {
            sleepQuietly();
            return;
        }
        investigation.engine.start();
        PacketRecord r = peek0();
        for (int i = 0; r != null && i < 4096; i++) {
            lookahead = null;
            process(r);
            if (pause != null) {
                livePaused = true;
                console.println(pause + " — live capture paused; .run resumes");
                pause = null;
                return;
            }
            r = live.poll(0);
            lookahead = r;
        }
        if (live.exhausted()) {
            endOfInput();
        }
    }

    private PacketRecord peek0() {
        try {
            return peek();
        } catch (ReplException e) {
            return null; // live feeds do not throw
        }
    }

    /** Lets live traffic flow again after a breakpoint or {@code .step}. */
    void resumeLive() {
        livePaused = false;
    }

    /** Holds live traffic while a command (.step) replays it packet by packet. */
    void holdLive(boolean hold) {
        livePaused = hold;
    }

    boolean livePaused() {
        return livePaused;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- JavaScript and Ctrl-C -------------------------------------------------------------------

    /** Evaluates prompt input in the replay's context. */
    Value eval(String name, String code) throws ReplException {
        return js(() -> investigation.host.eval(name, code));
    }

    /**
     * Runs JavaScript started from the prompt (evaluation, filters, watch expressions) so that
     * Ctrl-C can interrupt it; a failure becomes one line.
     */
    <T> T js(Supplier<T> work) throws ReplException {
        jsDepth++;
        try {
            return work.get();
        } catch (PolyglotException e) {
            throw new ReplException(JsErrors.message(e));
        } finally {
            jsDepth--;
        }
    }

    boolean inJs() {
        return jsDepth > 0;
    }

    /** Ctrl-C: stops the replay loop and interrupts JavaScript the prompt started. Any thread. */
    void interrupt() {
        stop = true;
        Investigation inv = investigation;
        if (jsDepth > 0 && inv != null) {
            inv.host.interrupt();
        }
    }

    boolean stopRequested() {
        return stop;
    }

    /** Before each command: a Ctrl-C belongs to the command it interrupted. */
    void clearStop() {
        stop = false;
    }

    private void closeSource() {
        if (source != null) {
            try {
                source.close();
            } catch (IOException e) {
                // read-only
            }
            source = null;
        }
    }

    private void closeInput() {
        closeSource();
        if (live != null) {
            live.close();
            live = null;
        }
        history.close();
        capture = null;
    }

    @Override
    public void close() {
        closeInput();
        if (investigation != null) {
            investigation.close();
        }
        js.close();
    }
}
