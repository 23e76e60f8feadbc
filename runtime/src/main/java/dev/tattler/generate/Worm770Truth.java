package dev.tattler.generate;

import java.util.List;

/**
 * What a generated worm770 capture contains, taken from the frames as they were written (with
 * their final timestamps), so that a detector test can hold its findings against it: which
 * hosts are infected and what they did, which hosts conversed with the broadcast address and
 * went silent, the healthy look-alikes, and the {@link GroundTruth} counts of the whole file and
 * of the LAN background alone.
 *
 * @param infected   the infected hosts, in the order they were created
 * @param affected   the LAN workstations that "converse" with the broadcast address after the
 *                   infection starts and drop off the network a few minutes later
 * @param bursts     complete bursts in the file, all infected hosts together
 * @param lookalikes the healthy look-alike traffic (all zero unless asked for)
 * @param capture    counts over every frame of the file
 * @param background counts over the LAN background alone: the file minus the frames the
 *                   incident and the look-alikes added (including the answers and ARP they caused)
 */
public record Worm770Truth(List<InfectedHost> infected, List<AffectedHost> affected, long bursts,
        Lookalikes lookalikes, GroundTruth capture, GroundTruth background) {

    public Worm770Truth {
        infected = List.copyOf(infected);
        affected = List.copyOf(affected);
    }

    /**
     * One infected host.
     *
     * @param name            its NetBIOS name
     * @param ip              its address (network order, as {@link FrameBuilder} takes it)
     * @param mac             its MAC, low 48 bits
     * @param vlan            the 802.1Q id its frames carry (the inner one under QinQ), -1 untagged
     * @param selfArpNanos    when it ARPed for its own address (plugged in): its first frame
     * @param firstSeenNanos  its first frame
     * @param lastSeenNanos   its last frame
     * @param bursts          its bursts of five port-770 datagrams
     * @param broadcastBursts those of them sent to the directed broadcast (the rest went unicast)
     */
    public record InfectedHost(String name, int ip, long mac, int vlan, long selfArpNanos, long firstSeenNanos,
            long lastSeenNanos, long bursts, long broadcastBursts) {

        public String ipString() {
            return FrameBuilder.ipString(ip);
        }

        public String macString() {
            return FrameBuilder.macString(mac);
        }
    }

    /**
     * A workstation the infection affects: from {@code conversesFromNanos} on it sends BROWSER
     * announcements and name queries for the infected host to the directed broadcast, and from
     * {@code silentFromNanos} on it sends nothing at all.
     *
     * @param wentSilent    whether the silence began before the capture ended
     * @param lastSeenNanos its last frame in the file (0 if none)
     */
    public record AffectedHost(String name, int ip, long mac, long conversesFromNanos, long silentFromNanos,
            boolean wentSilent, long lastSeenNanos) {

        public String ipString() {
            return FrameBuilder.ipString(ip);
        }

        public String macString() {
            return FrameBuilder.macString(mac);
        }
    }

    /**
     * Healthy traffic that shares some but not all features of the worm's bursts, which a
     * detector must not report.
     *
     * @param single770             single datagrams from source port 770 (a service answering
     *                              on that port; a lone 28-byte datagram to the broadcast right
     *                              after a legitimate one)
     * @param nonConsecutiveBursts  five 28-byte datagrams from port 770 to unrelated ports
     * @param otherPayloadBursts    five datagrams from port 770 to consecutive ports, payload ≠ 28
     * @param otherSourcePortBursts five 28-byte datagrams to consecutive ports from a port ≠ 770
     */
    public record Lookalikes(long single770, long nonConsecutiveBursts, long otherPayloadBursts,
            long otherSourcePortBursts) {

        public static final Lookalikes NONE = new Lookalikes(0, 0, 0, 0);

        public long total() {
            return single770 + nonConsecutiveBursts + otherPayloadBursts + otherSourcePortBursts;
        }
    }

    /** The affected hosts that went silent within the capture. */
    public List<AffectedHost> silent() {
        return affected.stream().filter(AffectedHost::wentSilent).toList();
    }
}
