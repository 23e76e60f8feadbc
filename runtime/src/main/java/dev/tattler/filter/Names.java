package dev.tattler.filter;

import java.util.HashMap;
import java.util.Map;

/** tcpdump's named constants for byte expressions ({@code tcp[tcpflags] & tcp-syn != 0}). */
final class Names {
    private static final Map<String, Integer> CONSTANTS = new HashMap<>();

    static {
        int[] tcp = {13, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80};
        String[] tcpNames = {"tcpflags", "tcp-fin", "tcp-syn", "tcp-rst", "tcp-push", "tcp-ack", "tcp-urg",
            "tcp-ece", "tcp-cwr"};
        put(tcpNames, tcp);
        put(new String[] {"icmptype", "icmpcode", "icmp6type", "icmp6code"}, new int[] {0, 1, 0, 1});
        put(new String[] {"icmp-echoreply", "icmp-unreach", "icmp-sourcequench", "icmp-redirect", "icmp-echo",
            "icmp-routeradvert", "icmp-routersolicit", "icmp-timxceed", "icmp-paramprob", "icmp-tstamp",
            "icmp-tstampreply", "icmp-ireq", "icmp-ireqreply", "icmp-maskreq", "icmp-maskreply"},
            new int[] {0, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18});
        put(new String[] {"icmp6-destinationunreach", "icmp6-packettoobig", "icmp6-timeexceeded",
            "icmp6-parameterproblem", "icmp6-echo", "icmp6-echoreply", "icmp6-multicastlistenerquery",
            "icmp6-multicastlistenerreportv1", "icmp6-multicastlistenerdone", "icmp6-routersolicit",
            "icmp6-routeradvert", "icmp6-neighborsolicit", "icmp6-neighboradvert", "icmp6-redirect"},
            new int[] {1, 2, 3, 4, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137});
    }

    private Names() {
    }

    private static void put(String[] names, int[] values) {
        for (int i = 0; i < names.length; i++) {
            CONSTANTS.put(names[i], values[i]);
        }
    }

    /** The value of a named constant, or null. */
    static Integer constant(String name) {
        return CONSTANTS.get(name);
    }
}
