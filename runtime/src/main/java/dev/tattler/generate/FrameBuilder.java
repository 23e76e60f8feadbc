package dev.tattler.generate;

/**
 * Builds Ethernet frames byte by byte into one reused buffer, for the project's own
 * deterministic captures (the LAN scenario, the worm770 scenario, benchmark traffic).
 *
 * <p>Every build method writes a whole frame starting at offset 0 of {@link #buffer()} and
 * returns its length; the frame stays valid until the next build call. Nothing is allocated per
 * frame. Addresses are plain numbers: a MAC is the low 48 bits of a {@code long}
 * ({@code 0x0011_2233_4455L} is 00:11:22:33:44:55), an IPv4 address is an {@code int} in network
 * order ({@code 0xC0A8_0101} is 192.168.1.1). Arguments appear in the order their fields appear
 * on the wire: destination MAC before source MAC, then IP id, TTL, source and destination
 * address, then ports.
 *
 * <p>All checksums (IPv4 header, UDP and TCP with their pseudo-header, ICMP) are computed, so a
 * decoder or tcpdump sees well-formed packets unless a caller breaks one on purpose afterwards.
 *
 * <p>Two settings persist across frames: the 802.1Q tags ({@link #vlan(int)},
 * {@link #qinq(int, int)}, {@link #untagged()}) and padding to the Ethernet minimum
 * ({@link #padToMinimum(boolean)}, on by default, because frames received over a real
 * switch port arrive padded to 60 bytes and a decoder has to rely on the IP total length rather
 * than the frame length).
 */
public final class FrameBuilder {
    public static final long BROADCAST_MAC = 0xFFFF_FFFF_FFFFL;
    public static final int BROADCAST_IP = 0xFFFF_FFFF;

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int TPID_8021Q = 0x8100;
    public static final int TPID_8021AD = 0x88A8;

    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;

    public static final int ARP_REQUEST = 1;
    public static final int ARP_REPLY = 2;

    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;
    public static final int TCP_URG = 0x20;

    public static final int ICMP_ECHO_REPLY = 0;
    public static final int ICMP_UNREACHABLE = 3;
    public static final int ICMP_ECHO_REQUEST = 8;
    public static final int ICMP_TIME_EXCEEDED = 11;
    public static final int ICMP_CODE_PORT_UNREACHABLE = 3;
    public static final int ICMP_CODE_TTL_EXCEEDED = 0;

    /** Ethernet minimum frame length without the 4-byte FCS, which captures do not contain. */
    public static final int MIN_FRAME = 60;
    private static final int ETH_HEADER = 14;
    private static final int IP_HEADER = 20;
    private static final int UDP_HEADER = 8;
    private static final int TCP_HEADER = 20;
    private static final int ICMP_HEADER = 8;
    private static final int MAX_IP_LENGTH = 0xFFFF;

    private final byte[] buf;
    private int tags;           // 0, 1 or 2 VLAN tags
    private int outerTpid = TPID_8021Q;
    private int outerVid;
    private int innerVid;
    private boolean pad = true;
    private int length;
    private int l3Offset = ETH_HEADER;

    /** A builder whose buffer holds the largest IPv4 packet behind two VLAN tags. */
    public FrameBuilder() {
        buf = new byte[ETH_HEADER + 8 + MAX_IP_LENGTH];
    }

    /** The buffer holding the last frame built, from offset 0 for {@link #length()} bytes. */
    public byte[] buffer() {
        return buf;
    }

    /** Length of the last frame built (the value its build method returned). */
    public int length() {
        return length;
    }

    /** Offset of the network-layer header (ARP or IPv4) in the last frame: 14, 18 or 22. */
    public int l3Offset() {
        return l3Offset;
    }

    /** Tags every following frame with one 802.1Q tag (priority 0). */
    public FrameBuilder vlan(int vid) {
        checkVid(vid);
        tags = 1;
        outerTpid = TPID_8021Q;
        outerVid = vid;
        return this;
    }

