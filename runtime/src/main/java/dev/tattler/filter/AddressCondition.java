package dev.tattler.filter;

import dev.tattler.decode.PacketView;

import java.util.Arrays;

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

    /**
     * Several IPv4 hosts, one direction ({@code host a or host b or ...}): one hash probe per
     * address read, where a chain of {@link Ipv4} tests would cost a test per host. Built by
     * {@link #or} as the parser meets each {@code or}.
     */
    static final class Ipv4Set extends AddressCondition {
        private final int[] members;
        private final boolean ip;
        private final boolean arp;
        // The hash table, built at the first test: the parser makes a set per "or" of a long
        // list, and only the last one is ever tested. Filters run on the engine thread alone.
        private int[] slots; // open addressing; 0 is empty, so address 0 is kept aside
        private boolean zero;

        private Ipv4Set(int[] members, Direction direction, boolean ip, boolean arp) {
            super(direction);
            this.members = members;
            this.ip = ip;
            this.arp = arp;
        }

        private int[] slots() {
            if (slots == null) {
                int size = Integer.highestOneBit(Math.max(4, members.length * 4) - 1) << 1;
                int[] table = new int[size];
                for (int a : members) {
                    if (a == 0) {
                        zero = true;
                        continue;
                    }
                    int i = hash(a) & (size - 1);
                    while (table[i] != 0 && table[i] != a) {
                        i = (i + 1) & (size - 1);
                    }
                    table[i] = a;
                }
                slots = table;
            }
            return slots;
        }

        /**
         * {@code left or right}, as one set when both are IPv4 hosts (or sets) of the same kind and
         * direction; not for {@code src and dst host}, which a set would widen.
         */
        static Condition or(Condition left, Condition right) {
            int[] l = hosts(left);
            int[] r = hosts(right);
            AddressCondition a = l != null && r != null ? (AddressCondition) left : null;
            if (a == null || a.direction == Direction.BOTH || a.direction != ((AddressCondition) right).direction
                    || ip(left) != ip(right) || arp(left) != arp(right)) {
                return new Condition.Or(left, right);
            }
            int[] both = Arrays.copyOf(l, l.length + r.length);
            System.arraycopy(r, 0, both, l.length, r.length);
            return new Ipv4Set(both, a.direction, ip(left), arp(left));
        }

        private static int[] hosts(Condition c) {
            if (c instanceof Ipv4Set) {
                return ((Ipv4Set) c).members;
            }
            if (c instanceof Ipv4 && ((Ipv4) c).mask == -1) {
                return new int[] {((Ipv4) c).address};
            }
            return null;
        }

        private static boolean ip(Condition c) {
            return c instanceof Ipv4Set ? ((Ipv4Set) c).ip : ((Ipv4) c).ip;
        }

        private static boolean arp(Condition c) {
            return c instanceof Ipv4Set ? ((Ipv4Set) c).arp : ((Ipv4) c).arp;
        }

        private static int hash(int a) {
            int h = a * 0x9E37_79B9;
            return h ^ (h >>> 16);
        }

        @Override
        boolean test(PacketView v) {
            if (ip && v.ipVersion() == 4) {
                return direction.of(contains(v.i32(v.ipSrc())), contains(v.i32(v.ipDst())));
            }
            if (arp && v.has(PacketView.ARP) && v.end() - v.l3() >= Ipv4.ARP_TPA + 4) {
                return direction.of(contains(v.i32(v.l3() + Ipv4.ARP_SPA)), contains(v.i32(v.l3() + Ipv4.ARP_TPA)));
            }
            return false;
        }

        private boolean contains(int a) {
            int[] table = slots();
            if (a == 0) {
                return zero;
            }
            int m = table.length - 1;
            int i = hash(a) & m;
            int s;
            while ((s = table[i]) != 0) {
                if (s == a) {
                    return true;
                }
                i = (i + 1) & m;
            }
            return false;
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
