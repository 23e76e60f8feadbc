package dev.tattler.event;

/**
 * Shared {@link Integer} boxes for 0..65535, the range of every number a packet header gives
 * (ports, lengths, TTL, VLAN ids, ethertypes, flags): event objects expose them as nullable
 * {@code Integer} fields (null: the layer is absent), and {@link Integer#valueOf} would
 * allocate a box per field per packet above 127. Boxes are made on first use.
 *
 * <p>Filled from any thread without locks: an {@code Integer} is immutable (final field), so a
 * racing reader sees a complete box or null and then makes its own, equal one.
 */
final class Uint16Boxes {
    private static final Integer[] BOXES = new Integer[65536];

    private Uint16Boxes() {
    }

    /** {@code value} boxed; values outside 0..65535 get a fresh box. */
    static Integer of(int value) {
        if ((value & ~0xFFFF) != 0) {
            return value;
        }
        Integer box = BOXES[value];
        if (box == null) {
            box = Integer.valueOf(value); // a new box above 127, kept here
            BOXES[value] = box;
        }
        return box;
    }
}
