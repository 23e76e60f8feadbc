package dev.tattler.conn;

import java.time.Duration;

/**
 * The knobs of connection tracking: Zeek's timeouts, the checksum switch, the likely server
 * ports that decide a flip, and the memory caps. Immutable; {@code with...} methods return a
 * changed copy. {@link #defaults()} are Zeek's values (init-bare.zeek) plus Tattler's caps.
 *
 * <pre>
 *  timeout                     default  Zeek name
 *  TCP inactivity (established) 300 s   tcp_inactivity_timeout
 *  TCP during the handshake      60 s   (udp_inactivity_timeout, as Zeek's TCP analyzer uses it)
 *  UDP / ICMP / other inactivity 60 s   udp_ / icmp_ / unknown_ip_inactivity_timeout
 *  unanswered SYN                 5 s   tcp_attempt_delay
 *  linger after close / reset     5 s   tcp_close_delay, tcp_connection_linger
 *  first expiry check             5 s   tcp_SYN_timeout, then every 6 s (tcp_session_timer)
 * </pre>
 *
 * <p><b>Memory cap.</b> At most {@link #maxConnections()} connections are tracked at once
 * (default {@value #DEFAULT_MAX_CONNECTIONS}). A tracked connection takes about 300 bytes of heap
 * (UDP, ICMP) or 750 (TCP, with both endpoints' state), timers and table slots included, so a
 * full table holds 60 MB (a UDP flood) to 150 MB (a SYN flood): comfortable in
 * {@code -Xmx512m} with scripts loaded. A new flow at the cap first evicts the least recently
 * active connection: it is removed as if it had timed out (conn.log row,
 * {@code connection_state_remove}) and a {@code connection_table_full} weird says so. IP
 * fragments waiting for reassembly are capped too (see {@link #fragmentMemory()}).
 */
public final class ConnConfig {
    /** Default cap on tracked connections; see the class comment for what happens at it. */
    public static final int DEFAULT_MAX_CONNECTIONS = 200_000;

    private static final long SECOND = 1_000_000_000L;

    private long tcpInactivity = 300 * SECOND;
    private long udpInactivity = 60 * SECOND;
    private long icmpInactivity = 60 * SECOND;
    private long unknownInactivity = 60 * SECOND;
    private long tcpAttemptDelay = 5 * SECOND;
    private long tcpCloseDelay = 5 * SECOND;
    private long tcpLinger = 5 * SECOND;
    private long tcpSynTimeout = 5 * SECOND;
    private long tcpSessionTimer = 6 * SECOND;
    private boolean ignoreChecksums;
    private ServerPorts serverPorts = ServerPorts.ZEEK_DEFAULT;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private long fragmentTimeout = 30 * SECOND;
    private int fragmentMemory = 16 << 20;
    private int maxFragmentDatagrams = 4096;

    private ConnConfig() {
    }

    /** Zeek's timeouts, checksums validated, Zeek's likely server ports, the default caps. */
    public static ConnConfig defaults() {
        return new ConnConfig();
    }

    private ConnConfig copy() {
        ConnConfig c = new ConnConfig();
        c.tcpInactivity = tcpInactivity;
        c.udpInactivity = udpInactivity;
        c.icmpInactivity = icmpInactivity;
        c.unknownInactivity = unknownInactivity;
        c.tcpAttemptDelay = tcpAttemptDelay;
        c.tcpCloseDelay = tcpCloseDelay;
        c.tcpLinger = tcpLinger;
        c.tcpSynTimeout = tcpSynTimeout;
        c.tcpSessionTimer = tcpSessionTimer;
        c.ignoreChecksums = ignoreChecksums;
        c.serverPorts = serverPorts;
        c.maxConnections = maxConnections;
        c.fragmentTimeout = fragmentTimeout;
        c.fragmentMemory = fragmentMemory;
        c.maxFragmentDatagrams = maxFragmentDatagrams;
        return c;
    }

