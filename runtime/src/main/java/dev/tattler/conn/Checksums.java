package dev.tattler.conn;

import dev.tattler.decode.PacketView;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Internet checksums (RFC 1071) as Zeek validates them: the IPv4 header on its own, TCP, UDP
 * and ICMPv6 over a pseudo-header of addresses, protocol and length, ICMPv4 over the message
 * alone. A message checks out when its one's-complement sum, checksum field included, is
 * 0xFFFF. Reads the packet in place; allocates nothing.
 */
final class Checksums {
    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    private static final int PROTO_ICMP6 = 58;

    private Checksums() {
    }

    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * The one's-complement sum of {@code len} bytes, added to {@code acc} (fold it with
     * {@link #fold}). Reads eight bytes at a time and adds their two 32-bit halves: since
     * 2^16 = 1 modulo 0xFFFF, summing 32-bit words folds to the same 16-bit sum (RFC 1071),
     * for a quarter of the work of summing 16-bit words — this is the engine's costliest loop.
     * The eight bytes are read little-endian, the CPU's own order, so that no byte swap runs
     * per word: the sum in swapped byte order is the swapped sum (RFC 1071, 2.B), swapped back
     * once at the end.
     */
    static long sum(byte[] d, int off, int len, long acc) {
        int i = off;
        int end = off + len;
        if (len >= 8) {
            // Four sums, so that the CPU can run four additions at once rather than wait for
            // each to finish; each adds at most 2^33 per 32 bytes, far from overflowing.
            long s0 = 0;
            long s1 = 0;
            long s2 = 0;
            long s3 = 0;
            for (; i + 32 <= end; i += 32) {
                long w0 = (long) LE_LONG.get(d, i);
                long w1 = (long) LE_LONG.get(d, i + 8);
                long w2 = (long) LE_LONG.get(d, i + 16);
                long w3 = (long) LE_LONG.get(d, i + 24);
                s0 += (w0 >>> 32) + (w0 & 0xFFFF_FFFFL);
                s1 += (w1 >>> 32) + (w1 & 0xFFFF_FFFFL);
                s2 += (w2 >>> 32) + (w2 & 0xFFFF_FFFFL);
                s3 += (w3 >>> 32) + (w3 & 0xFFFF_FFFFL);
            }
            long swapped = s0 + s1 + s2 + s3;
            for (; i + 8 <= end; i += 8) {
                long w = (long) LE_LONG.get(d, i);
                swapped += (w >>> 32) + (w & 0xFFFF_FFFFL);
            }
            int s = fold(swapped);
            acc += ((s & 0xFF) << 8) | (s >>> 8);
        }
        for (; i + 1 < end; i += 2) {
            acc += ((d[i] & 0xFF) << 8) | (d[i + 1] & 0xFF);
        }
        if (i < end) {
            acc += (d[i] & 0xFF) << 8; // an odd last byte is padded with zero
        }
        return acc;
    }

    static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) acc;
    }

    /** Verdict bits ({@link PacketView#verdict()}): computed on the reading thread ... */
    static final int KNOWN = 1;
    /** ... the IPv4 header checks out (or the packet is IPv6) ... */
    static final int IP_OK = 1 << 1;
    /** ... and the TCP, UDP or ICMP checksum too (or could not be checked: a cut datagram). */
    static final int TRANSPORT_OK = 1 << 2;

    static boolean ipv4Header(PacketView v) {
        return fold(sum(v.data(), v.l3(), v.ipHeaderLength(), 0)) == 0xFFFF;
    }

    /** An IPv4 header whose checksum is right (the reading thread's verdict when there is one). */
    static boolean ipOk(PacketView v) {
        int verdict = v.verdict();
        return verdict != 0 ? (verdict & IP_OK) != 0 : v.ipVersion() != 4 || ipv4Header(v);
    }

    /** The transport checksum of a whole, unfragmented packet, as {@link #transportOk} for {@code proto}. */
    static boolean transportOk(PacketView v) {
        int verdict = v.verdict();
        return verdict != 0 ? (verdict & TRANSPORT_OK) != 0 : checkTransport(v);
    }

    /**
     * Checks what Zeek checks: TCP over its header and payload, UDP over the datagram (IPv4 may
     * send no checksum), ICMP and ICMPv6 over the message; a datagram cut by the snap length
     * cannot be checked and passes.
     */
    private static boolean checkTransport(PacketView v) {
        int ipPayload = v.l3() + v.ipTotalLength() - v.l4();
        boolean whole = v.ipEnd() - v.l4() >= ipPayload;
        if (v.has(PacketView.TCP)) {
            int len = v.payloadLength();
            return v.capturedPayloadLength() < len
                    || withPseudoHeader(v, PROTO_TCP, v.l4(), v.tcpHeaderLength() + len);
        }
        if (v.has(PacketView.UDP)) {
            return !whole || (v.ipVersion() == 4 && v.u16(v.l4() + 6) == 0)
                    || withPseudoHeader(v, PROTO_UDP, v.l4(), ipPayload);
        }
        if (v.has(PacketView.ICMP6)) {
            return !whole || withPseudoHeader(v, PROTO_ICMP6, v.l4(), ipPayload);
        }
        if (v.has(PacketView.ICMP)) {
            return !whole || plain(v, v.l4(), ipPayload);
        }
        return true;
    }

    /**
     * Every check at once, for a pass on the reading thread: the verdict bits for a decoded
     * frame, or 0 when the engine must decide (not IP, a fragment, a missing transport header).
     */
    static int verdict(PacketView v) {
        if (v.ipVersion() == 0 || v.ipProto() < 0) {
            return 0;
        }
        boolean ip = v.ipVersion() != 4 || ipv4Header(v);
        if (!ip) {
            return KNOWN;
        }
        if (v.has(PacketView.FRAGMENT)
                || !(v.has(PacketView.TCP) || v.has(PacketView.UDP) || v.has(PacketView.ICMP) || v.has(PacketView.ICMP6))) {
            return 0;
        }
        return KNOWN | IP_OK | (checkTransport(v) ? TRANSPORT_OK : 0);
    }

    /**
     * TCP, UDP or ICMPv6 message of {@code len} bytes at {@code off} (all captured), under the
     * pseudo-header of the packet's addresses and IP protocol {@code proto}.
     */
    static boolean withPseudoHeader(PacketView v, int proto, int off, int len) {
        byte[] d = v.data();
        long acc;
        if (v.ipVersion() == 4) {
            acc = sum(d, v.ipSrc(), 4, 0);
            acc = sum(d, v.ipDst(), 4, acc);
            acc += proto + len;
        } else {
            acc = sum(d, v.ipSrc(), 16, 0);
            acc = sum(d, v.ipDst(), 16, acc);
            acc += (len >>> 16) + (len & 0xFFFF) + proto;
        }
        return fold(sum(d, off, len, acc)) == 0xFFFF;
    }

    /** ICMPv4: the message alone. */
    static boolean plain(PacketView v, int off, int len) {
        return fold(sum(v.data(), off, len, 0)) == 0xFFFF;
    }
}
