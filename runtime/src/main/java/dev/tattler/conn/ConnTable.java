package dev.tattler.conn;

/**
 * The live connections: an open-addressing hash table keyed by {@link FlowKey} (the key's
 * fields live in the {@link Connection} itself, so a table entry costs an array slot and its
 * hash), and their order from least to most recently active, for eviction at the cap and for
 * the final flush.
 *
 * <pre>
 *   slots:   [ c ][   ][ c ][ c ][   ] ...   linear probing, backward-shift deletion
 *   hashes:  [ h ][   ][ h ][ h ][   ] ...   probes compare these first: no object is read
 *                                            unless its hash matches
 *   recency: c.stamp = ++clock on every packet; the least recently active connection is the
 *            least stamp, found from a {@link StampOrder} sorted when it is first needed
 * </pre>
 *
 * A packet's touch writes one field of its own connection. The doubly linked recency list this
 * replaced moved the connection to the list's end on every packet, writing into the two
 * connections beside it, which were rarely in the cache: 4% of the packet loop without a
 * script (docs/benchmarks.md). The order is only asked for at the cap, which is rare, and at
 * the end; an order sorted then costs O(n log n), and each answer O(1) amortised over the packets
 * since the fill (each entry is used up by one eviction or made stale by one packet).
 *
 * <p>Lookup and touch allocate nothing; the slot array doubles while the table is below its
 * capacity bound (the connection cap), so its size follows the cap, not the traffic.
 */
final class ConnTable {
    private Connection[] slots;
    private int[] hashes;
    private int mask;
    private int size;
    private final int maxSlots;
    /** The last stamp given out: stamps grow by one per touch, so they order the touches. */
    private long clock;
    private final StampOrder byRecency = new StampOrder();

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
        c.stamp = ++clock;
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
        c.stamp = Connection.GONE;
    }

    /** Marks {@code c} as the most recently active connection. */
    void touch(Connection c) {
        c.stamp = ++clock;
    }

    /**
     * Takes the least recently active connection out of the order and the count, leaving its
     * hash slot for {@link #clearSlots}: for the end of a run, when nothing is looked up any
     * more ({@link ConnTracker#flush}). Null when the table is empty.
     */
    Connection takeOldest() {
        Connection c = oldest();
        if (c != null) {
            c.stamp = Connection.GONE;
            size--;
        }
        return c;
    }

    /** Empties the hash slots once {@link #takeOldest} has taken every connection. */
    void clearSlots() {
        java.util.Arrays.fill(slots, null);
        byRecency.clear();
        size = 0;
    }

    /** The least recently active connection, or null when the table is empty. */
    Connection oldest() {
        if (size == 0) {
            return null;
        }
        Connection c = byRecency.peekFresh();
        if (c == null) {
            byRecency.fill(slots);
            c = byRecency.peekFresh();
        }
        return c;
    }

    /** Calls {@code action} for every connection, least recently active first (an order of its own). */
    void forEachByRecency(java.util.function.Consumer<Connection> action) {
        StampOrder order = new StampOrder();
        order.fill(slots);
        Connection c;
        while ((c = order.peekFresh()) != null) {
            order.pop();
            action.accept(c);
        }
    }
}
