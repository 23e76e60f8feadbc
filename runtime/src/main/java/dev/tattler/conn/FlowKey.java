package dev.tattler.conn;

/**
 * A connection's identity independent of direction: protocol plus both endpoints (address as
 * 128 bits, IPv4 mapped into IPv6, and port), stored with the lower endpoint first, as Zeek's
 * ConnKey does. One-way ICMP messages (those without a request/reply counterpart) keep the
 * sender first, so A→B and B→A stay apart, again as Zeek keys them.
 *
 * <p>Mutable, so that one probe instance serves every lookup without allocating; a
 * {@link Connection} copies the fields it needs when it is created.
 */
final class FlowKey {
    long aHi;
    long aLo;
    int aPort;
    long bHi;
    long bLo;
    int bPort;
    int proto;
    int hash;

    /** Fills this key from a packet's source and destination. */
    void set(long sHi, long sLo, int sp, long dHi, long dLo, int dp, int proto, boolean oneWay) {
        this.proto = proto;
        if (oneWay || Endpoints.compare(sHi, sLo, sp, dHi, dLo, dp) <= 0) {
            aHi = sHi; aLo = sLo; aPort = sp; bHi = dHi; bLo = dLo; bPort = dp;
        } else {
            aHi = dHi; aLo = dLo; aPort = dp; bHi = sHi; bLo = sLo; bPort = sp;
        }
        long h = aHi * 0x9E37_79B9_7F4A_7C15L + aLo;
        h = h * 0x9E37_79B9_7F4A_7C15L + bHi;
        h = h * 0x9E37_79B9_7F4A_7C15L + bLo;
        h = h * 0x9E37_79B9_7F4A_7C15L + (((long) aPort << 32) | ((long) bPort << 8) | proto);
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        hash = (int) h;
    }

    /** True when the source of the packet last set is endpoint a. */
    boolean sourceIsA(long sHi, long sLo, int sp) {
        return sHi == aHi && sLo == aLo && sp == aPort;
    }
}
