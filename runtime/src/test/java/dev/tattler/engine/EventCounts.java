package dev.tattler.engine;

import dev.tattler.event.ArpInfo;
import dev.tattler.event.BroadcastInfo;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventType;
import dev.tattler.event.PacketInfo;
import dev.tattler.event.WeirdInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what an engine run published, in the categories of the corpus MANIFEST's tshark
 * counts, through ordinary Java handlers on the {@link EventBus}.
 */
final class EventCounts {
    long rawPackets;
    long arpRequests;
    long arpReplies;
    long badArps;
    /** arp_request + arp_reply with spa == tpa (bad_arp is neither). */
    long gratuitous;
    long udpRequests;
    long udpReplies;
    /** broadcast_seen kind=limited, any protocol / UDP only. */
    long limited;
    long limitedUdp;
    /** broadcast_seen kind=directed, any protocol / UDP only. */
    long directed;
    long directedUdp;
    long ethernetBroadcasts;
    long vlanTagged;
    long ipv6;
    final Map<String, Long> weirds = new TreeMap<>();
    final List<String> failures = new ArrayList<>();
    final List<BroadcastInfo> broadcasts = new ArrayList<>();
    final List<String> arpLines = new ArrayList<>();

    long udp() {
        return udpRequests + udpReplies;
    }

    /** Subscribes the counting handlers. */
    void subscribe(EventBus bus) {
        bus.subscribe(EventType.RAW_PACKET, Corpus.handler("count:raw_packet", (a, b) -> {
            PacketInfo p = (PacketInfo) a;
            rawPackets++;
            if (p.vlan != null) {
                vlanTagged++;
            }
            if (p.ip_version != null && p.ip_version == 6) {
                ipv6++;
            }
        }), 0);
        bus.subscribe(EventType.ARP_REQUEST, Corpus.handler("count:arp_request", (a, b) -> {
            ArpInfo arp = (ArpInfo) a;
            arpRequests++;
            if (arp.gratuitous) {
                gratuitous++;
            }
            arpLines.add(arpLine(arp));
        }), 0);
        bus.subscribe(EventType.ARP_REPLY, Corpus.handler("count:arp_reply", (a, b) -> {
            ArpInfo arp = (ArpInfo) a;
            arpReplies++;
            if (arp.gratuitous) {
                gratuitous++;
            }
            arpLines.add(arpLine(arp));
        }), 0);
        bus.subscribe(EventType.BAD_ARP, Corpus.handler("count:bad_arp", (a, b) -> {
            ArpInfo arp = (ArpInfo) a;
            badArps++;
            // Zeek's bad_arp(SPA, SHA, TPA, THA, explanation), as scripts.base.protocols.arp.bad prints it.
            arpLines.add("BAD, " + arp.spa + ", " + arp.sha + ", " + arp.tpa + ", " + arp.tha + ", " + b);
        }), 0);
        bus.subscribe(EventType.UDP_REQUEST, Corpus.handler("count:udp_request", (a, b) -> udpRequests++), 0);
        bus.subscribe(EventType.UDP_REPLY, Corpus.handler("count:udp_reply", (a, b) -> udpReplies++), 0);
        bus.subscribe(EventType.BROADCAST_SEEN, Corpus.handler("count:broadcast_seen", (a, b) -> {
            BroadcastInfo info = (BroadcastInfo) a;
            broadcasts.add(info);
            boolean udp = "udp".equals(info.proto);
            switch (info.kind) {
                case "limited":
                    limited++;
                    limitedUdp += udp ? 1 : 0;
                    break;
                case "directed":
                    directed++;
                    directedUdp += udp ? 1 : 0;
                    break;
                case "ethernet":
                    ethernetBroadcasts++;
                    break;
                default:
                    failures.add("unknown broadcast kind " + info.kind);
            }
        }), 0);
        bus.subscribe(EventType.WEIRD, Corpus.handler("count:weird", (a, b) -> {
            WeirdInfo w = (WeirdInfo) a;
            weirds.merge(w.name, 1L, Long::sum);
        }), 0);
    }

    /** Zeek's arp_request/arp_reply line: "mac_src, mac_dst, SPA, SHA, TPA, THA". */
    static String arpLine(ArpInfo arp) {
        return arp.mac_src + ", " + arp.mac_dst + ", " + arp.spa + ", " + arp.sha + ", " + arp.tpa + ", " + arp.tha;
    }

    /** UDP broadcast_seen events of kind directed to an x.x.x.255 address (tshark's "toX.X.X.255"). */
    long directedUdpToDot255() {
        long n = 0;
        for (BroadcastInfo b : broadcasts) {
            if ("directed".equals(b.kind) && "udp".equals(b.proto) && b.dst != null && b.dst.endsWith(".255")) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "raw=" + rawPackets + " req=" + arpRequests + " rep=" + arpReplies + " bad=" + badArps
                + " grat=" + gratuitous + " udp=" + udp() + " (" + udpRequests + "+" + udpReplies + ")"
                + " limited=" + limited + "/" + limitedUdp + " directed=" + directed + "/" + directedUdp
                + " dot255udp=" + directedUdpToDot255() + " eth=" + ethernetBroadcasts
                + " vlan=" + vlanTagged + " ipv6=" + ipv6 + " weirds=" + weirds;
    }
}
