package dev.tattler.decode;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;
import dev.tattler.generate.Worm770Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot-path rule, measured: decoding a packet allocates nothing. Frames of a generated
 * incident capture (ARP, UDP, TCP, ICMP, broadcast, VLAN-free and tagged) are decoded again and
 * again over one reused view; the thread's allocated-bytes counter must barely move.
 */
class DecodeAllocationTest {
    @TempDir
    Path dir;

    @Test
    void decodingAllocatesNothingPerPacket() throws Exception {
        Path capture = dir.resolve("incident.pcap");
        Worm770Scenario.write(capture, 3, Worm770Scenario.Options.defaults().withLookalikes(true));
        // Load every frame once (the reader's buffer is reused, so keep copies for replay).
        List<byte[]> frames = new ArrayList<>();
        List<PacketRecord> records = new ArrayList<>();
        try (PacketSource s = CaptureFiles.open(capture)) {
            PacketRecord r = new PacketRecord();
            while (s.next(r)) {
                byte[] copy = java.util.Arrays.copyOfRange(r.data, r.offset, r.offset + r.capturedLength);
                PacketRecord c = new PacketRecord();
                c.set(copy, 0, copy.length, r.wireLength, r.timestampNanos, r.linkType, 0);
                frames.add(copy);
                records.add(c);
            }
        }
        assertTrue(records.size() > 3000);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PacketDecoder decoder = new PacketDecoder(WeirdSink.IGNORE);
        PacketView view = new PacketView();
        long sink = 0;
        for (int warm = 0; warm < 20; warm++) { // let the JIT compile (and escape-analyse) the decoders
            for (PacketRecord r : records) {
                decoder.decode(r, view);
                sink += view.layers();
            }
        }
        long thread = Thread.currentThread().getId();
        int rounds = 50;
        long before = mx.getThreadAllocatedBytes(thread);
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < records.size(); i++) {
                decoder.decode(records.get(i), view);
                sink += view.layers();
            }
        }
        long allocated = mx.getThreadAllocatedBytes(thread) - before;
        long packets = (long) rounds * records.size();
        double perPacket = (double) allocated / packets;
        // The loop itself allocates nothing; what is left is the MXBean call and JIT noise.
        assertTrue(perPacket < 0.05, String.format("%.3f bytes allocated per decoded packet (%d bytes over %d packets)",
                perPacket, allocated, packets));
        assertTrue(sink != 0 && !Files.notExists(capture));
    }
}
