package dev.tattler.ops;

import dev.tattler.engine.EngineConfig;
import dev.tattler.engine.EventEngine;
import dev.tattler.event.EventBus;
import dev.tattler.log.LogFormat;
import dev.tattler.log.LogManager;
import dev.tattler.log.Reporter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Prometheus endpoint on loopback: the run's counters in the exposition format. */
class MetricsEndpointTest {
    @Test
    void servesTheLatestSnapshotOnLoopback() throws Exception {
        EventEngine engine = new EventEngine(EngineConfig.defaults(null), new EventBus((e, h, x) -> { }),
                new Reporter(new PrintStream(new ByteArrayOutputStream(), true)), new LogManager(null, LogFormat.TSV));
        RunStats snapshot = RunStats.of(engine, null);
        try (MetricsEndpoint m = MetricsEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                () -> snapshot)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + m.port() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            String body = r.body();
            for (String line : new String[] {"tattler_packets_processed_total 0.0", "tattler_events_dispatched_total 0.0",
                    "tattler_script_errors_total 0.0", "tattler_notices_total 0.0", "tattler_connections 0.0"}) {
                assertTrue(body.contains(line + "\n"), line + " in\n" + body);
            }
            assertTrue(body.contains("# HELP tattler_packets_processed_total Packets the engine processed"), body);
            assertTrue(body.contains("tattler_heap_used_bytes "), body);
            assertFalse(body.contains("tattler_packets_dropped_total"), "a file run has no capture counters");
        }
    }
}
