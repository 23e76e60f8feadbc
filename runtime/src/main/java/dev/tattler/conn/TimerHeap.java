package dev.tattler.conn;

/**
 * Connections ordered by their next timer ({@link Connection#nextTimer}), as an indexed binary
 * min-heap: each connection knows its slot, so re-keying or removing one is O(log n) and
 * finding what is due is O(1). A connection holds one entry whatever number of timers it has;
 * timers are re-armed only when they fire (as Zeek's are), so ordinary packets never touch
 * the heap.
 */
final class TimerHeap {
    private Connection[] heap = new Connection[1024];
    private int size;

    int size() {
        return size;
    }

    /** The connection with the earliest timer, or null. */
    Connection peek() {
        return size == 0 ? null : heap[0];
    }

    /** Puts {@code c} at its place for {@code due} ({@link Connection#NEVER}: takes it out). */
    void update(Connection c, long due) {
        if (due == Connection.NEVER) {
            remove(c);
            return;
        }
        long old = c.nextTimer;
        c.nextTimer = due;
        if (c.heapIndex < 0) {
            if (size == heap.length) {
                heap = java.util.Arrays.copyOf(heap, size * 2);
            }
            c.heapIndex = size;
            heap[size++] = c;
            up(c.heapIndex);
        } else if (due < old) {
            up(c.heapIndex);
        } else if (due > old) {
            down(c.heapIndex);
        }
    }

    void remove(Connection c) {
        int i = c.heapIndex;
        c.nextTimer = Connection.NEVER;
        if (i < 0) {
            return;
        }
        c.heapIndex = -1;
        Connection last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.heapIndex = i;
            up(i);
            down(last.heapIndex);
        }
    }

    private void up(int i) {
        Connection c = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Connection p = heap[parent];
            if (p.nextTimer <= c.nextTimer) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = c;
        c.heapIndex = i;
    }

    private void down(int i) {
        Connection c = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].nextTimer < heap[child].nextTimer) {
                child = right;
            }
            Connection x = heap[child];
            if (c.nextTimer <= x.nextTimer) {
                break;
            }
            heap[i] = x;
            x.heapIndex = i;
            i = child;
        }
        heap[i] = c;
        c.heapIndex = i;
    }
}
