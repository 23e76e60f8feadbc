package dev.tattler.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StampOrderTest {
    private static Connection connection(long stamp) {
        FlowKey key = new FlowKey();
        key.set(0, 0x0A00_0001L, (int) (stamp & 0xFFFF), 0, 0x0A00_0002L, 53, 17, false);
        Connection c = new Connection(key, Connection.UDP, 4, true, 0, stamp, 0, false, false, ConnConfig.defaults());
        c.stamp = stamp;
        return c;
    }

    /** The connections in {@code slots} by stamp, as read from a filled order. */
    private static List<Connection> drain(StampOrder order) {
        List<Connection> out = new ArrayList<>();
        Connection c;
        while ((c = order.peekFresh()) != null) {
            order.pop();
            out.add(c);
        }
        return out;
    }

    private static void check(long[] stamps, long seed) {
        Random random = new Random(seed);
        Connection[] slots = new Connection[stamps.length * 2];
        List<Connection> all = new ArrayList<>();
        for (long s : stamps) {
            int at;
            do {
                at = random.nextInt(slots.length);
            } while (slots[at] != null);
            slots[at] = connection(s);
            all.add(slots[at]);
        }
        all.sort(Comparator.comparingLong(c -> c.stamp));
        StampOrder order = new StampOrder();
        order.fill(slots);
        assertEquals(all, drain(order));
        assertNull(order.peekFresh(), "dry");

        // Touched and removed connections are skipped; the first fresh one is the least.
        order.fill(slots);
        all.get(0).stamp = Long.MAX_VALUE / 2;    // touched since the fill
        all.get(1).stamp = Connection.GONE;       // removed since the fill
        assertSame(all.get(2), order.peekFresh());
    }

    @Test
    void ordersByStampWithPackedKeys() {
        Random random = new Random(7);
        long[] stamps = new long[1000];
        for (int i = 0; i < stamps.length; i++) {
            stamps[i] = 1_000_000L + random.nextInt(1 << 30) * 1000L + i; // distinct
        }
        check(stamps, 1);
    }

    @Test
    void ordersByStampWhenTheStampsAreTooFarApartToPack() {
        long[] stamps = {5, 1L << 62, 3, (1L << 62) + 9, 17, 1L << 61, 1};
        check(stamps, 2);
    }

    @Test
    void emptyAndSingleTables() {
        StampOrder order = new StampOrder();
        order.fill(new Connection[8]);
        assertNull(order.peekFresh());
        Connection[] one = new Connection[4];
        one[3] = connection(42);
        order.fill(one);
        assertSame(one[3], order.peekFresh());
    }
}