    /** Tags every following frame with two tags: an 802.1ad service tag, then an 802.1Q tag. */
    public FrameBuilder qinq(int outerVid, int innerVid) {
        return qinq(TPID_8021AD, outerVid, innerVid);
    }

    /**
     * Two tags with an explicit outer TPID: older switches stack 0x8100 twice (or use 0x9100),
     * and a decoder should accept all of them.
     */
    public FrameBuilder qinq(int outerTpid, int outerVid, int innerVid) {
        checkVid(outerVid);
        checkVid(innerVid);
        tags = 2;
        this.outerTpid = outerTpid & 0xFFFF;
        this.outerVid = outerVid;
        this.innerVid = innerVid;
        return this;
    }

    /** Following frames carry no VLAN tag. */
    public FrameBuilder untagged() {
        tags = 0;
        return this;
    }

    /** Number of VLAN tags following frames get (0, 1 or 2). */
    public int vlanTags() {
        return tags;
    }

    /**
     * Whether short frames are zero-padded to {@link #MIN_FRAME} bytes as they are on the wire.
     * Off reproduces what a capture on the sending host itself shows.
     */
    public FrameBuilder padToMinimum(boolean pad) {
        this.pad = pad;
        return this;
    }

    // ---------------------------------------------------------------- Ethernet

    /** An Ethernet II frame around an arbitrary payload. */
    public int ethernet(long dstMac, long srcMac, int etherType, byte[] payload, int off, int len) {
        int p = ethernetHeader(dstMac, srcMac, etherType);
        System.arraycopy(payload, off, buf, p, len);
        return finish(p + len);
    }

    // ---------------------------------------------------------------- ARP

    /** An ARP packet for Ethernet/IPv4 with every field explicit. */
    public int arp(long dstMac, long srcMac, int op, long sha, int spa, long tha, int tpa) {
        int p = ethernetHeader(dstMac, srcMac, ETHERTYPE_ARP);
        p = put16(p, 1);                 // hardware type: Ethernet
        p = put16(p, ETHERTYPE_IPV4);    // protocol type
        buf[p++] = 6;
        buf[p++] = 4;
        p = put16(p, op);
        p = putMac(p, sha);
        p = put32(p, spa);
        p = putMac(p, tha);
        p = put32(p, tpa);
        return finish(p);
    }

    /** "Who has tpa? Tell spa": broadcast, target hardware address zero. */
    public int arpRequest(long sha, int spa, int tpa) {
        return arp(BROADCAST_MAC, sha, ARP_REQUEST, sha, spa, 0L, tpa);
    }

    /** "spa is at sha", unicast to the asker. */
    public int arpReply(long sha, int spa, long tha, int tpa) {
        return arp(tha, sha, ARP_REPLY, sha, spa, tha, tpa);
    }

    /**
     * A gratuitous ARP request (an announcement): a broadcast request whose sender and target
     * protocol addresses are both the host's own address, i.e. a host "ARPing for its own IP",
     * as it does when its interface comes up.
     */
    public int arpAnnouncement(long sha, int ip) {
        return arp(BROADCAST_MAC, sha, ARP_REQUEST, sha, ip, 0L, ip);
    }

    /** A gratuitous ARP reply: broadcast, op 2, spa == tpa and sha == tha. */
    public int gratuitousArpReply(long sha, int ip) {
        return arp(BROADCAST_MAC, sha, ARP_REPLY, sha, ip, sha, ip);
    }

    /** An RFC 5227 probe: a request with sender address 0.0.0.0, checking tpa is free. */
    public int arpProbe(long sha, int tpa) {
        return arp(BROADCAST_MAC, sha, ARP_REQUEST, sha, 0, 0L, tpa);
    }

    // ---------------------------------------------------------------- IPv4

    /**
     * An IPv4 packet with an arbitrary protocol and payload (the payload's own checksum, if it has
     * one, is the caller's). DF is not set; {@link #setDontFragment} can add it afterwards.
     */
    public int ipv4(long dstMac, long srcMac, int id, int ttl, int protocol, int srcIp, int dstIp,
            byte[] payload, int off, int len) {
        int p = ipHeader(dstMac, srcMac, id, ttl, protocol, srcIp, dstIp, len);
        System.arraycopy(payload, off, buf, p, len);
        return finish(p + len);
    }

