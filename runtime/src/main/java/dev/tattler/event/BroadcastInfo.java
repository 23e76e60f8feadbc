package dev.tattler.event;

import org.graalvm.polyglot.HostAccess;

/** A broadcast frame and why it counts as one. */
@Doc("A frame sent to a broadcast address.")
public final class BroadcastInfo {
    @HostAccess.Export @Doc("'directed' (IP to a local network's broadcast address), 'limited' (255.255.255.255) or 'ethernet' (any other frame to ff:ff:ff:ff:ff:ff)")
    public final String kind;
    @HostAccess.Export @Doc("capture time, seconds since the epoch")
    public final double ts;
    @HostAccess.Export @Doc("source MAC, or null")
    public final String mac_src;
    @HostAccess.Export @Doc("destination MAC, or null")
    public final String mac_dst;
    @HostAccess.Export @Doc("IP source address, or null for non-IP frames")
    public final String src;
    @HostAccess.Export @Doc("IP destination address, or null for non-IP frames")
    public final String dst;
    @HostAccess.Export @Doc("'udp', 'tcp', 'icmp', 'arp', 'ip' or null")
    public final String proto;
    @HostAccess.Export @Doc("UDP/TCP source port, or null")
    public final Integer sport;
    @HostAccess.Export @Doc("UDP/TCP destination port, or null")
    public final Integer dport;
    @HostAccess.Export @Doc("for 'directed': the local network (CIDR) whose broadcast address it is; else null")
    public final String subnet;
    @HostAccess.Export @Doc("outermost VLAN id, or null")
    public final Integer vlan;

    public BroadcastInfo(String kind, String subnet, PacketInfo p) {
        this.kind = kind;
        this.subnet = subnet;
        ts = p.ts;
        mac_src = p.mac_src;
        mac_dst = p.mac_dst;
        src = p.src;
        dst = p.dst;
        proto = p.proto;
        sport = p.sport;
        dport = p.dport;
        vlan = p.vlan;
    }

    @Override
    public String toString() {
        return "BroadcastInfo " + kind + " " + src + " > " + dst + (subnet == null ? "" : " (" + subnet + ")");
    }
}
