package dev.tattler.conn;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.capture.PacketRecord;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.decode.Weirds;
import dev.tattler.reassembly.FragmentReassembler;

/**
 * Connection tracking with Zeek's semantics: every IP packet is given to {@link #packet}, which
 * finds or creates its connection and updates it; {@link #advance} runs the timers on network
 * time; {@link #flush} removes what is left at the end. What happens is told to a
 * {@link Listener} (events, conn.log, weirds).
 *
 * <pre>
 *  IP packet ─ IPv4 header checksum ─┬─ fragment (v4, v6) ─> FragmentReassembler ─(whole)─> decode ─┐
 *                                    └────────────────────────────────────────────────────────────┴─> transport
 *  transport: TCP / UDP / ICMP / other ─> key (direction-free) ─> table ─ new? flip? cap? ─> Connection
 *             ─> checksum ─> TCP state machine | UDP/ICMP sizes ─> packets, IP bytes ─> events
 *  timers:    TimerHeap of connections by next due time ─> inactivity / attempt / expiry / removal
 *  removal:   timeout, close, reuse, eviction at the cap, end of input ─> Listener.removed
 * </pre>
 *
 * Memory is bounded: at most {@link ConnConfig#maxConnections()} connections (the least
 * recently active is evicted, with a {@code connection_table_full} weird) and the fragment
 * reassembler's caps. A packet of a known, unfragmented flow allocates nothing: one reused
 * probe key, an open-addressing table, a recency stamp in the connection and a timer heap.
 *
 * <p>One instance per engine thread; not thread-safe.
 */
public final class ConnTracker {
    /** What the engine is told; all calls on the engine thread, during {@link #packet}, {@link #advance} or {@link #flush}. */
    public interface Listener {
        /** A connection was created (Zeek's new_connection), before its first packet is processed. */
        void newConnection(Connection c);

        /** The responder answered a TCP handshake (connection_established). */
        void established(Connection c);

        /** An unanswered SYN was given up (connection_attempt); {@link #removed} follows. */
        void attempt(Connection c);

        /** The connection is gone (connection_state_remove): write its conn.log row now. */
        void removed(Connection c);

        /** A UDP packet with a good checksum (udp_request / udp_reply). */
        void udp(Connection c, boolean fromOrig, PacketView v);

        /** An ICMP or ICMPv6 message with a good checksum. */
        void icmp(Connection c, boolean fromOrig, PacketView v);

        /**
         * Something malformed or noteworthy: about connection {@code c} when not null, about the
         * packet {@code v} when not null, else about the addresses {@code src} and {@code dst}.
         */
        void weird(String name, String addl, Connection c, PacketView v, String src, String dst);
    }

    /** History past this many letters is dropped (a SYN storm on one tuple cannot grow it). */
    static final int MAX_HISTORY = 1024;

    private static final int PROTO_ICMP = 1;
    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    private static final int PROTO_ICMP6 = 58;
    private static final int UDP_ORIG_DATA = 0x1;
    private static final int UDP_RESP_DATA = 0x2;

    private final ConnConfig config;
    private final Listener listener;
    private final LocalAddresses local;
    private final UidGenerator uids;
    private final ConnTable table;
    private final TimerHeap timers = new TimerHeap();
    private final FlowKey probe = new FlowKey();
    private final FragmentReassembler fragments;
    private final PacketDecoder reassembledDecoder;
    private final PacketView reassembled = new PacketView();
    private final PacketRecord reassembledRecord = new PacketRecord();
    /** The packet {@link #transport} works on, for {@link #packetInProgress}. */
    private PacketView inTransport;
    private long networkTime;
    private long evictions;
    private long created;
    /** The one-way flag of the ICMP message last keyed, set by {@link #icmpCounterpart}. */
    private boolean oneWay;

