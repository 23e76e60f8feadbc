package dev.tattler.event;

import dev.tattler.conn.Connection;
import org.graalvm.polyglot.HostAccess;

/** A connection as handlers see it: a snapshot taken when the event fired. */
@Doc("A connection (flow): identity, start and counters so far.")
public final class ConnInfo {
    @HostAccess.Export @Doc("unique id, 'C' + base62, as in Zeek's conn.log")
    public final String uid;
    @HostAccess.Export @Doc("endpoints: id.orig_h, id.orig_p, id.resp_h, id.resp_p")
    public final ConnId id;
    @HostAccess.Export @Doc("'udp', 'tcp', 'icmp' or 'unknown_transport'")
    public final String proto;
    @HostAccess.Export @Doc("time of the first packet, seconds since the epoch")
    public final double start_time;
    @HostAccess.Export @Doc("seconds from the first to the latest packet")
    public final double duration;
    @HostAccess.Export @Doc("packets from the originator so far")
    public final long orig_pkts;
    @HostAccess.Export @Doc("payload bytes from the originator so far")
    public final long orig_bytes;
    @HostAccess.Export @Doc("packets from the responder so far")
    public final long resp_pkts;
    @HostAccess.Export @Doc("payload bytes from the responder so far")
    public final long resp_bytes;

    public ConnInfo(Connection c) {
        uid = c.uid();
        id = new ConnId(c.origH(), c.origPort(), c.respH(), c.respPort());
        proto = c.protoName();
        start_time = Times.seconds(c.startNanos());
        duration = Times.seconds(c.lastNanos() - c.startNanos());
        orig_pkts = c.origPkts();
        orig_bytes = c.origBytes();
        resp_pkts = c.respPkts();
        resp_bytes = c.respBytes();
    }

    @Override
    public String toString() {
        return "ConnInfo " + uid + " " + proto + " " + id;
    }
}
