package dev.tattler.engine;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PacketSource;
import dev.tattler.capture.PcapWriter;
import dev.tattler.conn.ConnConfig;
import dev.tattler.event.EventBus;
import dev.tattler.generate.FrameBuilder;
import dev.tattler.log.Reporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The flood run {@link ConnFloodTest} starts in a JVM of its own (with a small heap): writes a
 * capture of distinct UDP flows, or runs the engine over one and prints what it saw.
 *
 * <pre>
 *   ConnFlood write CAPTURE FLOWS         one 28-byte datagram per flow, 1 µs apart
 *   ConnFlood write-syn CAPTURE FLOWS     one TCP SYN per flow instead (a SYN flood)
 *   ConnFlood run CAPTURE LOGDIR CAP      engine with the connection cap; prints key=value lines
 * </pre>
 */
public final class ConnFlood {
    private ConnFlood() {
    }

    public static void main(String[] args) throws IOException {
        if (args[0].equals("write")) {
            write(Paths.get(args[1]), Integer.parseInt(args[2]), false);
        } else if (args[0].equals("write-syn")) {
            write(Paths.get(args[1]), Integer.parseInt(args[2]), true);
        } else {
            run(Paths.get(args[1]), Paths.get(args[2]), Integer.parseInt(args[3]));
        }
    }

    /**
     * Flow i: 10.(i/50000/256).(i/50000%256).1 : 10000 + i%50000 -> 192.168.1.1:53, a UDP
     * datagram (or with {@code syn}, a TCP SYN: a SYN flood).
     */
    static void write(Path capture, int flows, boolean syn) throws IOException {
        FrameBuilder fb = new FrameBuilder();
        byte[] payload = new byte[28];
        long t = 1_700_000_000_000_000_000L;
        int dst = FrameBuilder.ip("192.168.1.1");
        try (PcapWriter w = PcapWriter.create(capture, LinkTypes.ETHERNET, PcapWriter.DEFAULT_SNAPLEN)) {
            for (int i = 0; i < flows; i++) {
                int block = i / 50_000;
                int src = (10 << 24) | ((block >>> 8) & 0xFF) << 16 | (block & 0xFF) << 8 | 1;
                int n = syn
                        ? fb.tcp(0x0200_0000_0002L, 0x0200_0000_0001L, i & 0xFFFF, 64, src, dst,
                                10_000 + i % 50_000, 53, i, 0, FrameBuilder.TCP_SYN, 1024, payload, 0, 0)
                        : fb.udp(0x0200_0000_0002L, 0x0200_0000_0001L, i & 0xFFFF, 64, src, dst,
                                10_000 + i % 50_000, 53, payload, 0, payload.length);
                w.write(t + 1_000L * i, fb.buffer(), 0, n, n);
            }
        }
    }

    static void run(Path capture, Path logDir, int cap) throws IOException {
        EventBus bus = new EventBus((event, h, error) -> {
            throw error;
        });
        Reporter reporter = new Reporter(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        EngineConfig config = EngineConfig.defaults(logDir).withConn(ConnConfig.defaults().withMaxConnections(cap));
        long start = System.nanoTime();
        RunSummary summary;
        try (PacketSource source = CaptureFiles.open(capture); EventEngine engine = new EventEngine(config, bus, reporter)) {
            summary = engine.run(source);
        }
        long elapsed = System.nanoTime() - start;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("packets=" + summary.packets());
        System.out.println("table_full=" + summary.weirds().getOrDefault("connection_table_full", 0L));
        System.out.println("millis=" + elapsed / 1_000_000);
        System.out.println("peak_heap_mb=" + peak / (1024 * 1024));
        System.out.println("max_heap_mb=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
