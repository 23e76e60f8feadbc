package dev.tattler.engine;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;
import dev.tattler.conn.ConnConfig;
import dev.tattler.conn.ConnTracker;
import dev.tattler.conn.Connection;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.log.LogFormat;
import dev.tattler.log.LogManager;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * What writing conn.log costs per row, apart from the rest of the engine: a manual benchmark,
 * not a test. Each round tracks the connections of a capture (untimed), then writes every one
 * of them once through {@link ConnLog} into a fresh directory, timing that alone (CPU time of
 * this thread and wall time, including the final close). With {@code hot}, a round writes
 * 1 M rows cycling over the first 1000 connections instead: the writer's own cost, with the
 * connections' text already made and in cache.
 *
 * <pre>
 *   java -cp runtime/target/classes:runtime/target/test-classes:DEPS dev.tattler.engine.ConnLogBench CAPTURE DIR ROUNDS [tsv|json] [hot]
 * </pre>
 */
public final class ConnLogBench {
    private ConnLogBench() {
    }

    public static void main(String[] args) throws IOException {
        Path capture = Paths.get(args[0]);
        Path dir = Paths.get(args[1]);
        int rounds = Integer.parseInt(args[2]);
        LogFormat format = args.length > 3 && args[3].equals("json") ? LogFormat.JSON : LogFormat.TSV;
        boolean hot = args.length > 4 && args[4].equals("hot");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            List<Connection> conns = track(capture);
            if (hot) {
                List<Connection> first = conns.subList(0, 1000);
                conns = new ArrayList<>(1_000_000);
                for (int i = 0; i < 1_000_000; i++) {
                    conns.add(first.get(i % first.size()));
                }
            }
            Path out = Files.createDirectories(dir.resolve("round" + round));
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            try (LogManager logs = new LogManager(out, format)) {
                ConnLog log = new ConnLog(logs);
                for (Connection c : conns) {
                    log.write(c);
                }
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            System.out.printf("round %d: %d rows, %.1f ns/row cpu, %.1f ns/row wall%n",
                    round, conns.size(), (double) cpu / conns.size(), (double) wall / conns.size());
        }
    }

    /** Every connection of the capture, in the order the tracker removed them. */
    private static List<Connection> track(Path capture) throws IOException {
        List<Connection> removed = new ArrayList<>();
        ConnTracker tracker = new ConnTracker(ConnConfig.defaults(), LocalAddresses.of(List.of()), 1, new ConnTracker.Listener() {
            @Override
            public void newConnection(Connection c) {
            }

            @Override
            public void established(Connection c) {
            }

            @Override
            public void attempt(Connection c) {
            }

            @Override
            public void removed(Connection c) {
                removed.add(c);
            }

            @Override
            public void udp(Connection c, boolean fromOrig, PacketView v) {
            }

            @Override
            public void icmp(Connection c, boolean fromOrig, PacketView v) {
            }

            @Override
            public void weird(String name, String addl, Connection c, PacketView v, String src, String dst) {
            }
        });
        PacketDecoder decoder = new PacketDecoder((name, addl, v) -> { }, false);
        PacketView view = new PacketView();
        PacketRecord record = new PacketRecord();
        try (PacketSource source = CaptureFiles.open(capture)) {
            while (source.next(record)) {
                tracker.advance(record.timestampNanos);
                decoder.decode(record, view);
                if (view.has(PacketView.LINK) && view.ipVersion() != 0) {
                    tracker.packet(view);
                }
            }
        }
        tracker.flush();
        return removed;
    }
}
