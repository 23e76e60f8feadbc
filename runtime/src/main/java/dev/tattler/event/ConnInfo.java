package dev.tattler.event;

import dev.tattler.conn.Connection;
import org.graalvm.polyglot.HostAccess;

/**
 * A connection as handlers see it: a snapshot, taken when the event fired, of what conn.log
 * will report for it (with Zeek's field names).
 */
@Doc("A connection (flow): identity, state and counters so far, as conn.log reports them.")
public final class ConnInfo {
    @HostAccess.Export @Doc("unique id, 'C' + base62, as in Zeek's conn.log")
    public final String uid;
    @HostAccess.Export @Doc("endpoints: id.orig_h, id.orig_p, id.resp_h, id.resp_p")
    public final ConnId id;
    @HostAccess.Export @Doc("'tcp', 'udp', 'icmp' (ICMPv6 too) or 'unknown_transport'")
    public final String proto;
    @HostAccess.Export @Doc("IP protocol number from the header (6, 17, 1, 58, ...)")
    public final int ip_proto;
    @HostAccess.Export @Doc("application protocol; always null (Tattler has no protocol analyzers)")
    public final String service;
    @HostAccess.Export @Doc("time of the first packet, seconds since the epoch")
    public final double start_time;
    @HostAccess.Export @Doc("seconds from the first to the latest packet that counted")
    public final double duration;
    @HostAccess.Export @Doc("payload bytes from the originator so far (TCP: from sequence numbers)")
    public final long orig_bytes;
    @HostAccess.Export @Doc("payload bytes from the responder so far (TCP: from sequence numbers)")
    public final long resp_bytes;
    @HostAccess.Export @Doc("Zeek's conn_state so far: S0 S1 SF REJ S2 S3 RSTO RSTR RSTOS0 RSTRH SH SHR OTH")
    public final String conn_state;
    @HostAccess.Export @Doc("true when the originator's address is in the local networks")
    public final boolean local_orig;
    @HostAccess.Export @Doc("true when the responder's address is in the local networks")
    public final boolean local_resp;
    @HostAccess.Export @Doc("TCP bytes acknowledged but never seen (content gaps)")
    public final long missed_bytes;
    @HostAccess.Export @Doc("Zeek's history letters so far (e.g. 'ShADadFf'; upper case: originator)")
    public final String history;
    @HostAccess.Export @Doc("packets from the originator so far")
    public final long orig_pkts;
    @HostAccess.Export @Doc("IP bytes (IP total length) from the originator so far")
    public final long orig_ip_bytes;
    @HostAccess.Export @Doc("packets from the responder so far")
    public final long resp_pkts;
    @HostAccess.Export @Doc("IP bytes (IP total length) from the responder so far")
    public final long resp_ip_bytes;


    public ConnInfo(Connection c) {
        uid = c.uid();
        id = endpoints(c);
        proto = c.protoName();
        ip_proto = c.ipProto();
        service = null;
        start_time = Times.seconds(c.startNanos());
        duration = Times.seconds(c.durationNanos());
        orig_bytes = Math.max(0, c.origBytes());
        resp_bytes = Math.max(0, c.respBytes());
        conn_state = c.connState();
        local_orig = c.localOrig();
        local_resp = c.localResp();
        missed_bytes = c.missedBytes();
        history = c.history();
        orig_pkts = c.origPkts();
        orig_ip_bytes = c.origIpBytes();
        resp_pkts = c.respPkts();
        resp_ip_bytes = c.respIpBytes();
    }

    /** The connection's endpoints object: one per connection (and orientation), as they do not change. */
    private static ConnId endpoints(Connection c) {
        Object id = c.eventId();
        if (id == null) {
            id = new ConnId(c.origH(), c.origPort(), c.respH(), c.respPort());
            c.eventId(id);
        }
        return (ConnId) id;
    }

    @Override
    public String toString() {
        return "ConnInfo " + uid + " " + proto + " " + id;
    }
}