    private static long positive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
        return d.toNanos();
    }

    /** Inactivity timeouts: TCP (once established), UDP (and TCP during its handshake), ICMP, other IP protocols. */
    public ConnConfig withInactivityTimeouts(Duration tcp, Duration udp, Duration icmp, Duration other) {
        ConnConfig c = copy();
        c.tcpInactivity = positive(tcp, "the TCP inactivity timeout");
        c.udpInactivity = positive(udp, "the UDP inactivity timeout");
        c.icmpInactivity = positive(icmp, "the ICMP inactivity timeout");
        c.unknownInactivity = positive(other, "the inactivity timeout of other protocols");
        return c;
    }

    /** How long an unanswered SYN waits before the attempt is reported and removed (Zeek: 5 s). */
    public ConnConfig withTcpAttemptDelay(Duration d) {
        ConnConfig c = copy();
        c.tcpAttemptDelay = positive(d, "the TCP attempt delay");
        return c;
    }

    /** How long a closed or reset TCP connection lingers before it is removed (Zeek: 5 s). */
    public ConnConfig withTcpCloseDelay(Duration d) {
        ConnConfig c = copy();
        c.tcpCloseDelay = positive(d, "the TCP close delay");
        c.tcpLinger = c.tcpCloseDelay;
        return c;
    }

    /** True skips IP, TCP, UDP and ICMP checksum validation (Zeek's and Tattler's {@code -C}). */
    public ConnConfig withIgnoreChecksums(boolean ignore) {
        ConnConfig c = copy();
        c.ignoreChecksums = ignore;
        return c;
    }

    /** The ports that make a flow whose start was missed flip its roles. */
    public ConnConfig withServerPorts(ServerPorts ports) {
        ConnConfig c = copy();
        c.serverPorts = ports;
        return c;
    }

    /** Cap on tracked connections (at least 1); the least recently active is evicted at the cap. */
    public ConnConfig withMaxConnections(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the connection cap must be at least 1: " + max);
        }
        ConnConfig c = copy();
        c.maxConnections = max;
        return c;
    }

    /**
     * Fragment reassembly limits: how long an incomplete datagram waits, the bytes all waiting
     * datagrams may hold together, and how many may wait at once.
     */
    public ConnConfig withFragmentLimits(Duration timeout, int memoryBytes, int datagrams) {
        if (memoryBytes < 65_535 || datagrams < 1) {
            throw new IllegalArgumentException("fragment memory must hold one datagram (65535) and one datagram must fit");
        }
        ConnConfig c = copy();
        c.fragmentTimeout = positive(timeout, "the fragment timeout");
        c.fragmentMemory = memoryBytes;
        c.maxFragmentDatagrams = datagrams;
        return c;
    }

    public long tcpInactivityNanos() { return tcpInactivity; }
    public long udpInactivityNanos() { return udpInactivity; }
    public long icmpInactivityNanos() { return icmpInactivity; }
    public long unknownInactivityNanos() { return unknownInactivity; }
    public long tcpAttemptDelayNanos() { return tcpAttemptDelay; }
    public long tcpCloseDelayNanos() { return tcpCloseDelay; }
    public long tcpLingerNanos() { return tcpLinger; }
    public long tcpSynTimeoutNanos() { return tcpSynTimeout; }
    public long tcpSessionTimerNanos() { return tcpSessionTimer; }
    public boolean ignoreChecksums() { return ignoreChecksums; }
    public ServerPorts serverPorts() { return serverPorts; }
    public int maxConnections() { return maxConnections; }
    public long fragmentTimeoutNanos() { return fragmentTimeout; }
    /** Bytes all incomplete datagrams may hold together; the oldest is dropped past it. */
    public int fragmentMemory() { return fragmentMemory; }
    public int maxFragmentDatagrams() { return maxFragmentDatagrams; }
}
