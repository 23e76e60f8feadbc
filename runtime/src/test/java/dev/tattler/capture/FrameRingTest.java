package dev.tattler.capture;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The capture-to-engine hand-off: order, back-pressure, the byte budget, and the end of a capture. */
class FrameRingTest {
    private static final long MS = 1_000_000L;

    @Test
    void handsFramesOverInOrderWithTheirMetadata() {
        FrameRing ring = new FrameRing(4, 1 << 20);
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5};
        assertTrue(ring.put(a, 100, 60));
        assertTrue(ring.put(b, 200, 2));
        assertEquals(2, ring.queued());
        PacketRecord r = new PacketRecord();
        assertTrue(ring.poll(r, 1, MS));
        assertSame(a, r.data);
        assertEquals(3, r.capturedLength);
        assertEquals(60, r.wireLength);
        assertEquals(100, r.timestampNanos);
        assertEquals(1, r.linkType);
        assertTrue(ring.poll(r, 1, MS));
        assertSame(b, r.data);
        assertEquals(200, r.timestampNanos);
        assertFalse(ring.poll(r, 1, MS), "empty: times out");
        assertEquals(0, ring.queued());
    }

    @Test
    void aFullRingMakesTheProducerWaitUntilTheConsumerTakesAFrame() throws Exception {
        FrameRing ring = new FrameRing(2, 1 << 20);
        ring.put(new byte[1], 1, 1);
        ring.put(new byte[1], 2, 1);
        AtomicBoolean third = new AtomicBoolean();
        Thread producer = new Thread(() -> third.set(ring.put(new byte[1], 3, 1)));
        producer.start();
        producer.join(100);
        assertTrue(producer.isAlive(), "waits while full");
        PacketRecord r = new PacketRecord();
        assertTrue(ring.poll(r, 0, MS));
        // The first frame is still in use until the next poll: only then is its slot free.
        assertTrue(ring.poll(r, 0, MS));
        producer.join(TimeUnit.SECONDS.toMillis(5));
        assertFalse(producer.isAlive());
        assertTrue(third.get());
        assertTrue(ring.poll(r, 0, MS));
        assertEquals(3, r.timestampNanos);
    }

    @Test
    void theByteBudgetBoundsWhatIsHeldButOneLargeFrameStillPasses() throws Exception {
        FrameRing ring = new FrameRing(64, 100);
        assertTrue(ring.put(new byte[150], 1, 150), "a frame larger than the budget passes when the ring is empty");
        Thread producer = new Thread(() -> ring.put(new byte[10], 2, 10));
        producer.start();
        producer.join(100);
        assertTrue(producer.isAlive(), "over budget: waits");
        PacketRecord r = new PacketRecord();
        assertTrue(ring.poll(r, 0, MS));
        assertTrue(producer.isAlive(), "the large frame is still in use");
        assertTrue(ring.poll(r, 0, TimeUnit.SECONDS.toNanos(5)), "released at the next poll: the small one comes");
        assertEquals(2, r.timestampNanos);
        producer.join(5000);
        assertFalse(producer.isAlive());
    }

    @Test
    void closingLetsTheConsumerDrainThenEnds() {
        FrameRing ring = new FrameRing(8, 1 << 20);
        ring.put(new byte[1], 1, 1);
        ring.put(new byte[1], 2, 1);
        ring.close();
        assertFalse(ring.put(new byte[1], 3, 1), "nothing is added after close");
        PacketRecord r = new PacketRecord();
        assertFalse(ring.drained());
        assertTrue(ring.poll(r, 0, MS));
        assertTrue(ring.poll(r, 0, MS));
        long t = System.nanoTime();
        assertFalse(ring.poll(r, 0, TimeUnit.SECONDS.toNanos(10)));
        assertTrue(System.nanoTime() - t < TimeUnit.SECONDS.toNanos(1), "returns at once when closed and empty");
        assertTrue(ring.drained());
    }

    @Test
    void closeWakesAWaitingConsumer() throws Exception {
        FrameRing ring = new FrameRing(8, 1 << 20);
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            ring.close();
        });
        closer.start();
        long t = System.nanoTime();
        assertFalse(ring.poll(new PacketRecord(), 0, TimeUnit.SECONDS.toNanos(10)));
        assertTrue(System.nanoTime() - t < TimeUnit.SECONDS.toNanos(5));
        closer.join();
    }

    @Test
    void aMillionFramesAcrossThreadsArriveInOrder() throws Exception {
        FrameRing ring = new FrameRing(1024, 1 << 20);
        int n = 1_000_000;
        byte[] frame = new byte[64];
        Thread producer = new Thread(() -> {
            for (int i = 1; i <= n; i++) {
                ring.put(frame, i, 64);
            }
            ring.close();
        });
        producer.start();
        PacketRecord r = new PacketRecord();
        long expect = 1;
        while (ring.poll(r, 0, TimeUnit.SECONDS.toNanos(5))) {
            assertEquals(expect++, r.timestampNanos);
        }
        assertEquals(n + 1, expect);
        producer.join();
    }
}
