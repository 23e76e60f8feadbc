package dev.tattler.event;

import dev.tattler.decode.PacketView;
import org.graalvm.polyglot.HostAccess;

/**
 * An ICMP or ICMPv6 echo request or reply as icmp_echo_request and icmp_echo_reply pass it:
 * Zeek's {@code icmp_info} (v6, itype, icode, len, ttl) plus the identifier and sequence
 * number, which Zeek passes as separate arguments.
 */
@Doc("An ICMP/ICMPv6 echo message: type, code, length, TTL, identifier and sequence number.")
public final class IcmpInfo {
    @HostAccess.Export @Doc("true for ICMPv6")
    public final boolean v6;
    @HostAccess.Export @Doc("ICMP type: 8 echo request, 0 echo reply (ICMPv6: 128, 129)")
    public final int itype;
    @HostAccess.Export @Doc("ICMP code")
    public final int icode;
    @HostAccess.Export @Doc("bytes after the 8-byte ICMP header, as the IP header gives them")
    public final int len;
    @HostAccess.Export @Doc("IP TTL / hop limit of the message")
    public final int ttl;
    @HostAccess.Export @Doc("echo identifier")
    public final int id;
    @HostAccess.Export @Doc("echo sequence number")
    public final int seq;

    public IcmpInfo(PacketView v) {
        v6 = v.has(PacketView.ICMP6);
        itype = v.icmpType();
        icode = v.icmpCode();
        len = v.payloadLength();
        ttl = v.ttl();
        id = v.u16(v.l4() + 4);
        seq = v.u16(v.l4() + 6);
    }

    @Override
    public String toString() {
        return "IcmpInfo type " + itype + " code " + icode + (v6 ? " (v6)" : "");
    }
}
