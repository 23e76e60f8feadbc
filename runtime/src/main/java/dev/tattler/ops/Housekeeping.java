package dev.tattler.ops;

import dev.tattler.capture.LiveSource;
import dev.tattler.engine.EventEngine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine thread's chores on the wall clock, once a second: flush every log (so a notice is
 * on disk within a second, for tail -f and log shippers), take the {@link RunStats} snapshot the
 * metrics endpoint serves, and run the tasks added (a pending script reload). A daemon ticker
 * thread only raises a flag; the work itself runs on the engine thread between two packets
 * ({@link EventEngine#setChores}), where the engine's state and the script contexts are safe
 * to touch.
 */
public final class Housekeeping implements AutoCloseable {
    static final long TICK_MILLIS = 1000;

    private final EventEngine engine;
    private final LiveSource live;
    private final List<Runnable> tasks = new ArrayList<>();
    private final Thread ticker;
    private volatile RunStats latest;
    private volatile boolean closed;

    /** {@code live} is null for a capture file. */
    public Housekeeping(EventEngine engine, LiveSource live) {
        this.engine = engine;
        this.live = live;
        this.ticker = new Thread(this::tick, "tattler-ticker");
        ticker.setDaemon(true);
    }

    /** Adds a task to run on the engine thread at every tick; before {@link #start()}. */
    public void add(Runnable task) {
        tasks.add(task);
    }

    /** Installs the chores on the engine and starts ticking. */
    public void start() {
        latest = RunStats.of(engine, live);
        engine.setChores(this::chores);
        ticker.start();
    }

    /** The latest snapshot (any thread). */
    public RunStats latest() {
        return latest;
    }

    private void tick() {
        while (!closed) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            engine.requestChores();
        }
    }

    private void chores() {
        try {
            engine.logs().flushAll();
        } catch (IOException e) {
            engine.reporter().error("could not flush the logs: " + e.getMessage());
        }
        latest = RunStats.of(engine, live);
        for (Runnable t : tasks) {
            t.run();
        }
    }

    @Override
    public void close() {
        closed = true;
        ticker.interrupt();
    }
}