    public ConnTracker(ConnConfig config, LocalAddresses local, long uidSeed, Listener listener) {
        this.config = config;
        this.listener = listener;
        this.local = local;
        this.uids = new UidGenerator(uidSeed);
        this.table = new ConnTable(config.maxConnections());
        this.fragments = new FragmentReassembler(config.fragmentTimeoutNanos(), config.fragmentMemory(),
                config.maxFragmentDatagrams(), (name, addl, v, src, dst) -> listener.weird(name, addl, null, v, src, dst));
        this.reassembledDecoder = new PacketDecoder((name, addl, v) -> listener.weird(name, addl, null, v, null, null),
                config.ignoreChecksums());
    }

    /**
     * The packet whose transport header is being tracked: the frame, or a datagram reassembled
     * from fragments. Listeners told of a new or established connection get their packet here.
     */
    public PacketView packetInProgress() {
        return inTransport;
    }

    /** Connections tracked now. */
    public int size() {
        return table.size();
    }

    /** Connections evicted at the cap so far. */
    public long evictions() {
        return evictions;
    }

    /** Connections created so far. */
    public long created() {
        return created;
    }

    /** Calls {@code action} for every connection tracked now, least recently active first. */
    public void forEach(java.util.function.Consumer<Connection> action) {
        table.forEachByRecency(action);
    }

    /** IP datagrams waiting for fragments now. */
    public int pendingFragments() {
        return fragments.pending();
    }

    // --- timers -------------------------------------------------------------------------------

    /**
     * Moves network time to {@code now} and runs every timer due by then, before the packet that
     * moved it is processed (as Zeek does). One comparison when nothing is due.
     */
    public void advance(long now) {
        if (now > networkTime) {
            networkTime = now;
        }
        fragments.expire(networkTime);
        while (timers.size() > 0 && timers.firstDue() <= networkTime) {
            fire(timers.peek(), networkTime);
        }
    }

    private void fire(Connection c, long now) {
        while (!c.removed) {
            long tcpNext = c.tcp == null ? Connection.NEVER : c.tcp.nextTimer();
            long next = Math.min(c.inactivityAt, tcpNext);
            if (next > now) {
                break;
            }
            if (c.inactivityAt == next) {
                if (c.lastNanos + c.inactivityTimeout <= now) {
                    remove(c);
                } else {
                    c.inactivityAt = c.lastNanos + c.inactivityTimeout;
                }
            } else if (c.tcp.fireEarliest(now)) {
                if (c.tcp.attempted) {
                    listener.attempt(c);
                }
                remove(c);
            }
        }
        if (!c.removed) {
            schedule(c);
        }
    }

    private void schedule(Connection c) {
        long next = c.tcp == null ? c.inactivityAt : Math.min(c.inactivityAt, c.tcp.nextTimer());
        if (next != c.nextTimer || c.heapIndex < 0) {
            timers.update(c, next);
        }
    }

    /**
     * Removes every connection left, least recently active first, as at the end of input (Zeek
     * drains its sessions). Each leaves the recency order and the count before its removal is
     * reported, as {@link #remove} does, but the hash slots and the timer heap are emptied once at the end
     * instead of one connection at a time: nothing looks a connection up or fires a timer any
     * more, and the per-connection deletions and heap sifts were a third of the final flush.
     */
    public void flush() {
        Connection c;
        while ((c = table.takeOldest()) != null) {
            timers.forget(c);
            c.removed = true;
            listener.removed(c);
        }
        table.clearSlots();
        timers.clear();
    }

    private void remove(Connection c) {
        table.remove(c);
        timers.remove(c);
        c.removed = true;
        listener.removed(c);
    }

    // --- packets ------------------------------------------------------------------------------

