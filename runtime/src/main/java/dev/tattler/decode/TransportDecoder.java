package dev.tattler.decode;

/**
 * UDP, TCP, ICMP and ICMPv6 headers. Each first checks, as Zeek does, that the IP payload is
 * long enough for the header ({@code truncated_header}) and then that the capture holds it
 * ({@code internally_truncated_header}).
 */
final class TransportDecoder {
    static final int UDP_HEADER = 8;
    static final int TCP_MIN_HEADER = 20;
    static final int ICMP_HEADER = 8;
    static final int PROTO_ICMP = 1;
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    static final int PROTO_ICMP6 = 58;

    private TransportDecoder() {
    }

    static void decode(PacketView v, int off, WeirdSink weirds) {
        switch (v.ipProto) {
            case PROTO_UDP:
                udp(v, off, weirds);
                break;
            case PROTO_TCP:
                tcp(v, off, weirds);
                break;
            case PROTO_ICMP:
                icmp(v, off, PacketView.ICMP, weirds);
                break;
            case PROTO_ICMP6:
                icmp(v, off, PacketView.ICMP6, weirds);
                break;
            default:
                break;
        }
    }

    /** IP payload length per the IP header (not what was captured). */
    private static int ipPayload(PacketView v, int off) {
        return v.l3 + v.ipTotalLength - off;
    }

    private static boolean fits(PacketView v, int off, int needed, WeirdSink weirds) {
        if (ipPayload(v, off) < needed) {
            weirds.weird(Weirds.TRUNCATED_HEADER, null, v);
            return false;
        }
        if (v.ipEnd - off < needed) {
            weirds.weird(Weirds.INTERNALLY_TRUNCATED_HEADER, null, v);
            return false;
        }
        return true;
    }

    private static void udp(PacketView v, int off, WeirdSink weirds) {
        if (!fits(v, off, UDP_HEADER, weirds)) {
            return;
        }
        int length = v.u16(off + 4);
        int available = ipPayload(v, off);
        boolean fragmented = v.moreFragments;
        if (length < UDP_HEADER || (!fragmented && length > available)) {
            weirds.weird(Weirds.UDP_DATAGRAM_LENGTH_MISMATCH,
                    "length " + length + ", IP payload " + available, v);
            // Zeek goes on with the IP payload length; so do we, so the packet still counts.
            length = Math.max(UDP_HEADER, available);
        }
        v.layers |= PacketView.UDP;
        v.l4 = off;
        v.srcPort = v.u16(off);
        v.dstPort = v.u16(off + 2);
        v.udpLength = length;
        v.payloadOffset = off + UDP_HEADER;
        v.payloadLength = length - UDP_HEADER;
    }

    private static void tcp(PacketView v, int off, WeirdSink weirds) {
        if (!fits(v, off, TCP_MIN_HEADER, weirds)) {
            return;
        }
        int headerLength = (v.u8(off + 12) >>> 4) * 4;
        if (headerLength < TCP_MIN_HEADER || headerLength > ipPayload(v, off)) {
            weirds.weird(Weirds.BAD_TCP_HEADER_LEN, null, v);
            return;
        }
        // TCP options cut off by the snap length (Zeek's tcp/truncated-header.pcap, frame 1: a
        // SYN with a 40-byte header captured to 34): Zeek drops the packet as truncated_header.
        if (v.ipEnd - off < headerLength) {
            weirds.weird(Weirds.TRUNCATED_HEADER, null, v);
            return;
        }
        v.layers |= PacketView.TCP;
        v.l4 = off;
        v.srcPort = v.u16(off);
        v.dstPort = v.u16(off + 2);
        v.seq = v.u32(off + 4);
        v.ack = v.u32(off + 8);
        v.tcpFlags = v.u8(off + 13);
        v.window = v.u16(off + 14);
        v.tcpHeaderLength = headerLength;
        v.payloadOffset = off + headerLength;
        v.payloadLength = ipPayload(v, off) - headerLength;
    }

    private static void icmp(PacketView v, int off, int layer, WeirdSink weirds) {
        if (!fits(v, off, ICMP_HEADER, weirds)) {
            return;
        }
        v.layers |= layer;
        v.l4 = off;
        v.icmpType = v.u8(off);
        v.icmpCode = v.u8(off + 1);
        v.payloadOffset = off + ICMP_HEADER;
        v.payloadLength = ipPayload(v, off) - ICMP_HEADER;
    }
}
