package dev.tattler.conn;

import dev.tattler.decode.Addresses;
import dev.tattler.decode.PacketView;

/**
 * The state of one flow: who started it (the originator), when, and how much each side sent.
 * Address strings are built once, at creation, because every event for the connection
 * shows them.
 */
public final class Connection {
    final FlowKey key;
    private final String uid;
    private final int proto;
    private final String origH;
    private final String respH;
    private final long origHi;
    private final long origLo;
    private final int origPort;
    private final int respPort;
    private final long startNanos;
    private long lastNanos;
    private long origPkts;
    private long origBytes;
    private long respPkts;
    private long respBytes;

    Connection(FlowKey key, String uid, int proto, PacketView v, boolean flip, long now) {
        this.key = key;
        this.uid = uid;
        this.proto = proto;
        int from = flip ? v.ipDst() : v.ipSrc();
        int to = flip ? v.ipSrc() : v.ipDst();
        origH = Addresses.ip(v.data(), from, v.ipVersion());
        respH = Addresses.ip(v.data(), to, v.ipVersion());
        origHi = Endpoints.hi(v, from);
        origLo = Endpoints.lo(v, from);
        origPort = flip ? v.dstPort() : v.srcPort();
        respPort = flip ? v.srcPort() : v.dstPort();
        startNanos = now;
        lastNanos = now;
    }

    /** True when the packet was sent by this connection's originator. */
    public boolean isFromOriginator(PacketView v) {
        if (v.srcPort() != origPort) {
            return false;
        }
        if (origPort == respPort && Endpoints.lo(v, v.ipSrc()) == Endpoints.lo(v, v.ipDst())
                && Endpoints.hi(v, v.ipSrc()) == Endpoints.hi(v, v.ipDst())) {
            return true; // a flow from a socket to itself
        }
        return Endpoints.lo(v, v.ipSrc()) == origLo && Endpoints.hi(v, v.ipSrc()) == origHi;
    }

    void count(boolean fromOriginator, int payloadBytes, long now) {
        lastNanos = now;
        if (fromOriginator) {
            origPkts++;
            origBytes += payloadBytes;
        } else {
            respPkts++;
            respBytes += payloadBytes;
        }
    }

    public String uid() { return uid; }
    public int proto() { return proto; }
    public String origH() { return origH; }
    public String respH() { return respH; }
    public int origPort() { return origPort; }
    public int respPort() { return respPort; }
    public long startNanos() { return startNanos; }
    public long lastNanos() { return lastNanos; }
    public long origPkts() { return origPkts; }
    public long origBytes() { return origBytes; }
    public long respPkts() { return respPkts; }
    public long respBytes() { return respBytes; }

    /** Zeek's transport name for conn.log's proto column. */
    public String protoName() {
        switch (proto) {
            case 6: return "tcp";
            case 17: return "udp";
            case 1: case 58: return "icmp";
            default: return "unknown_transport";
        }
    }
}
