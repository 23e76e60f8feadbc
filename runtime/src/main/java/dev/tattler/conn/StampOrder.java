package dev.tattler.conn;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Connections sorted by their recency stamp ({@link Connection#stamp}), least first, as they
 * were at one moment, and read lazily afterwards:
 *
 * <pre>
 *   fill(slots)   every connection in the table with its stamp as of now, sorted: the stamps
 *                 packed with each entry's index into one long and sorted as primitives
 *   peekFresh()   the first entry whose connection still has that stamp; entries whose
 *                 connection was touched (a later stamp) or removed since are stale and skipped
 * </pre>
 *
 * The first fresh entry is the least recently active connection of the whole table, not only
 * of the entries: any connection touched or created after the fill has a later stamp than every
 * entry. So one fill serves one eviction after another until it runs dry, each in O(1) but for
 * the stale entries skipped, and each of those was made stale by a packet.
 */
final class StampOrder {
    private long[] stamps = new long[0];
    private Connection[] conns = new Connection[0];
    private Connection[] spare = new Connection[0];
    private int next;
    private int size;

    /** Replaces the contents with every connection in {@code slots} (null slots and removed connections skipped). */
    void fill(Connection[] slots) {
        clear();
        int n = 0;
        for (Connection c : slots) {
            if (c != null && c.stamp >= 0) {
                n++;
            }
        }
        if (conns.length < n) {
            stamps = new long[n];
            conns = new Connection[n];
            spare = new Connection[n];
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Connection c : slots) {
            if (c != null && c.stamp >= 0) {
                stamps[size] = c.stamp;
                conns[size++] = c;
                min = Math.min(min, c.stamp);
                max = Math.max(max, c.stamp);
            }
        }
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(size - 1, 1));
        if (max - min < 1L << (63 - bits)) {
            sortPacked(min, bits);
        } else {
            // Stamps further apart than the packing holds (trillions of packets between the
            // least and the most recently active connection): sort the connections themselves.
            Arrays.sort(conns, 0, size, Comparator.comparingLong((Connection c) -> c.stamp));
            for (int i = 0; i < size; i++) {
                stamps[i] = conns[i].stamp;
            }
        }
    }

    /** Each entry's stamp (less the least) above its index in one long; sorting those sorts the entries. */
    private void sortPacked(long min, int bits) {
        long index = (1L << bits) - 1;
        for (int i = 0; i < size; i++) {
            stamps[i] = (stamps[i] - min) << bits | i;
        }
        Arrays.sort(stamps, 0, size);
        for (int i = 0; i < size; i++) {
            spare[i] = conns[(int) (stamps[i] & index)];
            stamps[i] = (stamps[i] >>> bits) + min;
        }
        Connection[] sorted = spare;
        spare = conns;
        conns = sorted;
        Arrays.fill(spare, 0, size, null);
    }

    /** The least-stamped connection still carrying its stamp from the fill, or null when none is left. */
    Connection peekFresh() {
        while (next < size) {
            Connection c = conns[next];
            if (c.stamp == stamps[next]) {
                return c;
            }
            conns[next++] = null; // the order does not keep removed connections alive
        }
        return null;
    }

    /** Moves past the first entry (fresh or not). */
    void pop() {
        conns[next++] = null;
    }

    /** Empties the order. */
    void clear() {
        Arrays.fill(conns, next, size, null);
        next = 0;
        size = 0;
    }
}
