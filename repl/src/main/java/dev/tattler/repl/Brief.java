package dev.tattler.repl;

import dev.tattler.event.ArpInfo;
import dev.tattler.event.BroadcastInfo;
import dev.tattler.event.ConnInfo;
import dev.tattler.event.IcmpError;
import dev.tattler.event.IcmpInfo;
import dev.tattler.event.NoticeInfo;
import dev.tattler.event.PacketInfo;
import dev.tattler.event.WeirdInfo;

/**
 * One short line for an event's argument, as a watch prints it when given no expression:
 * the parts an analyst scans for (addresses, ports, uid, note), not every field.
 */
final class Brief {
    private Brief() {
    }

    /** The event's arguments, each described, joined; null arguments are left out. */
    static String of(Object first, Object second) {
        String a = of(first);
        String b = of(second);
        if (a == null) {
            return b == null ? "" : b;
        }
        return b == null ? a : a + "  " + b;
    }

    static String of(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof PacketInfo p) {
            return packet(p);
        }
        if (o instanceof ConnInfo c) {
            return c.uid + " " + c.proto + " " + c.id.orig_h + ":" + c.id.orig_p + " > " + c.id.resp_h + ":"
                    + c.id.resp_p + " " + c.conn_state;
        }
        if (o instanceof NoticeInfo n) {
            return n.note + ": " + (n.msg == null ? "" : n.msg);
        }
        if (o instanceof WeirdInfo w) {
            return w.name + (w.addl == null ? "" : " (" + w.addl + ")");
        }
        if (o instanceof ArpInfo a) {
            String what = a.op == 1 ? "who-has " + a.tpa + " tell " + a.spa : a.op == 2 ? a.spa + " is-at " + a.sha
                    : "op " + a.op + " " + a.spa + " > " + a.tpa;
            return "ARP " + what + (a.gratuitous ? " (gratuitous)" : "") + " from " + a.mac_src;
        }
        if (o instanceof BroadcastInfo b) {
            return b.kind + " broadcast " + (b.src == null ? b.mac_src : b.src) + " > "
                    + (b.dst == null ? b.mac_dst : b.dst) + (b.dport == null ? "" : ":" + b.dport);
        }
        if (o instanceof IcmpInfo i) {
            return "icmp type " + i.itype + " code " + i.icode + " id " + i.id + " seq " + i.seq;
        }
        if (o instanceof IcmpError e) {
            return "icmp type " + e.itype + " code " + e.icode;
        }
        return String.valueOf(o);
    }

    private static String packet(PacketInfo p) {
        if (p.src == null) {
            return "#" + p.number + " " + (p.proto == null ? "" : p.proto + " ") + p.mac_src + " > " + p.mac_dst;
        }
        String src = p.sport == null ? p.src : p.src + ":" + p.sport;
        String dst = p.dport == null ? p.dst : p.dst + ":" + p.dport;
        return "#" + p.number + " " + src + " > " + dst + " " + p.proto
                + (p.payload_len == null ? "" : " len=" + p.payload_len);
    }
}
