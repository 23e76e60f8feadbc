package dev.tattler.repl;

import dev.tattler.event.ArpInfo;
import dev.tattler.event.PacketInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-host traffic for {@code .hosts}: the MACs a host used, packets and bytes it sent, how
 * many of them were broadcasts, first and last seen. A sender is its IP address; an ARP
 * packet counts for its sender protocol address (the host ARPing), a frame without an IP
 * address (or from 0.0.0.0, a DHCP client) for its source MAC. Bounded: past {@link #MAX_HOSTS} new senders are only counted.
 */
final class HostTable {
    static final int MAX_HOSTS = 100_000;
    private static final int MAX_MACS = 8;

    private static final class Stats {
        final Set<String> macs = new LinkedHashSet<>();
        long pkts;
        long bytes;
        long bcast;
        double first;
        double last;
    }

    private final Map<String, Stats> hosts = new HashMap<>();
    private long overflow;
    /** The sender of the frame counted last, and its number: broadcast_seen follows for the same frame. */
    private Stats lastSender;
    private long lastFrame = -1;

    /** Any frame but ARP (which {@link #arp} counts, under the address it speaks for). */
    void packet(PacketInfo p) {
        if ("arp".equals(p.proto)) {
            return;
        }
        String key = sender(p.src, p.mac_src);
        if (key != null) {
            count(key, p.mac_src, p.len, p.ts, p.number);
        }
    }

    /** The IP address, unless it is none or unspecified (a DHCP client): then the MAC. */
    private static String sender(String ip, String mac) {
        return ip != null && !ip.equals("0.0.0.0") && !ip.equals("::") ? ip : mac;
    }

    void arp(ArpInfo a, PacketInfo p) {
        String key = sender(a.spa, a.sha);
        if (key != null) {
            count(key, a.mac_src, p == null ? 0 : p.len, a.ts, a.number);
        }
    }

    /** A broadcast frame (broadcast_seen): counted for the sender its packet was counted for. */
    void broadcast(PacketInfo p) {
        if (lastSender != null && lastFrame == p.number) {
            lastSender.bcast++;
        }
    }

    private void count(String key, String mac, int len, double ts, long frame) {
        Stats s = hosts.get(key);
        if (s == null) {
            if (hosts.size() >= MAX_HOSTS) {
                overflow++;
                return;
            }
            s = new Stats();
            s.first = ts;
            hosts.put(key, s);
        }
        if (mac != null && s.macs.size() < MAX_MACS) {
            s.macs.add(mac);
        }
        s.pkts++;
        s.bytes += len;
        s.last = Math.max(s.last, ts);
        lastSender = s;
        lastFrame = frame;
    }

    /** Snapshots, most packets first. */
    List<HostInfo> snapshot() {
        List<HostInfo> out = new ArrayList<>(hosts.size());
        for (Map.Entry<String, Stats> e : hosts.entrySet()) {
            Stats s = e.getValue();
            out.add(new HostInfo(e.getKey(), s.macs.toArray(), s.pkts, s.bytes, s.bcast, s.first, s.last));
        }
        out.sort(Comparator.comparingLong((HostInfo h) -> -h.pkts).thenComparing(h -> h.host));
        return out;
    }

    int size() {
        return hosts.size();
    }

    /** Frames from senders past the cap, not counted per host. */
    long overflow() {
        return overflow;
    }
}
