package dev.tattler.event;

import dev.tattler.decode.PacketView;
import org.graalvm.polyglot.HostAccess;

/**
 * An ICMP or ICMPv6 error as icmp_unreachable and icmp_time_exceeded pass it: Zeek's
 * {@code icmp_info} (v6, itype, icode, len, ttl) and, as {@code ctx}, the {@code icmp_context}
 * Zeek passes as a separate argument: the packet the error quotes.
 */
@Doc("An ICMP/ICMPv6 error message: type, code, length, TTL and the quoted packet.")
public final class IcmpError {
    @HostAccess.Export @Doc("true for ICMPv6")
    public final boolean v6;
    @HostAccess.Export @Doc("ICMP type: 3 unreachable, 11 time exceeded (ICMPv6: 1, 3)")
    public final int itype;
    @HostAccess.Export @Doc("ICMP code (unreachable: 0 net, 1 host, 3 port, ...; time exceeded: 0 TTL, 1 reassembly)")
    public final int icode;
    @HostAccess.Export @Doc("bytes after the 8-byte ICMP header, as the IP header gives them")
    public final int len;
    @HostAccess.Export @Doc("IP TTL / hop limit of the message")
    public final int ttl;
    @HostAccess.Export @Doc("the packet the error quotes")
    public final IcmpContext ctx;

    public IcmpError(PacketView v) {
        v6 = v.has(PacketView.ICMP6);
        itype = v.icmpType();
        icode = v.icmpCode();
        len = v.payloadLength();
        ttl = v.ttl();
        ctx = new IcmpContext(v);
    }

    @Override
    public String toString() {
        return "IcmpError type " + itype + " code " + icode + (v6 ? " (v6)" : "") + " quoting " + ctx;
    }
}
