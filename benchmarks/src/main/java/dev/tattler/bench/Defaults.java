package dev.tattler.bench;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What every benchmark here shares (JMH's annotations are inherited): average time in
 * nanoseconds per operation — one packet or one event — so that a score reads directly
 * against the per-packet budget (66 ns for 15 M packets/s); one fork with the launcher's
 * collector and stack size. bench/run-jmh.sh adds the Graal JIT's flags, or not, and its
 * {@code quick} mode shortens warm-up and measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xss4m"})
public abstract class Defaults {
}
