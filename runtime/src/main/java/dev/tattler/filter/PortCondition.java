package dev.tattler.filter;

import dev.tattler.decode.PacketView;

/**
 * {@code port}, {@code portrange} and their {@code tcp}/{@code udp}/{@code ip}/{@code ip6}
 * qualified forms: a decoded TCP or UDP header whose source and/or destination port is in range.
 * Later IP fragments carry no header, so they never match (as in tcpdump).
 */
final class PortCondition extends Condition {
    private final int layers;
    private final int ipVersion;
    private final Direction direction;
    private final int low;
    private final int high;

    /**
     * @param layers    {@link PacketView#TCP}, {@link PacketView#UDP} or both
     * @param ipVersion 4, 6 or 0 for either
     */
    PortCondition(int layers, int ipVersion, Direction direction, int low, int high) {
        this.layers = layers;
        this.ipVersion = ipVersion;
        this.direction = direction;
        this.low = low;
        this.high = high;
    }

    @Override
    boolean test(PacketView v) {
        return (v.layers() & layers) != 0 && (ipVersion == 0 || v.ipVersion() == ipVersion)
                && direction.of(inRange(v.srcPort()), inRange(v.dstPort()));
    }

    private boolean inRange(int port) {
        return port >= low && port <= high;
    }
}