    /** One decoded frame; frames without IP are ignored. */
    public void packet(PacketView v) {
        if (v.ipVersion() == 0 || v.ipProto() < 0) {
            return;
        }
        boolean fragment = v.has(PacketView.FRAGMENT);
        if (!fragment && transportMissing(v)) {
            return; // the decoder reported the cut header; there is no connection to make
        }
        if (!config.ignoreChecksums() && !Checksums.ipOk(v)) {
            listener.weird(Weirds.BAD_IP_CHECKSUM, null, null, v, null, null);
            return; // Zeek drops the packet here
        }
        if (fragment) {
            FragmentReassembler.Frame frame = fragments.add(v, networkTime);
            if (frame != null) {
                deliverReassembled(frame, v);
            }
            return;
        }
        transport(v);
    }

    /** A TCP, UDP or ICMP packet whose header the decoder could not read. */
    private static boolean transportMissing(PacketView v) {
        switch (v.ipProto()) {
            case PROTO_TCP:
                return !v.has(PacketView.TCP);
            case PROTO_UDP:
                return !v.has(PacketView.UDP);
            case PROTO_ICMP:
            case PROTO_ICMP6:
                return !v.has(PacketView.ICMP) && !v.has(PacketView.ICMP6);
            default:
                return false;
        }
    }

    private void deliverReassembled(FragmentReassembler.Frame frame, PacketView last) {
        PacketRecord r = reassembledRecord;
        r.set(frame.data, 0, frame.data.length, frame.data.length, last.timestampNanos(), frame.linkType,
                last.interfaceId());
        r.number = last.number();
        reassembledDecoder.decode(r, reassembled);
        if (reassembled.ipVersion() != 0 && !reassembled.has(PacketView.FRAGMENT) && !transportMissing(reassembled)) {
            transport(reassembled);
        }
    }

    private void transport(PacketView v) {
        inTransport = v;
        int kind;
        int sp;
        int dp;
        oneWay = false;
        if (v.has(PacketView.TCP)) {
            kind = Connection.TCP;
            sp = v.srcPort();
            dp = v.dstPort();
        } else if (v.has(PacketView.UDP)) {
            kind = Connection.UDP;
            sp = v.srcPort();
            dp = v.dstPort();
        } else if (v.has(PacketView.ICMP) || v.has(PacketView.ICMP6)) {
            kind = Connection.ICMP;
            sp = v.icmpType();
            dp = icmpCounterpart(v.icmpType(), v.icmpCode(), v.has(PacketView.ICMP6));
        } else {
            int p = v.ipProto();
            if (p == PROTO_TCP || p == PROTO_UDP || p == PROTO_ICMP || p == PROTO_ICMP6) {
                return; // its header was missing or truncated: no connection, as in Zeek
            }
            kind = Connection.OTHER;
            sp = 0;
            dp = 0;
        }
        long t = v.timestampNanos();
        long sHi = Endpoints.hi(v, v.ipSrc());
        long sLo = Endpoints.lo(v, v.ipSrc());
        long dHi = Endpoints.hi(v, v.ipDst());
        long dLo = Endpoints.lo(v, v.ipDst());
        probe.set(sHi, sLo, sp, dHi, dLo, dp, v.ipProto(), oneWay);
        Connection c = table.find(probe);
        if (c != null && kind == Connection.TCP && c.tcp.isReuse(v.tcpFlags(), (int) v.seq())) {
            remove(c); // a new connection on the same tuple
            c = null;
        }
        if (c == null) {
            c = create(v, kind, sHi, sLo, sp, dp, t);
        } else {
            table.touch(c);
        }
        boolean fromOrig = c.isFromOriginator(sHi, sLo, sp);
        switch (kind) {
            case Connection.TCP:
                tcp(c, v, fromOrig, t);
                break;
            case Connection.UDP:
                udp(c, v, fromOrig, t);
                break;
            case Connection.ICMP:
                icmp(c, v, fromOrig, t);
                break;
            default:
                c.lastNanos = t;
                count(c, fromOrig, v);
                break;
        }
        if (!c.removed) {
            schedule(c);
        }
    }

