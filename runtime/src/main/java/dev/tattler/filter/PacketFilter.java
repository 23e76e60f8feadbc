package dev.tattler.filter;

import dev.tattler.decode.PacketView;

/**
 * A compiled packet filter in a subset of tcpdump's language (pcap-filter(7); the subset and
 * its differences are in docs/scripting.md), evaluated on Tattler's decoded packet rather than
 * by a BPF program: {@code udp} therefore also matches VLAN-tagged or MPLS-carried UDP.
 *
 * <pre>
 * PacketFilter f = PacketFilter.compile("udp src port 770 or arp[14:4] = arp[24:4]");
 * if (f.matches(view)) { ... }   // a few field reads, no allocation
 * </pre>
 *
 * Compiling checks everything (syntax, words, address forms) and throws
 * {@link FilterException} with the position; matching never throws on packet content.
 */
public final class PacketFilter {
    private final String text;
    private final Condition root;

    private PacketFilter(String text, Condition root) {
        this.text = text;
        this.root = root;
    }

    /** Compiles {@code text}; FilterException (with the position) when it is not a valid filter. */
    public static PacketFilter compile(String text) {
        return new PacketFilter(text, Parser.parse(text));
    }

    /**
     * True when the packet {@code v} describes passes the filter. A load beyond the captured
     * bytes rejects the packet whatever surrounds it ({@code not udp[200] = 0} is false for a
     * short UDP packet), as BPF does.
     */
    public boolean matches(PacketView v) {
        try {
            return root.test(v);
        } catch (Arith.Rejected outOfRange) {
            return false;
        }
    }

    /** The filter as written. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
