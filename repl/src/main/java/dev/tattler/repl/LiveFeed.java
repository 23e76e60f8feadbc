package dev.tattler.repl;

import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live packets for the REPL: a capture thread reads the interface and hands copies of the
 * frames to the engine thread through a bounded queue, so capture never waits for a slow
 * prompt (a full queue drops, and {@code .stats} says how many).
 *
 * <pre>
 *  interface ─ LiveSource.next ─ capture thread ─copy─> queue (≤ QUEUE frames) ─poll─> engine thread
 * </pre>
 *
 * The live source itself ({@code dev.tattler.capture.LiveSource}, pcap4j) belongs to live
 * monitoring and is looked up by name, so the REPL builds and works without it and says so
 * plainly when it is missing.
 */
final class LiveFeed implements AutoCloseable {
    static final String LIVE_SOURCE = "dev.tattler.capture.LiveSource";
    static final String UNAVAILABLE = "live capture is not available in this build"
            + " (it needs dev.tattler.capture.LiveSource); read a capture with .open FILE";
    private static final int QUEUE = 65_536;
    /** The kernel buffer asked for, in MB: DESIGN.md's floor is 16; an investigation is no sensor. */
    private static final int BUFFER_MB = 32;

    private final PacketSource source;
    private final String description;
    private final ArrayBlockingQueue<PacketRecord> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile String failure;
    private volatile boolean ended;
    private volatile boolean closed;
    private long numbered;

    /** Starts reading {@code source} on a capture thread. */
    LiveFeed(PacketSource source, String description) {
        this.source = source;
        this.description = description;
        this.thread = new Thread(this::capture, "tattler-repl-capture");
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens {@code iface} with an optional BPF filter through the live source of this build. */
    static LiveFeed open(String iface, String bpf) throws ReplException {
        PacketSource source = liveSource(iface, bpf);
        return new LiveFeed(source, iface + (bpf == null ? "" : " (" + bpf + ")"));
    }

    /**
     * Finds a way to make a live source: a static factory or a constructor taking
     * (interface, filter) or (interface). Its own failures (no libpcap, no permission, unknown
     * interface, bad filter) carry its one-line message.
     */
    private static PacketSource liveSource(String iface, String bpf) throws ReplException {
        Class<?> type;
        try {
            type = Class.forName(LIVE_SOURCE);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ReplException(UNAVAILABLE);
        }
        if (!PacketSource.class.isAssignableFrom(type)) {
            throw new ReplException("live capture: " + LIVE_SOURCE + " is not a PacketSource in this build");
        }
        try {
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) && PacketSource.class.isAssignableFrom(m.getReturnType())) {
                    Object[] args = arguments(m.getParameterTypes(), iface, bpf);
                    if (args != null) {
                        return (PacketSource) m.invoke(null, args);
                    }
                }
            }
            for (Constructor<?> c : type.getConstructors()) {
                Object[] args = arguments(c.getParameterTypes(), iface, bpf);
                if (args != null) {
                    return (PacketSource) c.newInstance(args);
                }
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            String m = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new ReplException("live capture on " + iface + ": " + m.lines().findFirst().orElse(m));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ReplException("live capture on " + iface + ": " + e);
        }
        throw new ReplException("live capture: " + LIVE_SOURCE + " has no factory taking (interface, filter)");
    }

    private static Object[] arguments(Class<?>[] types, String iface, String bpf) {
        if (types.length == 3 && types[0] == String.class && types[1] == String.class && types[2] == int.class) {
            return new Object[] {iface, bpf, BUFFER_MB}; // (interface, filter, kernel buffer in MB)
        }
        if (types.length == 2 && types[0] == String.class && types[1] == String.class) {
            return new Object[] {iface, bpf};
        }
        if (types.length == 1 && types[0] == String.class && bpf == null) {
            return new Object[] {iface};
        }
        return null;
    }

    private void capture() {
        PacketRecord r = new PacketRecord();
        Method idle = idleMethod(source);
        try {
            while (!closed) {
                if (!source.next(r)) {
                    if (idle != null && (Boolean) idle.invoke(source)) {
                        continue; // a quiet link, not the end
                    }
                    break;
                }
                PacketRecord copy = new PacketRecord();
                byte[] data = new byte[r.capturedLength];
                System.arraycopy(r.data, r.offset, data, 0, r.capturedLength);
                copy.set(data, 0, data.length, r.wireLength, r.timestampNanos, r.linkType, r.interfaceId);
                copy.number = r.number > 0 ? r.number : ++numbered;
                if (!queue.offer(copy)) {
                    dropped.incrementAndGet();
                }
            }
        } catch (IOException | RuntimeException | ReflectiveOperationException e) {
            if (!closed) {
                failure = e.getMessage() == null ? e.toString() : e.getMessage();
            }
        } finally {
            ended = true;
        }
    }

    /**
     * A live source may return no frame on a quiet link without having ended, and then says so
     * with {@code idle()}; sources without that method end when they return none.
     */
    private static Method idleMethod(PacketSource source) {
        try {
            Method m = source.getClass().getMethod("idle");
            return m.getReturnType() == boolean.class ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** The next frame, waiting at most {@code millis}; null when none came. */
    PacketRecord poll(long millis) {
        try {
            return queue.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** True once capture stopped and every frame was taken. */
    boolean exhausted() {
        return ended && queue.isEmpty();
    }

    /** Why capture stopped, when it failed; null otherwise. */
    String failure() {
        return failure;
    }

    long dropped() {
        return dropped.get();
    }

    int queued() {
        return queue.size();
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        closed = true;
        try {
            source.close();
        } catch (IOException e) {
            // stopping anyway
        }
        thread.interrupt();
    }
}