    private Connection create(PacketView v, int kind, long sHi, long sLo, int sp, int dp, long t) {
        if (table.size() >= config.maxConnections()) {
            Connection old = table.oldest();
            evictions++;
            listener.weird(Weirds.CONNECTION_TABLE_FULL, "cap " + config.maxConnections()
                    + " reached; evicted the least recently active connection", old, null, null, null);
            remove(old);
        }
        boolean sourceIsA = probe.sourceIsA(sHi, sLo, sp);
        int srcLocal = v.ipSrc();
        int dstLocal = v.ipDst();
        boolean localSrc = local.isLocal(v.data(), srcLocal, v.ipVersion());
        boolean localDst = local.isLocal(v.data(), dstLocal, v.ipVersion());
        Connection c = new Connection(probe, kind, v.ipVersion(), sourceIsA, uids.nextHigh(), uids.nextLow(), t,
                sourceIsA ? localSrc : localDst, sourceIsA ? localDst : localSrc, config);
        c.inactivityTimeout(inactivityTimeout(kind));
        table.add(c);
        created++;
        if (flip(v, kind, sp, dp)) {
            c.flipRoles();
        }
        listener.newConnection(c);
        return c;
    }

    private long inactivityTimeout(int kind) {
        switch (kind) {
            case Connection.TCP:
                // Zeek's TCP analyzer starts with the UDP timeout; leaving the handshake switches
                // to the TCP one (TcpSession.handshakeDone).
                return config.udpInactivityNanos();
            case Connection.UDP:
                return config.udpInactivityNanos();
            case Connection.ICMP:
                return config.icmpInactivityNanos();
            default:
                return config.unknownInactivityNanos();
        }
    }

    /**
     * Zeek's role guess for a flow whose start was missed: a TCP flow not starting with a bare
     * SYN, or any UDP flow, whose first packet comes from a likely server port to a port that
     * is not one, has its roles flipped. Two plausible server ports: TCP flips (not on a SYN-ACK)
     * towards the higher port. A UDP packet to a broadcast or multicast address never flips.
     */
    private boolean flip(PacketView v, int kind, int sp, int dp) {
        ServerPorts ports = config.serverPorts();
        if (kind == Connection.TCP) {
            int flags = v.tcpFlags();
            boolean syn = (flags & TcpSession.SYN) != 0;
            if (syn && (flags & TcpSession.ACK) == 0) {
                return false;
            }
            if (!ports.tcp(sp)) {
                return false;
            }
            return !ports.tcp(dp) || (!syn && sp < dp);
        }
        if (kind == Connection.UDP) {
            return ports.udp(sp) && !ports.udp(dp) && !toGroup(v);
        }
        return false;
    }

    /**
     * Broadcast or multicast: a group MAC address (broadcast or multicast bit), 255.255.255.255,
     * an IPv4 address ending in .255 (a subnet's broadcast, whatever its prefix), 224/4, ff00::/8.
     */
    private static boolean toGroup(PacketView v) {
        if (v.macDst() >= 0 && (v.u8(v.macDst()) & 1) != 0) {
            return true;
        }
        if (v.ipVersion() == 4) {
            int dst = v.ipv4Dst();
            return (dst & 0xFF) == 0xFF || (dst >>> 28) == 0xE;
        }
        return v.u8(v.ipDst()) == 0xFF;
    }

    /** The responder port of an ICMP message (see {@link #icmpCounterpart(int, boolean)}); sets {@link #oneWay}. */
    private int icmpCounterpart(int type, int code, boolean v6) {
        int counterpart = icmpCounterpart(type, v6);
        if (counterpart < 0) {
            oneWay = true;
            return code;
        }
        return counterpart;
    }

