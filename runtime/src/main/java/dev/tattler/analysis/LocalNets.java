package dev.tattler.analysis;

import dev.tattler.decode.Addresses;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The IPv4 networks considered local, for telling a directed broadcast (192.168.1.255 on
 * 192.168.1.0/24) from a unicast address. Networks come from {@code --local-nets} and are
 * learned from traffic: an IP packet sent to the Ethernet broadcast MAC at an address other
 * than 255.255.255.255 and ending in .255 is a directed broadcast, and its run of trailing one
 * bits, rounded down to whole octets, gives the prefix (192.168.1.255 → /24). Smaller subnets
 * (a /25's .127) are only known from {@code --local-nets}: a DHCP server answering a host at
 * the broadcast MAC must not teach a /30.
 */
public final class LocalNets {
    /** Learning needs a last octet of 255, so a unicast reply sent to ff:ff.. teaches nothing. */
    private static final int MIN_HOST_BITS = 8;

    private final List<Net> nets = new ArrayList<>();
    private final List<Net> configured;

    /** One IPv4 network. */
    public static final class Net {
        final int network;
        final int mask;
        final int prefix;
        final boolean learned;
        private final String cidr;

        Net(int network, int prefix, boolean learned) {
            this.prefix = prefix;
            this.mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            this.network = network & mask;
            this.learned = learned;
            this.cidr = Addresses.ipv4(this.network) + "/" + prefix;
        }

        int broadcast() {
            return network | ~mask;
        }

        public boolean contains(int address) {
            return (address & mask) == network;
        }

        public boolean isLearned() {
            return learned;
        }

        @Override
        public String toString() {
            return cidr;
        }
    }

    public LocalNets(List<String> cidrs) {
        for (String cidr : cidrs) {
            if (!cidr.contains(":")) { // IPv6 has no broadcast; its networks matter to isLocal only
                nets.add(parse(cidr));
            }
        }
        configured = List.copyOf(nets);
    }

    /** Parses "a.b.c.d/n" (a bare address means /32); throws IllegalArgumentException with a clear message. */
    public static Net parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        int prefix = 32;
        String address = text;
        if (slash >= 0) {
            address = text.substring(0, slash);
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException("bad prefix length in '" + cidr + "' (expected 0..32)");
            }
        }
        try {
            return new Net(Addresses.parseIpv4(address), prefix, false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IPv4 network: '" + cidr + "' (expected e.g. 192.168.1.0/24)");
        }
    }

    /** The network whose directed-broadcast address {@code address} is, or null. */
    public Net directedBroadcastOf(int address) {
        for (int i = 0, n = nets.size(); i < n; i++) {
            Net net = nets.get(i);
            if (net.prefix <= 30 && net.broadcast() == address) {
                return net;
            }
        }
        return null;
    }

    /**
     * Learns a directed-broadcast address seen on the wire; returns its network, or null when
     * the address cannot be one (too few trailing one bits).
     */
    public Net learn(int address) {
        int hostBits = Integer.numberOfTrailingZeros(~address);
        if (hostBits < MIN_HOST_BITS || hostBits >= 32) {
            return null;
        }
        // Fix: the whole run of trailing ones made 192.168.1.255 a /23 (1 = 0b00000001 adds a
        // ninth one bit), not the /24 this class documents; likewise 10.0.3.255 became /22.
        // From 8 host bits on, round down to an octet boundary: x.x.1.255 -> /24,
        // 172.16.255.255 -> /16, 10.255.255.255 -> /8; shorter runs stay (x.x.x.127 -> /25).
        if (hostBits >= 8) {
            hostBits -= hostBits % 8;
        }
        Net net = new Net(address, 32 - hostBits, true);
        nets.add(net);
        return net;
    }

    /** True when {@code address} lies in a configured (not learned) network. */
    public boolean isConfiguredLocal(int address) {
        for (Net net : configured) {
            if (net.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public List<Net> all() {
        return Collections.unmodifiableList(nets);
    }
}
