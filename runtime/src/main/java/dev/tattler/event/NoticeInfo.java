package dev.tattler.event;

import org.graalvm.polyglot.HostAccess;

/**
 * A notice as the {@code notice} event delivers it: the row just written to notice.log, with
 * Zeek's {@code Notice::Info} field names, plus Tattler's advice. Built only when a handler
 * subscribes to {@code notice}.
 */
@Doc("A notice that was raised and logged (not one that was suppressed).")
public final class NoticeInfo {
    @HostAccess.Export @Doc("network time when it was raised, seconds since the epoch")
    public final double ts;
    @HostAccess.Export @Doc("uid of the connection it is about, or null")
    public final String uid;
    @HostAccess.Export @Doc("endpoints of that connection, or null when the notice names none")
    public final ConnId id;
    @HostAccess.Export @Doc("transport protocol ('udp', 'tcp', 'icmp', ...), or null")
    public final String proto;
    @HostAccess.Export @Doc("the notice type, e.g. 'Worm770::Burst'")
    public final String note;
    @HostAccess.Export @Doc("human-readable message, or null")
    public final String msg;
    @HostAccess.Export @Doc("human-readable sub-message (evidence, detail), or null")
    public final String sub;
    @HostAccess.Export @Doc("source address, or null")
    public final String src;
    @HostAccess.Export @Doc("destination address, or null")
    public final String dst;
    @HostAccess.Export @Doc("associated port, or null")
    public final Integer p;
    @HostAccess.Export @Doc("associated count, or null")
    public final Long n;
    @HostAccess.Export @Doc("what makes two notices of this type the same, for suppression; or null")
    public final String identifier;
    @HostAccess.Export @Doc("seconds of network time that same notices are suppressed after this one (0: none)")
    public final double suppress_for;
    @HostAccess.Export @Doc("what to do about it (containment advice), or null")
    public final String advice;

    public NoticeInfo(double ts, String uid, ConnId id, String proto, String note, String msg, String sub,
                      String src, String dst, Integer p, Long n, String identifier, double suppressFor,
                      String advice) {
        this.ts = ts;
        this.uid = uid;
        this.id = id;
        this.proto = proto;
        this.note = note;
        this.msg = msg;
        this.sub = sub;
        this.src = src;
        this.dst = dst;
        this.p = p;
        this.n = n;
        this.identifier = identifier;
        this.suppress_for = suppressFor;
        this.advice = advice;
    }

    @Override
    public String toString() {
        return "NoticeInfo " + note + (msg == null ? "" : ": " + msg);
    }
}