    /**
     * The counterpart type of an ICMP request/reply type, which Zeek uses as the responder
     * "port" (echo 8/0, timestamp 13/14, information 15/16, router 10/9, mask 17/18; ICMPv6
     * echo 128/129, router 133/134, neighbor 135/136, MLD 130/131, node information 139/140,
     * home agent 144/145), or -1 for a one-way message, whose responder port is its code.
     */
    public static int icmpCounterpart(int type, boolean v6) {
        if (v6) {
            switch (type) {
                case 128: return 129;
                case 129: return 128;
                case 133: return 134;
                case 134: return 133;
                case 135: return 136;
                case 136: return 135;
                case 130: return 131;
                case 131: return 130;
                case 139: return 140;
                case 140: return 139;
                case 144: return 145;
                case 145: return 144;
                default: return -1;
            }
        }
        switch (type) {
            case 8: return 0;
            case 0: return 8;
            case 13: return 14;
            case 14: return 13;
            case 15: return 16;
            case 16: return 15;
            case 10: return 9;
            case 9: return 10;
            case 17: return 18;
            case 18: return 17;
            default: return -1;
        }
    }

    /** IP payload length as the IP header gives it. */
    private static int ipPayload(PacketView v) {
        return v.l3() + v.ipTotalLength() - v.l4();
    }

    private void tcp(Connection c, PacketView v, boolean fromOrig, long t) {
        TcpSession s = c.tcp;
        int len = v.payloadLength();
        boolean captured = v.capturedPayloadLength() >= len;
        if (!config.ignoreChecksums() && !Checksums.transportOk(v)) {
            s.endpoint(fromOrig).checksumError();
            listener.weird(Weirds.BAD_TCP_CHECKSUM, null, c, v, null, null);
            return; // neither processed nor counted
        }
        s.process(fromOrig, v.tcpFlags(), (int) v.seq(), (int) v.ack(), len, captured, v.window(), t);
        count(c, fromOrig, v);
        if (s.establishedNow) {
            listener.established(c);
        }
    }

    private void udp(Connection c, PacketView v, boolean fromOrig, long t) {
        int len = ipPayload(v);
        boolean captured = v.ipEnd() - v.l4() >= len;
        if (!config.ignoreChecksums() && !Checksums.transportOk(v)) {
            c.udpChecksumError(fromOrig);
            listener.weird(Weirds.BAD_UDP_CHECKSUM, null, c, v, null, null);
            return;
        }
        c.lastNanos = t;
        // Zeek counts the UDP length field, not the IP payload.
        int size = Math.max(0, v.u16(v.l4() + 4) - 8);
        if (fromOrig) {
            c.checkHistory(UDP_ORIG_DATA, 'D');
            c.origSize = Math.max(0, c.origSize) + size;
        } else {
            c.checkHistory(UDP_RESP_DATA, 'd');
            c.respSize = Math.max(0, c.respSize) + size;
        }
        if (captured) {
            count(c, fromOrig, v); // Zeek's size analyzer sees only whole datagrams
        }
        listener.udp(c, fromOrig, v);
    }

    private void icmp(Connection c, PacketView v, boolean fromOrig, long t) {
        int len = ipPayload(v);
        boolean captured = v.ipEnd() - v.l4() >= len;
        if (!config.ignoreChecksums() && !Checksums.transportOk(v)) {
            listener.weird(Weirds.BAD_ICMP_CHECKSUM, null, c, v, null, null);
            return;
        }
        c.lastNanos = t;
        int size = len - 8;
        if (fromOrig) {
            c.origSize = Math.max(0, c.origSize) + size;
        } else {
            c.respSize = Math.max(0, c.respSize) + size;
        }
        if (captured) {
            count(c, fromOrig, v);
        }
        listener.icmp(c, fromOrig, v);
    }

    private static void count(Connection c, boolean fromOrig, PacketView v) {
        if (fromOrig) {
            c.origPkts++;
            c.origIpBytes += v.ipLengthField();
        } else {
            c.respPkts++;
            c.respIpBytes += v.ipLengthField();
        }
    }
}
