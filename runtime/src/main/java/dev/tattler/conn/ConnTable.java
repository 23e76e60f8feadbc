package dev.tattler.conn;

/**
 * The live connections: an open-addressing hash table keyed by {@link FlowKey} (the key's
 * fields live in the {@link Connection} itself, so a table entry costs an array slot and its
 * hash), and a list from least to most recently active, for eviction at the cap.
 *
 * <pre>
 *   slots:   [ c ][   ][ c ][ c ][   ] ...   linear probing, backward-shift deletion
 *   hashes:  [ h ][   ][ h ][ h ][   ] ...   probes compare these first: no object is read
 *                                            unless its hash matches
 *   recency: oldest ⇄ ... ⇄ newest           touch() moves a connection to the newest end
 * </pre>
 *
 * Lookup and touch allocate nothing; the slot array doubles while the table is below its
 * capacity bound (the connection cap), so its size follows the cap, not the traffic.
 */
final class ConnTable {
    private Connection[] slots;
    private int[] hashes;
    private int mask;
    private int size;
    private final int maxSlots;
    private Connection oldest;
    private Connection newest;

    /** @param cap the most connections the table will ever hold */
    ConnTable(int cap) {
        int bound = Integer.highestOneBit(Math.max(16, cap) - 1) << 2; // load factor <= 1/2 at the cap
        maxSlots = Math.max(16, bound);
        int initial = Math.min(maxSlots, 1024);
        slots = new Connection[initial];
        hashes = new int[initial];
        mask = initial - 1;
    }

    int size() {
        return size;
    }

    Connection find(FlowKey k) {
        Connection[] s = slots;
        int[] h = hashes;
        int hash = k.hash;
        int i = hash & mask;
        Connection c;
        while ((c = s[i]) != null) {
            if (h[i] == hash && c.matches(k)) {
                return c;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    void add(Connection c) {
        if (2 * (size + 1) > slots.length && slots.length < maxSlots) {
            grow();
        }
        place(slots, hashes, mask, c);
        size++;
        link(c);
    }

    private static void place(Connection[] s, int[] h, int mask, Connection c) {
        int i = c.hash & mask;
        while (s[i] != null) {
            i = (i + 1) & mask;
        }
        s[i] = c;
        h[i] = c.hash;
    }

    private void grow() {
        Connection[] bigger = new Connection[slots.length * 2];
        int[] biggerHashes = new int[bigger.length];
        int m = bigger.length - 1;
        for (Connection c : slots) {
            if (c != null) {
                place(bigger, biggerHashes, m, c);
            }
        }
        slots = bigger;
        hashes = biggerHashes;
        mask = m;
    }

    void remove(Connection c) {
        Connection[] s = slots;
        int i = c.hash & mask;
        while (s[i] != c) {
            if (s[i] == null) {
                return; // not in the table
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        int[] h = hashes;
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            Connection x = s[j];
            if (x == null) {
                break;
            }
            int home = h[j] & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                s[hole] = x;
                h[hole] = h[j];
                hole = j;
            }
        }
        s[hole] = null;
        size--;
        unlink(c);
    }

    /** Marks {@code c} as the most recently active connection. */
    void touch(Connection c) {
        if (c != newest) {
            unlink(c);
            link(c);
        }
    }

    /**
     * Takes the least recently active connection off the list and out of the count, leaving
     * its hash slot for {@link #clearSlots}: for the end of a run, when nothing is looked up
     * any more ({@link ConnTracker#flush}). Null when the list is empty.
     */
    Connection takeOldest() {
        Connection c = oldest;
        if (c != null) {
            unlink(c);
            size--;
        }
        return c;
    }

    /** Empties the hash slots once {@link #takeOldest} has taken every connection. */
    void clearSlots() {
        java.util.Arrays.fill(slots, null);
        size = 0;
    }

    /** The least recently active connection, or null when the table is empty. */
    Connection oldest() {
        return oldest;
    }

    private void link(Connection c) {
        c.older = newest;
        c.newer = null;
        if (newest != null) {
            newest.newer = c;
        } else {
            oldest = c;
        }
        newest = c;
    }

    private void unlink(Connection c) {
        if (c.older != null) {
            c.older.newer = c.newer;
        } else {
            oldest = c.newer;
        }
        if (c.newer != null) {
            c.newer.older = c.older;
        } else {
            newest = c.older;
        }
        c.older = null;
        c.newer = null;
    }
}
