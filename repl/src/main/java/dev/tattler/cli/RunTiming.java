package dev.tattler.cli;

import dev.tattler.engine.EventEngine;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * {@code tattler run --timing}: where a run's wall time went, start-up and warm-up apart from
 * steady state. A daemon thread samples the engine's packet count every 50 ms (a plain read:
 * the engine thread pays nothing), so the packet rate of the second half of the capture — by
 * then the JIT has compiled the hot paths — is told apart from the first.
 *
 * <pre>
 *   JVM start ── start-up ──> first packet ── first half ──> half ── second half (steady) ──> last packet ── finish ──> done
 * </pre>
 */
final class RunTiming implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 50;

    private final EventEngine engine;
    private final long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final Thread sampler;
    private long[] times = new long[1024];
    private long[] counts = new long[1024];
    private int samples;
    private long runStart;
    private long runEnd;
    private long startMillis;
    private volatile boolean stopped;

    private RunTiming(EventEngine engine) {
        this.engine = engine;
        this.sampler = new Thread(this::sample, "tattler-timing");
        sampler.setDaemon(true);
    }

    /** Starts timing as the packet loop begins. */
    static RunTiming start(EventEngine engine) {
        RunTiming t = new RunTiming(engine);
        t.startMillis = System.currentTimeMillis();
        t.runStart = System.nanoTime();
        t.record(t.runStart, 0);
        t.sampler.start();
        return t;
    }

    private void sample() {
        while (!stopped) {
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long n = engine.packets();
            synchronized (this) {
                record(System.nanoTime(), n);
            }
        }
    }

    private void record(long time, long count) {
        if (samples == times.length) {
            times = java.util.Arrays.copyOf(times, samples * 2);
            counts = java.util.Arrays.copyOf(counts, samples * 2);
        }
        times[samples] = time;
        counts[samples] = count;
        samples++;
    }

    /** The packet loop ended (before tattler_done and closing the logs). */
    synchronized void loopEnded() {
        runEnd = System.nanoTime();
        record(runEnd, engine.packets());
    }

    /** One line: start-up, the loop's overall and steady-state rates, the finish. */
    synchronized String summary() {
        long done = System.nanoTime();
        long packets = counts[samples - 1];
        double startup = Math.max(0, startMillis - jvmStartMillis) / 1e3;
        double loop = (runEnd - runStart) / 1e9;
        // The steady state: from the first sample past half the packets to the end of the loop.
        int half = 0;
        while (half < samples - 1 && counts[half] < packets / 2) {
            half++;
        }
        double steadySeconds = (runEnd - times[half]) / 1e9;
        long steadyPackets = packets - counts[half];
        String steady = steadySeconds > 0.2 && steadyPackets > 0
                ? String.format(Locale.ROOT, "%,.0f packets/s steady state (the last %,d packets, %.2f s)",
                        steadyPackets / steadySeconds, steadyPackets, steadySeconds)
                : "run too short for a steady-state figure";
        return String.format(Locale.ROOT, "timing: start-up %.2f s (JVM start to the first packet); %,d packets in"
                        + " %.2f s, %,.0f packets/s overall; %s; finish %.2f s (timers, tattler_done)",
                startup, packets, loop, loop > 0 ? packets / loop : 0.0, steady, (done - runEnd) / 1e9);
    }

    @Override
    public void close() {
        stopped = true;
        sampler.interrupt();
    }
}
