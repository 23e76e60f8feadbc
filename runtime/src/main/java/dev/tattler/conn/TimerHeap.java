package dev.tattler.conn;

/**
 * Connections ordered by their next timer ({@link Connection#nextTimer}), as an indexed binary
 * min-heap: each connection knows its slot, so re-keying or removing one is O(log n) and
 * finding what is due is O(1). A connection holds one entry whatever number of timers it has;
 * timers are re-armed only when they fire (as Zeek's are), so ordinary packets never touch
 * the heap.
 *
 * <pre>
 *   heap: [ c0 ][ c1 ][ c2 ] ...   the connections, c.heapIndex = their slot
 *   due:  [ t0 ][ t1 ][ t2 ] ...   their due times, side by side
 * </pre>
 *
 * The due times are kept beside the connections so that sifting compares within one array:
 * reading each child's time from its connection object cost a cache miss per comparison, and
 * the heap was 8% of a run without scripts. A move still writes the moved connection's slot.
 */
final class TimerHeap {
    private Connection[] heap = new Connection[1024];
    private long[] due = new long[1024];
    private int size;

    int size() {
        return size;
    }

    /** The connection with the earliest timer, or null. */
    Connection peek() {
        return size == 0 ? null : heap[0];
    }

    /** When the earliest timer is due, or {@link Connection#NEVER} when there is none. */
    long firstDue() {
        return size == 0 ? Connection.NEVER : due[0];
    }

    /** Puts {@code c} at its place for {@code when} ({@link Connection#NEVER}: takes it out). */
    void update(Connection c, long when) {
        if (when == Connection.NEVER) {
            remove(c);
            return;
        }
        long old = c.nextTimer;
        c.nextTimer = when;
        int i = c.heapIndex;
        if (i < 0) {
            if (size == heap.length) {
                heap = java.util.Arrays.copyOf(heap, size * 2);
                due = java.util.Arrays.copyOf(due, size * 2);
            }
            up(size++, c, when);
        } else if (when < old) {
            up(i, c, when);
        } else if (when > old) {
            down(i, c, when);
        }
    }

    /**
     * Marks {@code c} as out of the heap without sifting, for {@link #clear}: the end of a run,
     * when no timer fires any more.
     */
    void forget(Connection c) {
        c.nextTimer = Connection.NEVER;
        c.heapIndex = -1;
    }

    /** Empties the heap once every connection in it was {@link #forget forgotten}. */
    void clear() {
        java.util.Arrays.fill(heap, 0, size, null);
        size = 0;
    }

    void remove(Connection c) {
        int i = c.heapIndex;
        c.nextTimer = Connection.NEVER;
        if (i < 0) {
            return;
        }
        c.heapIndex = -1;
        Connection last = heap[--size];
        long lastDue = due[size];
        heap[size] = null;
        if (i < size) {
            up(i, last, lastDue);
            down(last.heapIndex, last, lastDue);
        }
    }

    /** Moves {@code c}, due at {@code when}, from slot {@code i} towards the root until in place. */
    private void up(int i, Connection c, long when) {
        Connection[] h = heap;
        long[] d = due;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (d[parent] <= when) {
                break;
            }
            Connection p = h[parent];
            h[i] = p;
            d[i] = d[parent];
            p.heapIndex = i;
            i = parent;
        }
        h[i] = c;
        d[i] = when;
        c.heapIndex = i;
    }

    /** Moves {@code c}, due at {@code when}, from slot {@code i} towards the leaves until in place. */
    private void down(int i, Connection c, long when) {
        Connection[] h = heap;
        long[] d = due;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && d[right] < d[child]) {
                child = right;
            }
            if (when <= d[child]) {
                break;
            }
            Connection x = h[child];
            h[i] = x;
            d[i] = d[child];
            x.heapIndex = i;
            i = child;
        }
        h[i] = c;
        d[i] = when;
        c.heapIndex = i;
    }
}
