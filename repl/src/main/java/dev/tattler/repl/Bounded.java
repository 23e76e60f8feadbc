package dev.tattler.repl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The latest {@code capacity} items of a stream (finished connections, notices, weirds), and
 * how many older ones were let go: what the REPL keeps stays bounded on any capture.
 */
final class Bounded<T> {
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final int capacity;
    private long dropped;

    Bounded(int capacity) {
        this.capacity = capacity;
    }

    void add(T item) {
        if (items.size() == capacity) {
            items.removeFirst();
            dropped++;
        }
        items.addLast(item);
    }

    /** A copy, oldest first. */
    List<T> list() {
        return new ArrayList<>(items);
    }

    int size() {
        return items.size();
    }

    /** Items let go to stay within the capacity. */
    long dropped() {
        return dropped;
    }
}
