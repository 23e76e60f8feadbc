package dev.tattler.event;

import org.graalvm.polyglot.HostAccess;

/** A connection's endpoints, as Zeek's conn_id: {@code c.id.orig_h} and friends. */
@Doc("The connection's endpoints.")
public final class ConnId {
    @HostAccess.Export @Doc("originator's IP address")
    public final String orig_h;
    @HostAccess.Export @Doc("originator's port (ICMP: the type)")
    public final int orig_p;
    @HostAccess.Export @Doc("responder's IP address")
    public final String resp_h;
    @HostAccess.Export @Doc("responder's port (ICMP: the code or counterpart type)")
    public final int resp_p;

    public ConnId(String origH, int origP, String respH, int respP) {
        orig_h = origH;
        orig_p = origP;
        resp_h = respH;
        resp_p = respP;
    }

    @Override
    public String toString() {
        return orig_h + ":" + orig_p + " > " + resp_h + ":" + resp_p;
    }
}
