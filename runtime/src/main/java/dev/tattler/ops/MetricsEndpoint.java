package dev.tattler.ops;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * {@code --metrics ADDR:PORT}: the run's counters for Prometheus at {@code http://ADDR:PORT/metrics},
 * served by the official Prometheus Java client's HTTP exporter on its own threads. Every value
 * comes from the latest {@link RunStats} snapshot (taken on the engine thread once a second), so
 * a scrape never touches the engine and is at most a second old.
 *
 * <pre>
 *  tattler_packets_processed_total         tattler_packets_received_total (live)
 *  tattler_bytes_processed_total           tattler_packets_dropped_total{by="kernel"|"interface"} (live)
 *  tattler_events_dispatched_total         tattler_capture_queue_frames (live)
 *  tattler_script_errors_total             tattler_packet_lag_seconds (live)
 *  tattler_notices_total                   tattler_connections
 *  tattler_network_time_seconds            tattler_heap_used_bytes, tattler_heap_max_bytes
 * </pre>
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HTTPServer server;

    private MetricsEndpoint(HTTPServer server) {
        this.server = server;
    }

    /**
     * Serves the metrics on {@code address} (port 0 picks a free one, see {@link #port()}).
     *
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public static MetricsEndpoint start(InetSocketAddress address, Supplier<RunStats> latest) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        // Capture metrics exist for a live run only: a file run has no such samples at all.
        Supplier<RunStats> live = () -> {
            RunStats s = latest.get();
            return s != null && s.capture != null ? s : null;
        };
        counter(registry, latest, "tattler_packets_processed", "Packets the engine processed", s -> s.packets);
        counter(registry, latest, "tattler_bytes_processed", "Bytes (on the wire) of the packets processed", s -> s.bytes);
        counter(registry, latest, "tattler_events_dispatched", "Events dispatched to handlers", s -> s.events);
        counter(registry, latest, "tattler_script_errors", "Script handler and timer calls that failed", s -> s.scriptErrors);
        counter(registry, latest, "tattler_notices", "Notices written to notice.log", s -> s.notices);
        gauge(registry, latest, "tattler_connections", "Connections in the table", s -> s.connections);
        gauge(registry, latest, "tattler_heap_used_bytes", "Java heap in use", s -> s.heapUsed);
        gauge(registry, latest, "tattler_heap_max_bytes", "Java heap limit", s -> s.heapMax);
        gauge(registry, latest, "tattler_network_time_seconds", "Network time (the latest packet's timestamp)",
                s -> s.networkNanos / 1e9);
        counter(registry, live, "tattler_packets_received", "Packets the capture received (libpcap ps_recv)",
                s -> s.capture.received);
        gauge(registry, live, "tattler_capture_queue_frames", "Frames captured and waiting for the engine",
                s -> s.capture.queued);
        gauge(registry, live, "tattler_packet_lag_seconds", "How far behind the live link the engine is",
                s -> s.lagNanos() / 1e9);
        CounterWithCallback.builder()
                .name("tattler_packets_dropped")
                .help("Packets lost before the engine: by the kernel (buffer full) or by the interface")
                .labelNames("by")
                .callback(cb -> {
                    RunStats s = live.get();
                    if (s != null) {
                        cb.call(s.capture.kernelDropped, "kernel");
                        cb.call(s.capture.interfaceDropped, "interface");
                    }
                })
                .register(registry);
        HTTPServer server = HTTPServer.builder()
                .inetAddress(address.getAddress())
                .port(address.getPort())
                .registry(registry)
                .buildAndStart();
        return new MetricsEndpoint(server);
    }

    private static void counter(PrometheusRegistry registry, Supplier<RunStats> latest, String name, String help,
                                ToDoubleFunction<RunStats> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> {
            RunStats s = latest.get();
            if (s != null) {
                cb.call(value.applyAsDouble(s));
            }
        }).register(registry);
    }

    private static void gauge(PrometheusRegistry registry, Supplier<RunStats> latest, String name, String help,
                              ToDoubleFunction<RunStats> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> {
            RunStats s = latest.get();
            if (s != null) {
                cb.call(value.applyAsDouble(s));
            }
        }).register(registry);
    }

    /** The port served on (the one picked when 0 was asked for). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
