package dev.tattler.conn;

import dev.tattler.decode.Addresses;
import dev.tattler.decode.TextCache;

/**
 * One tracked flow, with everything conn.log reports about it: identity and roles, uid,
 * first and last packet time, packets and IP bytes per side, payload sizes, history letters,
 * locality, and for TCP the two endpoints' state ({@link TcpSession}).
 *
 * <pre>
 *   key (direction-free)   a = lower endpoint, b = higher (one-way ICMP: a = sender)
 *   roles                  origIsA says which of a, b is the originator; flipRoles() swaps
 *   table links            hash slot, least-recently-active list, timer heap index
 * </pre>
 *
 * Only {@link ConnTracker} changes a connection, on the engine thread. Addresses and the uid are
 * kept as numbers and formatted on first use (a log row or an event), so a flood of flows nobody
 * looks at costs no strings.
 */
public final class Connection {
    /** Transport kinds, conn.log's {@code proto}. */
    public static final int TCP = 0;
    public static final int UDP = 1;
    public static final int ICMP = 2;
    public static final int OTHER = 3;

    static final long NEVER = Long.MAX_VALUE;
    /** {@link #stamp} of a connection no longer in the table. */
    static final long GONE = -1;

    // --- key: fixed at creation ---------------------------------------------------------
    final long aHi;
    final long aLo;
    final long bHi;
    final long bLo;
    final int aPort;
    final int bPort;
    final int proto;
    final int hash;
    private final int kind;
    private final int ipVersion;

    // --- identity ------------------------------------------------------------------------
    private final long uidHi;
    private final long uidLo;
    private String uid;
    private boolean origIsA;
    private boolean localA;
    private boolean localB;
    private String textA;
    private String textB;

    // --- activity ------------------------------------------------------------------------
    private final long startNanos;
    long lastNanos;
    long origPkts;
    long origIpBytes;
    long respPkts;
    long respIpBytes;
    /** UDP/ICMP payload bytes per side; -1 while that side has sent nothing valid (Zeek's "inactive"). */
    long origSize = -1;
    long respSize = -1;
    long missedBytes;
    private byte[] history;
    private int historyLength;
    private int histSeen;
    /** UDP checksum-error counters for the scaled 'C'/'c' history letters. */
    private int origBadSums;
    private int origBadSumsNext = 1;
    private int respBadSums;
    private int respBadSumsNext = 1;
    /** Non-null for TCP. */
    final TcpSession tcp;

    // --- bookkeeping for ConnTracker --------------------------------------------------------
    long inactivityAt = NEVER;
    long inactivityTimeout;
    long nextTimer = NEVER;
    int heapIndex = -1;
    /** When it was last active, as {@link ConnTable}'s count of touches; {@link #GONE} once out of the table. */
    long stamp = GONE;
    boolean removed;

    Connection(FlowKey key, int kind, int ipVersion, boolean origIsA, long uidHi, long uidLo, long now,
               boolean localA, boolean localB, ConnConfig config) {
        aHi = key.aHi;
        aLo = key.aLo;
        bHi = key.bHi;
        bLo = key.bLo;
        aPort = key.aPort;
        bPort = key.bPort;
        proto = key.proto;
        hash = key.hash;
        this.kind = kind;
        this.ipVersion = ipVersion;
        this.origIsA = origIsA;
        this.uidHi = uidHi;
        this.uidLo = uidLo;
        this.localA = localA;
        this.localB = localB;
        startNanos = now;
        lastNanos = now;
        tcp = kind == TCP ? new TcpSession(this, config, now) : null;
    }

    boolean matches(FlowKey k) {
        return hash == k.hash && aLo == k.aLo && bLo == k.bLo && aPort == k.aPort && bPort == k.bPort
                && proto == k.proto && aHi == k.aHi && bHi == k.bHi;
    }

    /** True when a packet from (hi, lo):port was sent by the originator. */
    boolean isFromOriginator(long hi, long lo, int port) {
        return origIsA ? hi == aHi && lo == aLo && port == aPort : hi == bHi && lo == bLo && port == bPort;
    }

    /**
     * Swaps originator and responder (Zeek's FlipRoles): counters, locality and TCP endpoints go
     * with the hosts, and history gets '^'.
     */
    void flipRoles() {
        origIsA = !origIsA;
        long t = origPkts;
        origPkts = respPkts;
        respPkts = t;
        t = origIpBytes;
        origIpBytes = respIpBytes;
        respIpBytes = t;
        t = origSize;
        origSize = respSize;
        respSize = t;
        if (tcp != null) {
            tcp.flipRoles();
        }
        addHistory('^');
    }

    // --- history -----------------------------------------------------------------------------

    void addHistory(char code) {
        if (history == null) {
            history = new byte[8];
        } else if (historyLength == history.length) {
            if (historyLength >= ConnTracker.MAX_HISTORY) {
                return; // a pathological flow (a SYN flood on one tuple) keeps its first letters
            }
            history = java.util.Arrays.copyOf(history, historyLength * 2);
        }
        history[historyLength++] = (byte) code;
    }

    /**
     * Adds {@code code} the first time a history bit is seen (Zeek's CheckHistory). Returns true
     * when the bit had been seen before, so callers can decide to repeat the letter.
     */
    boolean checkHistory(int mask, char code) {
        if ((histSeen & mask) != 0) {
            return true;
        }
        histSeen |= mask;
        addHistory(code);
        return false;
    }

