package dev.tattler.conn;

import dev.tattler.decode.PacketView;

/**
 * A connection's identity independent of direction: protocol plus both endpoints (address as
 * 128 bits, IPv4 mapped into IPv6, and port), stored with the lower endpoint first. Mutable so
 * that one probe instance serves every lookup without allocating; only a key stored in the
 * table is a fresh copy.
 */
final class FlowKey {
    long aHi;
    long aLo;
    int aPort;
    long bHi;
    long bLo;
    int bPort;
    int proto;
    private int hash;

    /** Fills this key from the packet's addresses and ports, in canonical order. */
    void set(PacketView v, int proto) {
        long sHi = Endpoints.hi(v, v.ipSrc());
        long sLo = Endpoints.lo(v, v.ipSrc());
        long dHi = Endpoints.hi(v, v.ipDst());
        long dLo = Endpoints.lo(v, v.ipDst());
        int sp = v.srcPort();
        int dp = v.dstPort();
        this.proto = proto;
        if (Endpoints.compare(sHi, sLo, sp, dHi, dLo, dp) <= 0) {
            aHi = sHi; aLo = sLo; aPort = sp; bHi = dHi; bLo = dLo; bPort = dp;
        } else {
            aHi = dHi; aLo = dLo; aPort = dp; bHi = sHi; bLo = sLo; bPort = sp;
        }
        long h = aHi * 31 + aLo;
        h = h * 31 + bHi;
        h = h * 31 + bLo;
        h = h * 31 + ((long) aPort << 16 | bPort);
        h = h * 31 + proto;
        hash = (int) (h ^ (h >>> 32));
    }

    FlowKey copy() {
        FlowKey k = new FlowKey();
        k.aHi = aHi; k.aLo = aLo; k.aPort = aPort;
        k.bHi = bHi; k.bLo = bLo; k.bPort = bPort;
        k.proto = proto; k.hash = hash;
        return k;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FlowKey)) {
            return false;
        }
        FlowKey k = (FlowKey) o;
        return hash == k.hash && aLo == k.aLo && bLo == k.bLo && aHi == k.aHi && bHi == k.bHi
                && aPort == k.aPort && bPort == k.bPort && proto == k.proto;
    }
}
