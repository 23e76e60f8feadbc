package dev.tattler.filter;

import dev.tattler.decode.PacketView;

/**
 * One node of a compiled filter: a test on the current {@link PacketView}. Nodes read the view's
 * decoded offsets and fields and never allocate. The logic nodes and the simplest primitives
 * live here; addresses, ports and comparisons have their own classes.
 */
abstract class Condition {
    abstract boolean test(PacketView v);

    static final class And extends Condition {
        private final Condition left;
        private final Condition right;

        And(Condition left, Condition right) {
            this.left = left;
            this.right = right;
        }

        @Override
        boolean test(PacketView v) {
            return left.test(v) && right.test(v);
        }
    }

    static final class Or extends Condition {
        private final Condition left;
        private final Condition right;

        Or(Condition left, Condition right) {
            this.left = left;
            this.right = right;
        }

        @Override
        boolean test(PacketView v) {
            return left.test(v) || right.test(v);
        }
    }

    static final class Not extends Condition {
        private final Condition inner;

        Not(Condition inner) {
            this.inner = inner;
        }

        @Override
        boolean test(PacketView v) {
            return !inner.test(v);
        }
    }

    /** {@code ip}, {@code ip6}, {@code arp}, {@code rarp}: the network layer's ethertype (after tags). */
    static final class EtherType extends Condition {
        private final int type;

        EtherType(int type) {
            this.type = type;
        }

        @Override
        boolean test(PacketView v) {
            return v.etherType() == type;
        }
    }

    /**
     * {@code tcp}, {@code udp}, {@code icmp}, {@code icmp6}: the IP protocol number, as tcpdump
     * tests it (so later fragments match too); {@code ipVersion} 0 means IPv4 or IPv6.
     */
    static final class IpProtocol extends Condition {
        private final int protocol;
        private final int ipVersion;

        IpProtocol(int protocol, int ipVersion) {
            this.protocol = protocol;
            this.ipVersion = ipVersion;
        }

        @Override
        boolean test(PacketView v) {
            return v.ipProto() == protocol && v.ipVersion() != 0 && (ipVersion == 0 || v.ipVersion() == ipVersion);
        }
    }

    /** {@code ether}: the frame has an Ethernet header. */
    static final class Ethernet extends Condition {
        @Override
        boolean test(PacketView v) {
            return v.macSrc() >= 0 && v.macDst() >= 0;
        }
    }

    /** {@code vlan} and {@code vlan ID}: the outer 802.1Q/802.1ad tag. */
    static final class Vlan extends Condition {
        private final int id;

        /** @param id the VLAN id, or -1 for any tag */
        Vlan(int id) {
            this.id = id;
        }

        @Override
        boolean test(PacketView v) {
            return v.has(PacketView.VLAN) && (id < 0 || v.vlan() == id);
        }
    }
}