    /**
     * Zeek's SetInactivityTimeout: a changed timeout re-arms the inactivity timer from the last
     * packet's time.
     */
    void inactivityTimeout(long timeout) {
        if (timeout == inactivityTimeout) {
            return;
        }
        inactivityTimeout = timeout;
        inactivityAt = lastNanos + timeout;
    }

    /** A UDP checksum error: 'C'/'c' at the 1st, 10th, 100th, ... error of that side. */
    void udpChecksumError(boolean fromOrig) {
        if (fromOrig) {
            if (++origBadSums == origBadSumsNext) {
                addHistory('C');
                origBadSumsNext *= 10;
            }
        } else if (++respBadSums == respBadSumsNext) {
            addHistory('c');
            respBadSumsNext *= 10;
        }
    }

    // --- what conn.log and scripts read ---------------------------------------------------------

    public String uid() {
        if (uid == null) {
            uid = UidGenerator.format('C', uidHi, uidLo);
        }
        return uid;
    }

    /** One of {@link #TCP}, {@link #UDP}, {@link #ICMP}, {@link #OTHER}. */
    public int kind() {
        return kind;
    }

    /** The IP protocol number (6, 17, 1, 58, ...). */
    public int ipProto() {
        return proto;
    }

    /** Zeek's transport name for conn.log's proto column (ICMPv6 is "icmp" too). */
    public String protoName() {
        switch (kind) {
            case TCP: return "tcp";
            case UDP: return "udp";
            case ICMP: return "icmp";
            default: return "unknown_transport";
        }
    }

    public String origH() {
        return origIsA ? textA() : textB();
    }

    public String respH() {
        return origIsA ? textB() : textA();
    }

    /** Originator's port; for ICMP the message type. */
    public int origPort() {
        return origIsA ? aPort : bPort;
    }

    /** Responder's port; for ICMP the counterpart type of a request/reply pair, else the code. */
    public int respPort() {
        return origIsA ? bPort : aPort;
    }

    public boolean localOrig() {
        return origIsA ? localA : localB;
    }

    public boolean localResp() {
        return origIsA ? localB : localA;
    }

    public long startNanos() { return startNanos; }
    public long lastNanos() { return lastNanos; }
    public long durationNanos() { return lastNanos - startNanos; }
    public long origPkts() { return origPkts; }
    public long origIpBytes() { return origIpBytes; }
    public long respPkts() { return respPkts; }
    public long respIpBytes() { return respIpBytes; }
    public long missedBytes() { return missedBytes; }

    /** Payload bytes from the originator: TCP from sequence numbers, UDP/ICMP summed; -1 unknown (other protocols). */
    public long origBytes() {
        return tcp != null ? tcp.orig.size() : kind == OTHER ? -1 : Math.max(0, origSize);
    }

    public long respBytes() {
        return tcp != null ? tcp.resp.size() : kind == OTHER ? -1 : Math.max(0, respSize);
    }

    /**
     * Histories of up to 8 letters ("ShADadFf" and shorter: nearly all of them) are few and repeat
     * for every connection, conn.log row and event: their texts come from one shared cache.
     */
    private static final TextCache SHORT_HISTORIES = new TextCache(10);

    /** The history letters so far, "" when none. */
    public String history() {
        if (historyLength > 8) {
            return new String(history, 0, historyLength, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        long packed = 0; // the first letter in the lowest byte
        for (int i = historyLength - 1; i >= 0; i--) {
            packed = (packed << 8) | (history[i] & 0xFF);
        }
        return SHORT_HISTORIES.text(packed, Connection::unpack);
    }

    private static String unpack(long letters) {
        StringBuilder sb = new StringBuilder(8);
        for (long l = letters; l != 0; l >>>= 8) {
            sb.append((char) (l & 0xFF));
        }
        return sb.toString();
    }

    /**
     * The history letters copied into {@code into} from index 0, as many as fit (there are at most
     * {@value ConnTracker#MAX_HISTORY}); returns how many. For conn.log, without a String.
     */
    public int history(byte[] into) {
        int n = Math.min(historyLength, into.length);
        if (n > 0) {
            System.arraycopy(history, 0, into, 0, n);
        }
        return n;
    }

    /** The endpoints object event snapshots share (dev.tattler.event.ConnInfo), and the roles it was made for. */
    private Object eventId;
    private boolean eventIdOrigIsA;

    /** The endpoints object events last stored with {@link #eventId(Object)}, or null once roles flipped. */
    public Object eventId() {
        return eventIdOrigIsA == origIsA ? eventId : null;
    }

    public void eventId(Object id) {
        eventId = id;
        eventIdOrigIsA = origIsA;
    }

    /** Zeek's conn_state (base/protocols/conn/main.zeek) for the connection as it stands. */
    public String connState() {
        if (tcp != null) {
            return tcp.connState(history());
        }
        if (kind == UDP) {
            boolean orig = origSize >= 0;
            boolean resp = respSize >= 0;
            return orig ? (resp ? "SF" : "S0") : (resp ? "SHR" : "OTH");
        }
        return "OTH";
    }

    private String textA() {
        if (textA == null) {
            textA = text(aHi, aLo);
        }
        return textA;
    }

    private String textB() {
        if (textB == null) {
            textB = text(bHi, bLo);
        }
        return textB;
    }

    private String text(long hi, long lo) {
        return Addresses.ip(hi, lo, ipVersion);
    }

    @Override
    public String toString() {
        return uid() + " " + protoName() + " " + origH() + ":" + origPort() + " > " + respH() + ":" + respPort();
    }
}
