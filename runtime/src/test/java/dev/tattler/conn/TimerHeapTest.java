package dev.tattler.conn;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timer heap against a plain list searched for its minimum: random adds, re-keys (earlier
 * and later) and removals of connections, then everything drained in order; after every step
 * the heap's first connection and due time are the earliest ones (a removal finds its
 * connection by the slot the connection keeps, so a slot gone stale shows here too).
 */
class TimerHeapTest {
    @Test
    void keepsTheEarliestTimerFirstThroughRandomChanges() {
        SplittableRandom rnd = new SplittableRandom(7);
        TimerHeap heap = new TimerHeap();
        List<Connection> pool = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            pool.add(connection(i));
        }
        List<Connection> live = new ArrayList<>();
        for (int step = 0; step < 60_000; step++) {
            Connection c = pool.get(rnd.nextInt(pool.size()));
            int op = rnd.nextInt(10);
            if (op < 7) {
                // Few distinct times, so that ties are common.
                heap.update(c, 1_000 + rnd.nextInt(500));
                if (!live.contains(c)) {
                    live.add(c);
                }
            } else if (op < 9) {
                heap.remove(c);
                live.remove(c);
                assertEquals(-1, c.heapIndex);
            } else {
                heap.update(c, Connection.NEVER);
                live.remove(c);
            }
            assertEquals(live.size(), heap.size());
            assertEquals(earliest(live), heap.firstDue(), "step " + step);
            if (!live.isEmpty()) {
                assertEquals(heap.firstDue(), heap.peek().nextTimer);
            }
        }
        long last = Long.MIN_VALUE;
        while (heap.size() > 0) {
            Connection first = heap.peek();
            assertTrue(first.nextTimer >= last, "drained out of order");
            assertEquals(earliest(live), first.nextTimer);
            last = first.nextTimer;
            heap.remove(first);
            live.remove(first);
        }
        assertTrue(live.isEmpty());
        assertSame(null, heap.peek());
        assertEquals(Connection.NEVER, heap.firstDue());
    }

    private static long earliest(List<Connection> live) {
        long min = Connection.NEVER;
        for (Connection c : live) {
            min = Math.min(min, c.nextTimer);
        }
        return min;
    }

    private static Connection connection(int n) {
        FlowKey key = new FlowKey();
        key.set(0, 0x0A00_0000L + n, 1000 + n, 0, 0x0A00_00FFL, 53, 17, false);
        return new Connection(key, Connection.UDP, 4, true, n, n, 0, true, true, ConnConfig.defaults());
    }
}
