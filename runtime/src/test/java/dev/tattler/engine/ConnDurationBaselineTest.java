package dev.tattler.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tattler.event.ConnInfo;
import dev.tattler.event.EventType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Connection durations against Zeek's scripts.base.frameworks.telemetry.conn-duration-histogram
 * baseline: {@code zeek -b -C} over echo-connections.pcap.gz (500 short TCP connections) puts
 * every connection_state_remove duration into a histogram with bounds 2, 3, 4, 5, 6, 10 s and
 * prints the bucket counts and the sum. The same from Tattler's connection_state_remove event.
 */
class ConnDurationBaselineTest {
    private static final double[] BOUNDS = {2.0, 3.0, 4.0, 5.0, 6.0, 10.0};

    /** A pcap time in microseconds as Zeek holds it: tv_sec + tv_usec / 1e6. */
    private static double zeekTime(long micros) {
        return micros / 1_000_000 + (micros % 1_000_000) / 1e6;
    }

    @Test
    void durationsOfFiveHundredEchoConnectionsMatchZeeksHistogram() throws IOException {
        List<String> out = Files.readAllLines(Corpus.file(
                "zeek/testing/btest/Baseline/scripts.base.frameworks.telemetry.conn-duration-histogram/out"),
                StandardCharsets.UTF_8);
        // [0.0, 322.0, 90.0, 5.0, 76.0, 7.0, 0.0] then "500.0, 1650.264644"
        String buckets = out.get(5);
        String totals = out.get(6);

        List<Double> durations = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Corpus.run(Corpus.file("zeek/testing/btest/Traces/echo-connections.pcap.gz"),
                EngineConfig.defaults(null).withIgnoreChecksums(true), Corpus.bus(failures),
                bus -> bus.subscribe(EventType.CONNECTION_STATE_REMOVE, Corpus.handler("durations", (x, y) -> {
                    ConnInfo c = (ConnInfo) x;
                    // Zeek's c$duration is the difference of two packet times as doubles (seconds
                    // plus microseconds / 1e6), each rounded; Tattler's is the exact difference. The
                    // buckets cannot tell them apart, the sum's sixth decimal can: redo Zeek's sums.
                    long start = Math.round(c.start_time * 1e6);
                    long last = start + Math.round(c.duration * 1e6);
                    durations.add(zeekTime(last) - zeekTime(start));
                    assertEquals(c.duration, zeekTime(last) - zeekTime(start), 1e-6);
                }), 0));
        assertEquals(List.of(), failures);

        long[] counts = new long[BOUNDS.length + 1];
        double sum = 0;
        for (double d : durations) {
            int i = 0;
            while (i < BOUNDS.length && d > BOUNDS[i]) {
                i++;
            }
            counts[i]++;
            sum += d;
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < counts.length; i++) {
            b.append(i == 0 ? "" : ", ").append((double) counts[i]);
        }
        assertEquals(buckets, b.append(']').toString());
        assertEquals(totals, String.format(java.util.Locale.ROOT, "%.1f, %.6f", (double) durations.size(), sum));
    }
}
