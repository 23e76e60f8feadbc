package dev.tattler.engine;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketSource;
import dev.tattler.capture.ReadAheadSource;
import dev.tattler.conn.HostTracking;
import dev.tattler.conn.ReaderPass;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventHandler;
import dev.tattler.event.EventType;
import dev.tattler.event.PacketInfo;
import dev.tattler.log.Reporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * An engine whose host tables (lastSeen, lastPacket) are kept either by the engine itself, or
 * by a read-ahead thread running ahead of it, as {@code tattler run} does with scripts on two
 * cores: tests run both and expect the same answers.
 */
final class TrackedRun {
    final EventEngine engine;
    private final HostTracking keptByReader;

    /**
     * The engine, tracking nothing yet ({@link #track} turns the tables on); a failing handler
     * fails the test.
     */
    TrackedRun(Path logDir, boolean readAhead) throws IOException {
        EventBus bus = new EventBus((e, h, x) -> { throw x; });
        engine = new EventEngine(EngineConfig.defaults(logDir), bus, new Reporter(new PrintStream(new ByteArrayOutputStream())));
        keptByReader = readAhead ? HostTracking.ahead(ReadAheadSource.MAX_AHEAD) : null;
    }

    void track() {
        if (keptByReader != null) {
            engine.trackHostActivity(keptByReader);
        } else {
            engine.trackHostActivity();
        }
    }

    /** Calls {@code test} during the handlers of every packet (raw_packet). */
    void duringEachPacket(Consumer<PacketInfo> test) {
        engine.bus().subscribe(EventType.RAW_PACKET, new EventHandler() {
            @Override
            public void handle(Object first, Object second) {
                test.accept((PacketInfo) first);
            }

            @Override
            public String origin() {
                return "test";
            }
        }, 0);
    }

    /** Runs the capture to its end, and the finish. */
    void run(Path capture) throws IOException {
        PacketSource file = CaptureFiles.open(capture);
        try (PacketSource source = keptByReader != null
                ? ReadAheadSource.start(file, new ReaderPass(false, keptByReader)) : file) {
            engine.run(source);
        }
        engine.finish();
    }

    /** How the run is told apart in messages. */
    static String describe(boolean readAhead) {
        return readAhead ? " (tables kept by the reading thread)" : "";
    }
}
