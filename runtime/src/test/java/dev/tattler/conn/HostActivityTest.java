package dev.tattler.conn;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PacketRecord;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.generate.FrameBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The host table keeps every source's latest time as it grows past its first size. */
class HostActivityTest {
    @Test
    void keepsTheLatestTimeOfThousandsOfSources() {
        HostActivity hosts = new HostActivity();
        FrameBuilder fb = new FrameBuilder();
        PacketDecoder decoder = new PacketDecoder((n, a, v) -> { });
        PacketView view = new PacketView();
        PacketRecord record = new PacketRecord();
        byte[] payload = new byte[8];
        int n = 5000;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                int len = fb.udp(1, 2, i, 64, FrameBuilder.ip("10.1.0.0") + i, FrameBuilder.ip("10.2.0.1"), 1000, 53,
                        payload, 0, payload.length);
                long t = 1_000_000L * (round * n + i);
                record.set(fb.buffer(), 0, len, len, t, LinkTypes.ETHERNET, 0);
                decoder.decode(record, view);
                hosts.seen(view, t);
            }
        }
        assertEquals(n, hosts.size());
        for (int i = 0; i < n; i += 97) {
            int a = FrameBuilder.ip("10.1.0.0") + i;
            String text = (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
            assertEquals(1_000_000L * (n + i), hosts.lastSeen(text), text);
        }
        assertEquals(-1, hosts.lastSeen("10.2.0.1"), "a destination only");
    }
}