    /** Sets the Don't Fragment bit of the last frame's IPv4 header and fixes its checksum. */
    public void setDontFragment() {
        buf[l3Offset + 6] |= 0x40;
        ipChecksum(buf, l3Offset);
    }

    // ---------------------------------------------------------------- UDP

    /** A UDP datagram with a correct checksum over the pseudo-header. */
    public int udp(long dstMac, long srcMac, int id, int ttl, int srcIp, int dstIp,
            int srcPort, int dstPort, byte[] payload, int off, int len) {
        int ul = UDP_HEADER + len;
        int u = ipHeader(dstMac, srcMac, id, ttl, PROTO_UDP, srcIp, dstIp, ul);
        int p = put16(u, srcPort);
        p = put16(p, dstPort);
        p = put16(p, ul);
        p = put16(p, 0);
        System.arraycopy(payload, off, buf, p, len);
        int sum = onesComplement(buf, u, ul, pseudoHeader(srcIp, dstIp, PROTO_UDP, ul));
        // A computed zero is sent as all ones: zero on the wire means "no checksum" (RFC 768).
        put16(u + 6, sum == 0 ? 0xFFFF : sum);
        return finish(u + ul);
    }

    // ---------------------------------------------------------------- TCP

    /**
     * A TCP segment with a 20-byte header (no options) and a correct checksum. {@code flags} is
     * a combination of the {@code TCP_} constants; seq and ack are taken modulo 2^32, and ack
     * is written only when ACK is set (zero otherwise, as stacks send it).
     */
    public int tcp(long dstMac, long srcMac, int id, int ttl, int srcIp, int dstIp,
            int srcPort, int dstPort, long seq, long ack, int flags, int window,
            byte[] payload, int off, int len) {
        int tl = TCP_HEADER + len;
        int t = ipHeader(dstMac, srcMac, id, ttl, PROTO_TCP, srcIp, dstIp, tl);
        int p = put16(t, srcPort);
        p = put16(p, dstPort);
        p = put32(p, (int) seq);
        p = put32(p, (flags & TCP_ACK) != 0 ? (int) ack : 0);
        buf[p++] = (byte) ((TCP_HEADER / 4) << 4);
        buf[p++] = (byte) flags;
        p = put16(p, window);
        p = put16(p, 0);                 // checksum, filled below
        p = put16(p, 0);                 // urgent pointer
        System.arraycopy(payload, off, buf, p, len);
        put16(t + 16, onesComplement(buf, t, tl, pseudoHeader(srcIp, dstIp, PROTO_TCP, tl)));
        return finish(t + tl);
    }

    // ---------------------------------------------------------------- ICMP

    /** An ICMP echo request (or reply when {@code reply}) with identifier, sequence and data. */
    public int icmpEcho(long dstMac, long srcMac, int id, int ttl, int srcIp, int dstIp,
            boolean reply, int identifier, int sequence, byte[] payload, int off, int len) {
        int il = ICMP_HEADER + len;
        int c = ipHeader(dstMac, srcMac, id, ttl, PROTO_ICMP, srcIp, dstIp, il);
        buf[c] = (byte) (reply ? ICMP_ECHO_REPLY : ICMP_ECHO_REQUEST);
        buf[c + 1] = 0;
        put16(c + 2, 0);
        put16(c + 4, identifier);
        put16(c + 6, sequence);
        System.arraycopy(payload, off, buf, c + ICMP_HEADER, len);
        put16(c + 2, onesComplement(buf, c, il, 0));
        return finish(c + il);
    }

