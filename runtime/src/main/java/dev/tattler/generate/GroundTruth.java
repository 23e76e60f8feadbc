package dev.tattler.generate;

/**
 * What a generated capture contains, counted from the bytes of each frame as it was written
 * (frames cut off by the end of the capture are not counted), so a test can hold the engine's
 * event counts against it.
 *
 * <p>The ARP counts overlap on purpose, the way the engine's events do: a gratuitous request is
 * also an ARP request, and a probe is also a request.
 *
 * @param frames                 records written
 * @param firstNanos             timestamp of the first record, ns since the epoch (0 if none)
 * @param lastNanos              timestamp of the last record
 * @param vlanTagged             frames carrying at least one 802.1Q/802.1ad tag
 * @param ethernetBroadcast      frames to ff:ff:ff:ff:ff:ff
 * @param arpRequests            ARP with op 1 (gratuitous requests and probes included)
 * @param arpReplies             ARP with op 2 (gratuitous replies included)
 * @param gratuitousArps         ARP with sender == target protocol address (≠ 0.0.0.0), any op:
 *                               a host announcing, "ARPing for its own address"
 * @param arpProbes              ARP requests with sender address 0.0.0.0 (RFC 5227 probes)
 * @param ipv4Packets            IPv4 packets
 * @param udpPackets             UDP datagrams (the UDP headers quoted inside ICMP errors are not)
 * @param udpToLimitedBroadcast  UDP to 255.255.255.255 (DHCP)
 * @param udpToDirectedBroadcast UDP to the scenario subnet's directed broadcast (NetBIOS)
 * @param udpToMulticast         UDP to 224.0.0.0/4 (SSDP)
 * @param tcpPackets             TCP segments
 * @param tcpSyns                TCP segments with SYN and without ACK: connection attempts
 * @param icmpPackets            ICMP messages of any type
 * @param icmpEchoRequests       ICMP type 8
 * @param icmpEchoReplies        ICMP type 0
 * @param icmpTimeExceeded       ICMP type 11
 * @param icmpUnreachable        ICMP type 3
 * @param tracerouteProbes       the UDP probes of traceroute runs (a look-alike of the worm's
 *                               consecutive destination ports that a detector must ignore)
 */
public record GroundTruth(
        long frames,
        long firstNanos,
        long lastNanos,
        long vlanTagged,
        long ethernetBroadcast,
        long arpRequests,
        long arpReplies,
        long gratuitousArps,
        long arpProbes,
        long ipv4Packets,
        long udpPackets,
        long udpToLimitedBroadcast,
        long udpToDirectedBroadcast,
        long udpToMulticast,
        long tcpPackets,
        long tcpSyns,
        long icmpPackets,
        long icmpEchoRequests,
        long icmpEchoReplies,
        long icmpTimeExceeded,
        long icmpUnreachable,
        long tracerouteProbes) {
}
