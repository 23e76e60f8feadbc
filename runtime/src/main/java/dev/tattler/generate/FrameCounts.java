package dev.tattler.generate;

/**
 * Classifies written frames from their bytes into the {@link GroundTruth} counts. A
 * {@link Timeline} keeps one for the whole capture and one for the background alone, so a
 * scenario that adds traffic on top of the LAN can report both.
 */
final class FrameCounts {
    private final int directedBroadcast;
    private long frames;
    private long firstNanos;
    private long lastNanos;
    private long vlanTagged;
    private long ethernetBroadcast;
    private long arpRequests;
    private long arpReplies;
    private long gratuitousArps;
    private long arpProbes;
    private long ipv4Packets;
    private long udpPackets;
    private long udpToLimitedBroadcast;
    private long udpToDirectedBroadcast;
    private long udpToMulticast;
    private long tcpPackets;
    private long tcpSyns;
    private long icmpPackets;
    private long icmpEchoRequests;
    private long icmpEchoReplies;
    private long icmpTimeExceeded;
    private long icmpUnreachable;
    private long tracerouteProbes;

    /** @param directedBroadcast the subnet broadcast address counted as directed broadcast */
    FrameCounts(int directedBroadcast) {
        this.directedBroadcast = directedBroadcast;
    }

    /** The counts so far. */
    GroundTruth truth() {
        return new GroundTruth(frames, firstNanos, lastNanos, vlanTagged,
                ethernetBroadcast, arpRequests, arpReplies, gratuitousArps, arpProbes, ipv4Packets,
                udpPackets, udpToLimitedBroadcast, udpToDirectedBroadcast, udpToMulticast, tcpPackets,
                tcpSyns, icmpPackets, icmpEchoRequests, icmpEchoReplies, icmpTimeExceeded,
                icmpUnreachable, tracerouteProbes);
    }

    /** Counts one written frame; {@code tag} is the tag it was queued with. */
    void count(long ts, byte[] f, int tag) {
        if (frames++ == 0) {
            firstNanos = ts;
        }
        lastNanos = ts;
        if ((tag & Timeline.TAG_TRACEROUTE_PROBE) != 0) {
            tracerouteProbes++;
        }
        boolean broadcast = true;
        for (int i = 0; i < 6; i++) {
            broadcast &= f[i] == (byte) 0xFF;
        }
        if (broadcast) {
            ethernetBroadcast++;
        }
        int p = 12;
        int type = u16(f, p);
        if (type == FrameBuilder.TPID_8021Q || type == FrameBuilder.TPID_8021AD || type == 0x9100) {
            vlanTagged++;
            while (type == FrameBuilder.TPID_8021Q || type == FrameBuilder.TPID_8021AD || type == 0x9100) {
                p += 4;
                type = u16(f, p);
            }
        }
        p += 2;
        if (type == FrameBuilder.ETHERTYPE_ARP) {
            int op = u16(f, p + 6);
            int spa = i32(f, p + 14);
            int tpa = i32(f, p + 24);
            if (op == FrameBuilder.ARP_REQUEST) {
                arpRequests++;
                if (spa == 0) {
                    arpProbes++;
                }
            } else if (op == FrameBuilder.ARP_REPLY) {
                arpReplies++;
            }
            if (spa == tpa && spa != 0) {
                gratuitousArps++;
            }
        } else if (type == FrameBuilder.ETHERTYPE_IPV4) {
            ipv4Packets++;
            int proto = f[p + 9] & 0xFF;
            int dst = i32(f, p + 16);
            int l4 = p + (f[p] & 0x0F) * 4;
            if (proto == FrameBuilder.PROTO_UDP) {
                udpPackets++;
                if (dst == FrameBuilder.BROADCAST_IP) {
                    udpToLimitedBroadcast++;
                } else if (dst == directedBroadcast) {
                    udpToDirectedBroadcast++;
                } else if ((dst >>> 28) == 0xE) {
                    udpToMulticast++;
                }
            } else if (proto == FrameBuilder.PROTO_TCP) {
                tcpPackets++;
                if ((f[l4 + 13] & (FrameBuilder.TCP_SYN | FrameBuilder.TCP_ACK)) == FrameBuilder.TCP_SYN) {
                    tcpSyns++;
                }
            } else if (proto == FrameBuilder.PROTO_ICMP) {
                icmpPackets++;
                switch (f[l4] & 0xFF) {
                    case FrameBuilder.ICMP_ECHO_REQUEST: icmpEchoRequests++; break;
                    case FrameBuilder.ICMP_ECHO_REPLY: icmpEchoReplies++; break;
                    case FrameBuilder.ICMP_TIME_EXCEEDED: icmpTimeExceeded++; break;
                    case FrameBuilder.ICMP_UNREACHABLE: icmpUnreachable++; break;
                    default: break;
                }
            }
        }
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static int i32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }
}
