package dev.tattler.event;

import dev.tattler.conn.ConnTracker;
import dev.tattler.decode.Addresses;
import dev.tattler.decode.PacketView;
import org.graalvm.polyglot.HostAccess;

/**
 * The packet an ICMP error message quotes (Zeek's {@code icmp_context}): its endpoints and
 * transport, read from the IP header and first transport bytes inside the message.
 */
@Doc("The packet an ICMP error quotes: endpoints, transport, length, fragment bits.")
public final class IcmpContext {
    @HostAccess.Export @Doc("the quoted packet's endpoints (ICMP: type and counterpart as ports); addresses null when the quote is too short")
    public final ConnId id;
    @HostAccess.Export @Doc("the quoted packet's IP total length")
    public final int len;
    @HostAccess.Export @Doc("the quoted packet's transport: 'tcp', 'udp', 'icmp' or 'unknown_transport'")
    public final String proto;
    @HostAccess.Export @Doc("the quoted packet's fragment offset in bytes")
    public final int frag_offset;
    @HostAccess.Export @Doc("true when the quote is too short for the IP header and both ports")
    public final boolean bad_hdr_len;
    @HostAccess.Export @Doc("true when the quoted IPv4 header's checksum is wrong")
    public final boolean bad_checksum;
    @HostAccess.Export @Doc("the quoted packet's More Fragments bit")
    public final boolean MF;
    @HostAccess.Export @Doc("the quoted packet's Don't Fragment bit")
    public final boolean DF;

    public IcmpContext(PacketView v) {
        byte[] d = v.data();
        int off = v.l4() + 8;
        int n = Math.max(0, v.ipEnd() - off);
        boolean six = v.has(PacketView.ICMP6);
        int headerLength = six ? 40 : n > 0 ? (d[off] & 0x0F) * 4 : 0;
        int minimum = six ? 40 : 20;
        if (n < minimum || headerLength < minimum || n < headerLength) {
            id = new ConnId(null, 0, null, 0);
            len = 0;
            proto = "unknown_transport";
            frag_offset = 0;
            bad_hdr_len = true;
            bad_checksum = false;
            MF = false;
            DF = false;
            return;
        }
        String src = Addresses.ip(d, off + (six ? 8 : 12), six ? 6 : 4);
        String dst = Addresses.ip(d, off + (six ? 24 : 16), six ? 6 : 4);
        int next = six ? d[off + 6] & 0xFF : d[off + 9] & 0xFF;
        len = six ? 40 + v.u16(off + 4) : v.u16(off + 2);
        if (six) {
            frag_offset = 0;
            MF = false;
            DF = false;
            bad_checksum = false;
        } else {
            int flags = v.u16(off + 6);
            frag_offset = (flags & 0x1FFF) * 8;
            MF = (flags & 0x2000) != 0;
            DF = (flags & 0x4000) != 0;
            int sum = 0;
            for (int i = 0; i < headerLength; i += 2) {
                sum += v.u16(off + i);
            }
            while ((sum >>> 16) != 0) {
                sum = (sum & 0xFFFF) + (sum >>> 16);
            }
            bad_checksum = sum != 0xFFFF;
        }
        int t = off + headerLength;
        boolean ports = n >= headerLength + 4;
        bad_hdr_len = !ports;
        int sp = 0;
        int dp = 0;
        String p;
        switch (next) {
            case 6: p = "tcp"; break;
            case 17: p = "udp"; break;
            case 1: case 58: p = "icmp"; break;
            default: p = "unknown_transport"; break;
        }
        if (ports && p.equals("icmp")) {
            // A quoted ICMP message: type and counterpart (or code), as connections key it.
            sp = d[t] & 0xFF;
            int counterpart = ConnTracker.icmpCounterpart(sp, next == 58);
            dp = counterpart >= 0 ? counterpart : d[t + 1] & 0xFF;
        } else if (ports && !p.equals("unknown_transport")) {
            sp = v.u16(t);
            dp = v.u16(t + 2);
        }
        proto = p;
        id = new ConnId(src, sp, dst, dp);
    }

    @Override
    public String toString() {
        return "IcmpContext " + proto + " " + id;
    }
}
