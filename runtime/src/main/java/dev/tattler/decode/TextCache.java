package dev.tattler.decode;

import java.util.function.LongFunction;

/**
 * A bounded, direct-mapped cache from a 64-bit key (an address, packed letters) to its text:
 * one slot per hash, a newer key simply replaces an older one in its slot. Lookups allocate
 * nothing, which is the point: texts handed to scripts for every packet repeat a lot.
 *
 * <p>Shared by all threads without locks: each slot holds an immutable {@link Entry} (key and
 * text in final fields), so a reader sees either a whole entry or an older/absent one, never a
 * key paired with another key's text; a lost update only costs formatting again.
 */
public final class TextCache {
    private static final class Entry {
        final long key;
        final String text;

        Entry(long key, String text) {
            this.key = key;
            this.text = text;
        }
    }

    private final Entry[] slots;
    private final int shift;

    /** A cache of {@code 2^bits} slots. */
    public TextCache(int bits) {
        slots = new Entry[1 << bits];
        shift = 64 - bits;
    }

    /** The text for {@code key}: the remembered one, or {@code format}'s, then remembered. */
    public String text(long key, LongFunction<String> format) {
        int slot = slot(key);
        Entry e = slots[slot];
        if (e != null && e.key == key) {
            return e.text;
        }
        String text = format.apply(key);
        slots[slot] = new Entry(key, text);
        return text;
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift); // Fibonacci hashing: neighbours spread out
    }
}
