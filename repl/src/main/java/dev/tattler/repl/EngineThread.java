package dev.tattler.repl;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that touches the engine and the JavaScript context (a GraalJS context is
 * single-threaded, DESIGN.md). The prompt thread hands it each command and waits; between
 * commands it runs the idle work, which is how live capture keeps flowing (and watches keep
 * printing) while the user types.
 *
 * <pre>
 *  prompt thread ──submit(command)──> queue ──> engine thread: command, command, ...
 *                                                  └─ no command: idle work (live packets), ≤ 20 ms a turn
 * </pre>
 */
final class EngineThread implements AutoCloseable {
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile Runnable idle;
    private volatile boolean closed;

    EngineThread() {
        thread = new Thread(this::loop, "tattler-repl-engine");
        thread.setDaemon(true);
        thread.start();
    }

    <T> FutureTask<T> submit(Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        tasks.add(task);
        return task;
    }

    /** Work for the quiet moments (it must return within a few tens of milliseconds); null for none. */
    void idle(Runnable work) {
        idle = work;
        tasks.add(() -> { }); // wake the loop so it notices
    }

    boolean isEngineThread() {
        return Thread.currentThread() == thread;
    }

    private void loop() {
        while (!closed) {
            try {
                Runnable next = tasks.poll();
                Runnable work = idle;
                if (next == null && work != null) {
                    work.run();
                    continue;
                }
                if (next == null) {
                    next = tasks.poll(100, TimeUnit.MILLISECONDS);
                }
                if (next != null) {
                    next.run();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a task's failure belongs to its FutureTask; idle work reports its own
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
