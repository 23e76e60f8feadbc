package dev.tattler.generate;

import dev.tattler.capture.PcapWriter;

import java.io.IOException;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Puts the frames of overlapping conversations into one time-ordered capture.
 *
 * <p>Scenarios schedule <em>activities</em> (a DHCP exchange, a TCP session, the next DNS
 * lookup of a host) at a time; when the timeline reaches that time the activity runs and
 * schedules its frames, all at or after its own start, and possibly further activities. Since
 * everything is drawn from one queue in (time, insertion) order, conversations interleave as
 * they would on a wire, the record timestamps never go backwards, and the output depends only on
 * the order of the scenario's random draws, which makes it reproducible from a seed. Only the
 * near future is held in memory: an activity's frames are queued when it starts.
 *
 * <p>Each written frame is classified from its bytes into the {@link GroundTruth} counts.
 */
final class Timeline {
    /** Tag for {@link #frame(long, FrameBuilder, int)}: the frame is a traceroute probe. */
    static final int TAG_TRACEROUTE_PROBE = 1;

    /** Something that happens at a point in time and schedules frames from there on. */
    interface Activity {
        void run(long now) throws IOException;
    }

    private static final class Entry implements Comparable<Entry> {
        final long time;
        final long order;
        final byte[] frame;        // null for an activity
        final int tag;
        final Activity activity;

        Entry(long time, long order, byte[] frame, int tag, Activity activity) {
            this.time = time;
            this.order = order;
            this.frame = frame;
            this.tag = tag;
            this.activity = activity;
        }

        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private final PcapWriter out;
    private final long end;
    private final int directedBroadcast;
    private long order;
    private long now = Long.MIN_VALUE;
    private long lastWritten = Long.MIN_VALUE;

    private long frames;
    private long firstNanos;
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

    /**
     * @param end               frames and activities after this time (ns) are dropped: the
     *                          capture ends there, mid-conversation if need be
     * @param directedBroadcast the subnet broadcast address counted as directed broadcast
     */
    Timeline(PcapWriter out, long end, int directedBroadcast) {
        this.out = out;
        this.end = end;
        this.directedBroadcast = directedBroadcast;
    }

    /** Time of the activity running now. */
    long now() {
        return now;
    }

    /** Runs {@code activity} at {@code time}. */
    void at(long time, Activity activity) {
        checkNotPast(time);
        queue.add(new Entry(time, order++, null, 0, activity));
    }

    /** Queues a copy of the frame the builder holds, to be written at {@code time}. */
    void frame(long time, FrameBuilder fb) {
        frame(time, fb, 0);
    }

    void frame(long time, FrameBuilder fb, int tag) {
        checkNotPast(time);
        queue.add(new Entry(time, order++, Arrays.copyOf(fb.buffer(), fb.length()), tag, null));
    }

    /** Runs activities and writes frames in time order up to the end time. */
    void run() throws IOException {
        Entry e;
        while ((e = queue.poll()) != null && e.time <= end) {
            now = e.time;
            if (e.activity != null) {
                e.activity.run(e.time);
            } else {
                // Two frames drawn for the same nanosecond still get distinct, increasing
                // timestamps, so sorting a capture by time can never reorder it.
                long ts = Math.max(e.time, lastWritten + 1);
                out.write(ts, e.frame, 0, e.frame.length, e.frame.length);
                count(ts, e.frame, e.tag);
                lastWritten = ts;
            }
        }
        queue.clear();
    }

    GroundTruth truth() {
        return new GroundTruth(frames, firstNanos, frames == 0 ? 0 : lastWritten, vlanTagged,
                ethernetBroadcast, arpRequests, arpReplies, gratuitousArps, arpProbes, ipv4Packets,
                udpPackets, udpToLimitedBroadcast, udpToDirectedBroadcast, udpToMulticast, tcpPackets,
                tcpSyns, icmpPackets, icmpEchoRequests, icmpEchoReplies, icmpTimeExceeded,
                icmpUnreachable, tracerouteProbes);
    }

    private void checkNotPast(long time) {
        if (time < now) {
            throw new IllegalStateException("scheduled at " + time + " ns, before the current time " + now);
        }
    }

    private void count(long ts, byte[] f, int tag) {
        if (frames++ == 0) {
            firstNanos = ts;
        }
        if ((tag & TAG_TRACEROUTE_PROBE) != 0) {
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
