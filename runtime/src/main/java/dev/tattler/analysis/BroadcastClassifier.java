package dev.tattler.analysis;

import dev.tattler.decode.PacketView;

/**
 * Decides whether a frame is a broadcast and of which kind, for {@code broadcast_seen}:
 *
 * <pre>
 *  IPv4 dst 255.255.255.255                          → limited
 *  IPv4 dst = broadcast address of a local network   → directed   (configured or learned)
 *  IPv4 dst ≠ 255.255.255.255, MAC ff:ff:ff:ff:ff:ff → directed   (and the network is learned)
 *  any other frame to ff:ff:ff:ff:ff:ff              → ethernet   (ARP, DHCP over non-IP, ...)
 * </pre>
 */
public final class BroadcastClassifier {
    public static final String LIMITED = "limited";
    public static final String DIRECTED = "directed";
    public static final String ETHERNET = "ethernet";
    private static final int LIMITED_BROADCAST = 0xFFFF_FFFF;

    private final LocalNets localNets;
    private LocalNets.Net lastNet;

    public BroadcastClassifier(LocalNets localNets) {
        this.localNets = localNets;
    }

    /**
     * Whether classifying {@code v} can teach this classifier a subnet: it learns only from
     * frames to ff:ff:ff:ff:ff:ff. When no one wants the answer, only those need classifying.
     */
    public static boolean mayLearnFrom(PacketView v) {
        return v.isEthernetBroadcast();
    }

    /** The kind of broadcast, or null for a frame that is not one. */
    public String classify(PacketView v) {
        lastNet = null;
        boolean ethBroadcast = v.isEthernetBroadcast();
        if (v.ipVersion() == 4) {
            int dst = v.ipv4Dst();
            if (dst == LIMITED_BROADCAST) {
                return LIMITED;
            }
            LocalNets.Net net = localNets.directedBroadcastOf(dst);
            if (net == null && ethBroadcast) {
                net = localNets.learn(dst);
            }
            if (net != null) {
                lastNet = net;
                return DIRECTED;
            }
        }
        return ethBroadcast ? ETHERNET : null;
    }

    /** For the last 'directed' answer: the network, as CIDR text. */
    public String lastSubnet() {
        return lastNet == null ? null : lastNet.toString();
    }
}
