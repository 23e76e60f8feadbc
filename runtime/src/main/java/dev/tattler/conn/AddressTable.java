package dev.tattler.conn;

import dev.tattler.analysis.LocalAddresses;

import java.util.function.IntPredicate;

/**
 * Per-host state keyed by a 128-bit address (IPv4 mapped), in one flat {@code long[]}: each
 * slot is {@code stride} longs, the address and a used mark first, the owner's fields after, so
 * that a known host costs a hash and one or two cache lines. Open addressing, linear probing;
 * {@link HostActivity} and {@link HostThreshold} keep their state here.
 *
 * <pre>
 *   slot: [hi|lo|used|payload ...]   payload from {@link #PAYLOAD}, stride - 3 longs
 * </pre>
 *
 * The owner decides when to grow and what to drop ({@link #rehash}); lookups allocate nothing.
 */
final class AddressTable {
    static final int HI = 0;
    static final int LO = 1;
    static final int USED = 2;
    /** The first long of the owner's fields in a slot. */
    static final int PAYLOAD = 3;

    private final int stride;
    /** The slots, read and written by the owner at the offsets {@link #slot} returns. */
    long[] table;
    private int mask;
    private int size;

    AddressTable(int stride, int slots) {
        this.stride = stride;
        this.table = new long[slots * stride];
        this.mask = slots - 1;
    }

    /** The slot (index of its first long) holding {@code hi|lo}, or the empty slot where it would go. */
    int slot(long hi, long lo) {
        long[] tb = table;
        int s = stride;
        int i = Endpoints.hash(hi, lo) & mask;
        while (tb[i * s + USED] != 0 && (tb[i * s + HI] != hi || tb[i * s + LO] != lo)) {
            i = (i + 1) & mask;
        }
        return i * s;
    }

    /**
     * The slot of {@code tb} (this table's array, read once by the caller) holding {@code hi|lo},
     * or -1. For a reader on another thread than the owner's: it takes the mask from the array it
     * was given and probes at most every slot, so a table being changed or replaced meanwhile
     * gives a wrong answer (which the caller's version check discards), never an exception or
     * an endless loop.
     */
    int lookup(long[] tb, long hi, long lo) {
        int s = stride;
        int m = tb.length / s - 1;
        int i = Endpoints.hash(hi, lo) & m;
        for (int probes = 0; probes <= m; probes++) {
            int at = i * s;
            if (tb[at + USED] == 0) {
                return -1;
            }
            if (tb[at + HI] == hi && tb[at + LO] == lo) {
                return at;
            }
            i = (i + 1) & m;
        }
        return -1;
    }

    /** The slot holding {@code address} (IPv4 or IPv6 text), or -1; IllegalArgumentException when it is malformed. */
    int find(String address) {
        long[] bits = new long[2];
        LocalAddresses.parse(address, bits);
        return lookup(table, bits[0], bits[1]);
    }

    boolean used(int at) {
        return table[at + USED] != 0;
    }

    /** Takes the empty slot {@code at} (from {@link #slot}) for {@code hi|lo}. */
    void claim(int at, long hi, long lo) {
        long[] tb = table;
        tb[at + HI] = hi;
        tb[at + LO] = lo;
        tb[at + USED] = 1;
        size++;
    }

    /** Addresses held. */
    int size() {
        return size;
    }

    /** Slots in the table now. */
    int slots() {
        return mask + 1;
    }

    /**
     * Moves the slots {@code keep} accepts (given a slot's index in the old table) into a table
     * of {@code slots} slots; slot indexes change.
     */
    void rehash(int slots, IntPredicate keep) {
        long[] old = table;
        int s = stride;
        long[] fresh = new long[slots * s];
        int freshMask = slots - 1;
        int kept = 0;
        for (int j = 0; j < old.length; j += s) {
            if (old[j + USED] == 0 || !keep.test(j)) {
                continue;
            }
            int i = Endpoints.hash(old[j + HI], old[j + LO]) & freshMask;
            while (fresh[i * s + USED] != 0) {
                i = (i + 1) & freshMask;
            }
            System.arraycopy(old, j, fresh, i * s, s);
            kept++;
        }
        table = fresh;
        mask = freshMask;
        size = kept;
    }
}
