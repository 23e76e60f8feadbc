package dev.tattler.generate;

import java.util.HashMap;
import java.util.Map;

/**
 * A machine in a generated scenario, with the per-host state real stacks keep and that shows
 * in a capture: the IP identification counter, the next ephemeral port and the ARP cache.
 * Shared by {@link LanScenario} and the scenarios that add hosts to its LAN, so that every
 * frame a host sends continues the same counters whichever scenario schedules it.
 */
final class Station {
    final String name;
    final long mac;
    final int ttl;
    final long arpLifetimeMin;
    final long arpLifetimeMax;
    /** IP address -> {resolved at, expires at} in ns. */
    final Map<Integer, long[]> arp = new HashMap<>();
    int ip;
    int ipId;
    int port;

    Station(String name, long mac, int ip, int ttl, int ipId, int firstPort, long arpLifetimeMin,
            long arpLifetimeMax) {
        this.name = name;
        this.mac = mac;
        this.ip = ip;
        this.ttl = ttl;
        this.ipId = ipId;
        this.port = firstPort;
        this.arpLifetimeMin = arpLifetimeMin;
        this.arpLifetimeMax = arpLifetimeMax;
    }

    int nextId() {
        return ipId++ & 0xFFFF;
    }

    /** Windows hands out ephemeral ports sequentially from 49152. */
    int nextPort() {
        int p = port++;
        if (port > 65535) {
            port = 49152;
        }
        return p;
    }
}