    /**
     * An ICMP error (time exceeded, destination unreachable, ...) quoting the offending packet's
     * IP header and the first 8 bytes of its payload, as RFC 792 asks (enough for the ports).
     *
     * <p>{@code original} may be this builder's own buffer, so the answer to the frame just
     * built can quote it directly. {@code quotedTtl} replaces the TTL in the quote (and the
     * quoted header checksum is fixed), because a router quotes the header as it received it,
     * hops after the capture point; pass -1 to keep the original TTL.
     */
    public int icmpError(long dstMac, long srcMac, int id, int ttl, int srcIp, int dstIp,
            int type, int code, byte[] original, int ipOffset, int quotedTtl) {
        int ihl = (original[ipOffset] & 0x0F) * 4;
        int total = (original[ipOffset + 2] & 0xFF) << 8 | (original[ipOffset + 3] & 0xFF);
        int quote = Math.min(total, ihl + 8);
        int il = ICMP_HEADER + quote;
        // The quote goes to its place first: the headers written next may overwrite the
        // original when it lives in this buffer (arraycopy itself copes with the overlap).
        int c = l3OffsetFor() + IP_HEADER;
        System.arraycopy(original, ipOffset, buf, c + ICMP_HEADER, quote);
        ipHeader(dstMac, srcMac, id, ttl, PROTO_ICMP, srcIp, dstIp, il);
        if (quotedTtl >= 0) {
            buf[c + ICMP_HEADER + 8] = (byte) quotedTtl;
            ipChecksum(buf, c + ICMP_HEADER);
        }
        buf[c] = (byte) type;
        buf[c + 1] = (byte) code;
        put16(c + 2, 0);
        put32(c + 4, 0);                 // unused (RFC 792); no RFC 4884 length
        put16(c + 2, onesComplement(buf, c, il, 0));
        return finish(c + il);
    }

    /** Time exceeded in transit (type 11 code 0), as a router sends to a traceroute probe. */
    public int icmpTimeExceeded(long dstMac, long srcMac, int id, int ttl, int srcIp, int dstIp,
            byte[] original, int ipOffset, int quotedTtl) {
        return icmpError(dstMac, srcMac, id, ttl, srcIp, dstIp, ICMP_TIME_EXCEEDED,
                ICMP_CODE_TTL_EXCEEDED, original, ipOffset, quotedTtl);
    }

    /** Port unreachable (type 3 code 3), as a host sends for a UDP port nobody listens on. */
    public int icmpPortUnreachable(long dstMac, long srcMac, int id, int ttl, int srcIp, int dstIp,
            byte[] original, int ipOffset, int quotedTtl) {
        return icmpError(dstMac, srcMac, id, ttl, srcIp, dstIp, ICMP_UNREACHABLE,
                ICMP_CODE_PORT_UNREACHABLE, original, ipOffset, quotedTtl);
    }

    // ---------------------------------------------------------------- helpers for callers

    /**
     * The Internet checksum (RFC 1071) of {@code len} bytes, already complemented, as it goes
     * into a header whose checksum field was zero while summing.
     */
    public static int internetChecksum(byte[] b, int off, int len) {
        return onesComplement(b, off, len, 0);
    }

