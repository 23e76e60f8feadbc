package dev.tattler.conn;

import dev.tattler.decode.PacketView;

/**
 * Internet checksums (RFC 1071) as Zeek validates them: the IPv4 header on its own, TCP, UDP
 * and ICMPv6 over a pseudo-header of addresses, protocol and length, ICMPv4 over the message
 * alone. A message checks out when its one's-complement sum, checksum field included, is
 * 0xFFFF. Reads the packet in place; allocates nothing.
 */
final class Checksums {
    private Checksums() {
    }

    /** The 16-bit one's-complement sum of {@code len} bytes, added to {@code acc}. */
    static long sum(byte[] d, int off, int len, long acc) {
        int end = off + len - 1;
        int i = off;
        for (; i < end; i += 2) {
            acc += ((d[i] & 0xFF) << 8) | (d[i + 1] & 0xFF);
        }
        if (i == end) {
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

    static boolean ipv4Header(PacketView v) {
        return fold(sum(v.data(), v.l3(), v.ipHeaderLength(), 0)) == 0xFFFF;
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
