package dev.tattler.filter;

import dev.tattler.decode.PacketView;

/**
 * Arithmetic on packet bytes, as BPF does it: unsigned 32-bit values. A header the packet lacks
 * gives {@link #MISSING}, which propagates and makes the comparison false (tcpdump tests the
 * protocol first). A byte beyond the captured frame, or a division by zero, rejects the whole
 * packet, as a BPF program returns 0 then: {@link Rejected} unwinds to {@link PacketFilter#matches}.
 */
abstract class Arith {
    static final long MISSING = -1;
    static final long MASK = 0xFFFF_FFFFL;

    /** The value, 0 to 2^32-1, or {@link #MISSING}; throws {@link Rejected#PACKET} to reject the packet. */
    abstract long eval(PacketView v);

    /** Thrown (one shared instance, no stack trace) when the packet must be rejected outright. */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Rejected PACKET = new Rejected();

        private Rejected() {
            super("out-of-range load or division by zero", null, false, false);
        }
    }

    static final class Constant extends Arith {
        private final long value;

        Constant(long value) {
            this.value = value & MASK;
        }

        @Override
        long eval(PacketView v) {
            return value;
        }
    }

    /** {@code len}: the length on the wire (tcpdump's pkthdr len). */
    static final class Length extends Arith {
        @Override
        long eval(PacketView v) {
            return v.wireLength();
        }
    }

    /** Which header {@code proto[...]} counts from. */
    enum Base {
        ETHER, IP, IP6, ARP, TCP, UDP, ICMP, ICMP6;

        /** Offset of this header in the view's data, or -1 when the packet has none. */
        int offset(PacketView v) {
            switch (this) {
                case ETHER:
                    return v.start();
                case IP:
                    return v.has(PacketView.IPV4) ? v.l3() : -1;
                case IP6:
                    return v.has(PacketView.IPV6) ? v.l3() : -1;
                case ARP:
                    return v.has(PacketView.ARP) ? v.l3() : -1;
                case TCP:
                    return v.has(PacketView.TCP) ? v.l4() : -1;
                case UDP:
                    return v.has(PacketView.UDP) ? v.l4() : -1;
                case ICMP:
                    return v.has(PacketView.ICMP) ? v.l4() : -1;
                default:
                    return v.has(PacketView.ICMP6) ? v.l4() : -1;
            }
        }
    }

    /** {@code proto[index:size]}: 1, 2 or 4 bytes, big-endian, within the captured bytes. */
    static final class Load extends Arith {
        private final Base base;
        private final Arith index;
        private final int size;

        Load(Base base, Arith index, int size) {
            this.base = base;
            this.index = index;
            this.size = size;
        }

        @Override
        long eval(PacketView v) {
            int header = base.offset(v);
            long i = index.eval(v);
            if (header < 0 || i == MISSING) {
                return MISSING;
            }
            if (i > v.end() - header - size) {
                throw Rejected.PACKET;
            }
            int off = header + (int) i;
            switch (size) {
                case 1:
                    return v.u8(off);
                case 2:
                    return v.u16(off);
                default:
                    return v.u32(off);
            }
        }
    }

    static final class Negate extends Arith {
        private final Arith inner;

        Negate(Arith inner) {
            this.inner = inner;
        }

        @Override
        long eval(PacketView v) {
            long x = inner.eval(v);
            return x == MISSING ? MISSING : -x & MASK;
        }
    }

    /** A binary operator; {@code op} is its token ({@code + - * / % & | ^ << >>}). */
    static final class Binary extends Arith {
        private final char op;
        private final Arith left;
        private final Arith right;

        Binary(String op, Arith left, Arith right) {
            this.op = op.charAt(0);
            this.left = left;
            this.right = right;
        }

        @Override
        long eval(PacketView v) {
            long a = left.eval(v);
            long b = right.eval(v);
            if (a == MISSING || b == MISSING) {
                return MISSING;
            }
            switch (op) {
                case '+':
                    return (a + b) & MASK;
                case '-':
                    return (a - b) & MASK;
                case '*':
                    return (a * b) & MASK;
                case '/':
                    return a / nonZero(b);
                case '%':
                    return a % nonZero(b);
                case '&':
                    return a & b;
                case '|':
                    return a | b;
                case '^':
                    return a ^ b;
                case '<':
                    return b >= 32 ? 0 : (a << b) & MASK;
                default:
                    return b >= 32 ? 0 : a >>> b;
            }
        }
    }

    private static long nonZero(long divisor) {
        if (divisor == 0) {
            throw Rejected.PACKET;
        }
        return divisor;
    }

    /** {@code left OP right}; false when either side is {@link #MISSING}. Comparisons are unsigned. */
    static final class Comparison extends Condition {
        private static final String[] OPERATORS = {"=", "==", "!=", "<", "<=", ">", ">="};
        private final int op;
        private final Arith left;
        private final Arith right;

        Comparison(String op, Arith left, Arith right) {
            this.op = java.util.Arrays.asList(OPERATORS).indexOf(op);
            if (this.op < 0) {
                throw new IllegalArgumentException("not a comparison: " + op);
            }
            this.left = left;
            this.right = right;
        }

        static boolean isOperator(String token) {
            return java.util.Arrays.asList(OPERATORS).contains(token);
        }

        @Override
        boolean test(PacketView v) {
            long a = left.eval(v);
            long b = right.eval(v);
            if (a == MISSING || b == MISSING) {
                return false;
            }
            switch (op) {
                case 0:
                case 1:
                    return a == b;
                case 2:
                    return a != b;
                case 3:
                    return a < b;
                case 4:
                    return a <= b;
                case 5:
                    return a > b;
                default:
                    return a >= b;
            }
        }
    }
}
