package dev.tattler.filter;

import dev.tattler.decode.PacketView;

/**
 * {@code host}, {@code net} and {@code ether host}: an address (under a mask) in the source,
 * the destination or either. IPv4 {@code host} and {@code net} also look at ARP's sender and
 * target protocol addresses (at the fixed offsets 14 and 24, as tcpdump reads them).
 */
abstract class AddressCondition extends Condition {
    final Direction direction;

    AddressCondition(Direction direction) {
        this.direction = direction;
    }

    /** An IPv4 address or network, in IP headers, ARP or both. */
    static final class Ipv4 extends AddressCondition {
        private static final int ARP_SPA = 14;
        private static final int ARP_TPA = 24;
        private final int address;
        private final int mask;
        private final boolean ip;
        private final boolean arp;

        Ipv4(int address, int mask, Direction direction, boolean ip, boolean arp) {
            super(direction);
            this.address = address & mask;
            this.mask = mask;
            this.ip = ip;
            this.arp = arp;
        }

        @Override
        boolean test(PacketView v) {
            if (ip && v.ipVersion() == 4) {
                return direction.of(matches(v.i32(v.ipSrc())), matches(v.i32(v.ipDst())));
            }
            if (arp && v.has(PacketView.ARP) && v.end() - v.l3() >= ARP_TPA + 4) {
                return direction.of(matches(v.i32(v.l3() + ARP_SPA)), matches(v.i32(v.l3() + ARP_TPA)));
            }
            return false;
        }

        private boolean matches(int a) {
            return (a & mask) == address;
        }
    }

    /** An IPv6 address or network (128 bits as two longs). */
    static final class Ipv6 extends AddressCondition {
        private final long hi;
        private final long lo;
        private final long maskHi;
        private final long maskLo;

        Ipv6(long hi, long lo, int prefix, Direction direction) {
            super(direction);
            this.maskHi = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
            this.maskLo = prefix >= 128 ? -1L : prefix <= 64 ? 0 : -1L << (128 - prefix);
            this.hi = hi & maskHi;
            this.lo = lo & maskLo;
        }

        @Override
        boolean test(PacketView v) {
            return v.ipVersion() == 6 && direction.of(matches(v, v.ipSrc()), matches(v, v.ipDst()));
        }

        private boolean matches(PacketView v, int off) {
            return (v.u64(off) & maskHi) == hi && (v.u64(off + 8) & maskLo) == lo;
        }
    }

    /** {@code ether host}, {@code ether src|dst}, and {@code broadcast} (dst ff:ff:ff:ff:ff:ff). */
    static final class Ether extends AddressCondition {
        private final long mac;

        Ether(long mac, Direction direction) {
            super(direction);
            this.mac = mac;
        }

        @Override
        boolean test(PacketView v) {
            return v.macDst() >= 0 && direction.of(v.macSrcBits() == mac, v.macDstBits() == mac);
        }
    }

    /** {@code multicast} ({@code ether multicast}): the group bit of the destination MAC, broadcast included. */
    static final class EtherMulticast extends Condition {
        @Override
        boolean test(PacketView v) {
            return v.macDst() >= 0 && (v.u8(v.macDst()) & 1) != 0;
        }
    }
}
