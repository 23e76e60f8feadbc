package dev.tattler.conn;

import java.util.Arrays;

/**
 * Connections ordered by their recency stamp ({@link Connection#stamp}), least first: a binary
 * min-heap over two parallel arrays, the stamps (compared without reading the connections) and
 * the connections. It is filled from the table at one moment and read lazily afterwards:
 *
 * <pre>
 *   fill(slots)   every connection in the table, with its stamp as of now, heapified: O(n)
 *   peekFresh()   the least entry whose connection still has that stamp; entries whose
 *                 connection was touched (a later stamp) or removed since are stale and dropped
 * </pre>
 *
 * The least fresh entry is the least recently active connection of the whole table, not only
 * of the entries: any connection touched or created after the fill has a later stamp than every
 * entry. So a heap filled once serves one eviction after another until it runs dry.
 */
final class StampHeap {
    private long[] stamps = new long[0];
    private Connection[] conns = new Connection[0];
    private int size;

    /** Replaces the contents with every connection in {@code slots} (null slots and removed connections skipped). */
    void fill(Connection[] slots) {
        int n = 0;
        for (Connection c : slots) {
            if (c != null && c.stamp >= 0) {
                n++;
            }
        }
        if (conns.length < n) {
            stamps = new long[n];
            conns = new Connection[n];
        } else {
            Arrays.fill(conns, 0, size, null);
        }
        size = 0;
        for (Connection c : slots) {
            if (c != null && c.stamp >= 0) {
                stamps[size] = c.stamp;
                conns[size++] = c;
            }
        }
        for (int i = size / 2 - 1; i >= 0; i--) {
            down(i);
        }
    }

    /** The least-stamped connection still carrying its stamp from the fill, or null when none is left. */
    Connection peekFresh() {
        while (size > 0) {
            Connection c = conns[0];
            if (c.stamp == stamps[0]) {
                return c;
            }
            pop();
        }
        return null;
    }

    /** Takes the least entry off (fresh or not). */
    void pop() {
        size--;
        stamps[0] = stamps[size];
        conns[0] = conns[size];
        conns[size] = null; // the heap does not keep removed connections alive
        if (size > 0) {
            down(0);
        }
    }

    /** Empties the heap. */
    void clear() {
        Arrays.fill(conns, 0, size, null);
        size = 0;
    }

    private void down(int i) {
        long s = stamps[i];
        Connection c = conns[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && stamps[child + 1] < stamps[child]) {
                child++;
            }
            if (stamps[child] >= s) {
                break;
            }
            stamps[i] = stamps[child];
            conns[i] = conns[child];
            i = child;
        }
        stamps[i] = s;
        conns[i] = c;
    }
}
