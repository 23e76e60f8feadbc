package dev.tattler.event;

import dev.tattler.decode.Addresses;
import dev.tattler.decode.PacketView;
import org.graalvm.polyglot.HostAccess;

/**
 * An ARP packet as handlers see it. Address fields are read where the header's own length
 * fields put them, as Zeek does, so a corrupt header shows what its bytes say; a hardware
 * address field shorter than 6 bytes reads as "" and a protocol address shorter than 4 as
 * 0.0.0.0 (Zeek's convention).
 */
@Doc("An ARP request, reply or malformed ARP packet.")
public final class ArpInfo {
    private static final String NO_MAC = "00:00:00:00:00:00";

    @HostAccess.Export @Doc("capture time, seconds since the epoch")
    public final double ts;
    @HostAccess.Export @Doc("frame number in the capture, from 1 (for tattler.evidence)")
    public final long number;
    @HostAccess.Export @Doc("Ethernet source MAC of the frame")
    public final String mac_src;
    @HostAccess.Export @Doc("Ethernet destination MAC; 00:00:00:00:00:00 on Linux cooked captures, which carry none")
    public final String mac_dst;
    @HostAccess.Export @Doc("sender hardware address (from the ARP header)")
    public final String sha;
    @HostAccess.Export @Doc("sender protocol (IPv4) address")
    public final String spa;
    @HostAccess.Export @Doc("target hardware address")
    public final String tha;
    @HostAccess.Export @Doc("target protocol (IPv4) address")
    public final String tpa;
    @HostAccess.Export @Doc("opcode: 1 request, 2 reply, other values only in bad_arp")
    public final int op;
    @HostAccess.Export @Doc("outermost VLAN id, or null")
    public final Integer vlan;
    @HostAccess.Export @Doc("true when the sender announces its own address: spa equals tpa")
    public final boolean gratuitous;
    @HostAccess.Export @Doc("true for an RFC 5227 probe: request with spa 0.0.0.0")
    public final boolean probe;

    public ArpInfo(PacketView v) {
        byte[] d = v.data();
        ts = Times.seconds(v.timestampNanos());
        number = v.number();
        mac_src = v.macSrc() >= 0 ? Addresses.mac(d, v.macSrc()) : NO_MAC;
        mac_dst = v.macDst() >= 0 ? Addresses.mac(d, v.macDst()) : NO_MAC;
        int hln = v.arpHardwareLength();
        int pln = v.arpProtocolLength();
        sha = hln < 6 ? "" : Addresses.mac(d, v.arpSha());
        tha = hln < 6 ? "" : Addresses.mac(d, v.arpTha());
        spa = pln < 4 ? "0.0.0.0" : Addresses.ipv4(d, v.arpSpa());
        tpa = pln < 4 ? "0.0.0.0" : Addresses.ipv4(d, v.arpTpa());
        op = v.arpOp();
        vlan = v.vlan() >= 0 ? v.vlan() : null;
        gratuitous = pln >= 4 && v.i32(v.arpSpa()) == v.i32(v.arpTpa());
        probe = op == 1 && pln >= 4 && v.i32(v.arpSpa()) == 0;
    }

    @Override
    public String toString() {
        return "ArpInfo op=" + op + " " + sha + "/" + spa + " -> " + tha + "/" + tpa;
    }
}