    /** The MAC address "aa:bb:cc:dd:ee:ff" as a long (for tests and readable scenarios). */
    public static long mac(String s) {
        String[] parts = s.split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + s);
        }
        long v = 0;
        for (String part : parts) {
            v = v << 8 | Integer.parseInt(part, 16);
        }
        return v;
    }

    /** The dotted-quad "a.b.c.d" as an int in network order. */
    public static int ip(String s) {
        String[] parts = s.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + s);
        }
        int v = 0;
        for (String part : parts) {
            int octet = Integer.parseInt(part);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + s);
            }
            v = v << 8 | octet;
        }
        return v;
    }

    /** aa:bb:cc:dd:ee:ff for messages, the inverse of {@link #mac(String)}. */
    public static String macString(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift < 40) {
                sb.append(':');
            }
            sb.append(Character.forDigit((int) (mac >>> (shift + 4)) & 0xF, 16))
                    .append(Character.forDigit((int) (mac >>> shift) & 0xF, 16));
        }
        return sb.toString();
    }

    /** a.b.c.d for messages. */
    public static String ipString(int ip) {
        return (ip >>> 24) + "." + (ip >>> 16 & 0xFF) + "." + (ip >>> 8 & 0xFF) + "." + (ip & 0xFF);
    }

    // ---------------------------------------------------------------- internals

    private int l3OffsetFor() {
        return ETH_HEADER + 4 * tags;
    }

    /** Writes the MACs and tags; returns the offset after the final EtherType. */
    private int ethernetHeader(long dstMac, long srcMac, int etherType) {
        int p = putMac(0, dstMac);
        p = putMac(p, srcMac);
        if (tags == 2) {
            p = put16(p, outerTpid);
            p = put16(p, outerVid);
            p = put16(p, TPID_8021Q);
            p = put16(p, innerVid);
        } else if (tags == 1) {
            p = put16(p, TPID_8021Q);
            p = put16(p, outerVid);
        }
        p = put16(p, etherType);
        l3Offset = p;
        return p;
    }

    /** Ethernet and IPv4 headers for a payload of {@code payloadLen}; returns the payload offset. */
    private int ipHeader(long dstMac, long srcMac, int id, int ttl, int protocol, int srcIp, int dstIp,
            int payloadLen) {
        int total = IP_HEADER + payloadLen;
        if (total > MAX_IP_LENGTH) {
            throw new IllegalArgumentException("IPv4 packet of " + total + " bytes exceeds 65535");
        }
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("TTL out of range: " + ttl);
        }
        int ip = ethernetHeader(dstMac, srcMac, ETHERTYPE_IPV4);
        buf[ip] = 0x45;                  // version 4, 5 words
        buf[ip + 1] = 0;                 // DSCP/ECN
        put16(ip + 2, total);
        put16(ip + 4, id);
        put16(ip + 6, 0);                // flags and fragment offset
        buf[ip + 8] = (byte) ttl;
        buf[ip + 9] = (byte) protocol;
        put32(ip + 12, srcIp);
        put32(ip + 16, dstIp);
        ipChecksum(buf, ip);
        return ip + IP_HEADER;
    }

    private static void ipChecksum(byte[] b, int ip) {
        int ihl = (b[ip] & 0x0F) * 4;
        b[ip + 10] = 0;
        b[ip + 11] = 0;
        int sum = onesComplement(b, ip, ihl, 0);
        b[ip + 10] = (byte) (sum >>> 8);
        b[ip + 11] = (byte) sum;
    }

    private static long pseudoHeader(int srcIp, int dstIp, int protocol, int length) {
        return (srcIp >>> 16) + (srcIp & 0xFFFF) + (dstIp >>> 16) + (dstIp & 0xFFFF) + protocol + length;
    }

    /** Sums 16-bit big-endian words onto {@code initial}, folds and complements. */
    private static int onesComplement(byte[] b, int off, int len, long initial) {
        long sum = initial;
        int end = off + (len & ~1);
        for (int i = off; i < end; i += 2) {
            sum += (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
        }
        if ((len & 1) != 0) {
            sum += (b[off + len - 1] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private int finish(int end) {
        if (pad && end < MIN_FRAME) {
            java.util.Arrays.fill(buf, end, MIN_FRAME, (byte) 0);
            end = MIN_FRAME;
        }
        length = end;
        return end;
    }

    private int putMac(int p, long mac) {
        for (int shift = 40; shift >= 0; shift -= 8) {
            buf[p++] = (byte) (mac >>> shift);
        }
        return p;
    }

    private int put16(int p, int v) {
        buf[p] = (byte) (v >>> 8);
        buf[p + 1] = (byte) v;
        return p + 2;
    }

    private int put32(int p, int v) {
        buf[p] = (byte) (v >>> 24);
        buf[p + 1] = (byte) (v >>> 16);
        buf[p + 2] = (byte) (v >>> 8);
        buf[p + 3] = (byte) v;
        return p + 4;
    }

    private static void checkVid(int vid) {
        if (vid < 0 || vid > 4094) {
            throw new IllegalArgumentException("VLAN id out of range 0..4094: " + vid);
        }
    }
}
