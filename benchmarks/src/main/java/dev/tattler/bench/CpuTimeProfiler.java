package dev.tattler.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU time per operation, next to JMH's wall-clock score: on this shared 2-core machine other
 * builds steal the CPU, so wall time per packet swings with the load while the benchmark
 * thread's own CPU time barely moves. Use with {@code -prof dev.tattler.bench.CpuTimeProfiler}.
 *
 * <ul>
 *   <li>{@code cpu}: CPU time of JMH's worker thread per operation (ns/op), less the per-pass
 *       setup and teardown that JMH also leaves out of its score ({@link #exclude}). Not in it:
 *       garbage collection and the JIT compilers, which run on threads of their own.
 *   <li>{@code cpu.all}: CPU time of the whole process per operation (ns/op): the above plus
 *       GC, the JIT compilers (Graal compiling JavaScript in the background) and JMH itself.
 * </ul>
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private static final AtomicLong EXCLUDED = new AtomicLong();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long workersBefore;
    private long processBefore;
    private long excludedBefore;

    /**
     * Takes the benchmark thread's CPU time since {@code startCpuNanos} (a
     * {@link #threadCpuNanos()} reading) out of the measurement: for work JMH does not time
     * either, such as a {@code Level.Invocation} setup.
     */
    public static void exclude(long startCpuNanos) {
        EXCLUDED.addAndGet(threadCpuNanos() - startCpuNanos);
    }

    /** The calling thread's CPU time, in nanoseconds. */
    public static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    @Override
    public String getDescription() {
        return "CPU time per operation: the benchmark thread's (cpu) and the whole process's (cpu.all)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        workersBefore = workerCpuNanos();
        excludedBefore = EXCLUDED.get();
        processBefore = os.getProcessCpuTime();
    }

    @Override
    public List<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
                                                 IterationResult result) {
        long process = os.getProcessCpuTime() - processBefore;
        long worker = workerCpuNanos() - workersBefore - (EXCLUDED.get() - excludedBefore);
        double ops = Math.max(1, result.getMetadata().getAllOps());
        return List.of(new ScalarResult("cpu", worker / ops, "ns/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.all", process / ops, "ns/op", AggregationPolicy.AVG));
    }

    /**
     * CPU time of JMH's worker threads (named "...-jmh-worker-N"). A worker started during the
     * iteration counts from zero, which is what it had before.
     */
    private long workerCpuNanos() {
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("jmh-worker")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    sum += t;
                }
            }
        }
        return sum;
    }
}
