package dev.tattler.repl;

import dev.tattler.capture.PacketRecord;

import java.io.IOException;

/**
 * The packets replayed so far, for {@code .packets}, {@code .show}, {@code .hex}, {@code .save}
 * and the {@code packets} array — without holding them all: a capture file is read again
 * ({@link FileHistory}), live traffic is kept in a bounded ring ({@link RingHistory}). Frames
 * are named by their 1-based number, as Wireshark counts.
 */
interface PacketHistory extends AutoCloseable {
    /** Sees one frame; the record is valid only during the call. False stops the scan. */
    interface Visitor {
        boolean visit(PacketRecord r) throws IOException;
    }

    /** The lowest frame number still available (1 for a file), or last() + 1 when none is. */
    long first();

    /** The number of the last frame replayed, 0 before the first. */
    long last();

    /** Visits frames {@code from..to} (clamped to what is available) in order. */
    void scan(long from, long to, Visitor visitor) throws IOException;

    /** Frame {@code number} into a visitor, or false when it is not available. */
    default boolean at(long number, Visitor visitor) throws IOException {
        if (number < first() || number > last()) {
            return false;
        }
        boolean[] found = new boolean[1];
        scan(number, number, r -> {
            found[0] = true;
            return visitor.visit(r);
        });
        return found[0];
    }

    /** A frame was processed (live sources record it; files need not). */
    void processed(PacketRecord r);

    @Override
    void close();
}
