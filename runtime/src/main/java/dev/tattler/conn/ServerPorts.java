package dev.tattler.conn;

/**
 * Zeek's {@code likely_server_ports}: ports that identify the server side of a flow whose
 * start Tattler did not see. When the first packet of a TCP flow is not a bare SYN, or the
 * first packet of a UDP flow, comes <em>from</em> such a port and goes to a port that is not
 * one, the roles flip: the receiver becomes the originator and history starts with {@code ^}.
 *
 * <p>{@link #ZEEK_DEFAULT} is the set Zeek's default script set registers (each protocol script
 * adds its well-known ports); in bare mode ({@code zeek -b}) Zeek has only the loaded
 * protocols' ports, so a flow Zeek leaves unflipped there may flip here.
 */
public final class ServerPorts {
    /** The ports of Zeek's default (non-bare) script set, TCP and UDP apart. */
    public static final ServerPorts ZEEK_DEFAULT = new ServerPorts(
            new int[] {
                21, 22, 25, 53, 80, 81, 88, 110, 135, 139, 143, 389, 443, 445, 502, 563, 585, 587,
                614, 631, 636, 989, 990, 992, 993, 995, 1080, 1434, 1883, 2811, 3128, 3268,
                3306, 3389, 5222, 5223, 5269, 5432, 6379, 6666, 6667, 6668, 6669, 8000, 8080, 8888,
                20000},
            new int[] {
                53, 67, 88, 123, 137, 161, 162, 389, 443, 514, 750, 1812, 2123, 2152, 3389, 3478,
                3544, 4789, 5060, 5072, 5353, 5355, 6081, 20000});

    private final long[] tcp = new long[1024];
    private final long[] udp = new long[1024];

    private ServerPorts(int[] tcpPorts, int[] udpPorts) {
        for (int p : tcpPorts) {
            tcp[p >>> 6] |= 1L << p;
        }
        for (int p : udpPorts) {
            udp[p >>> 6] |= 1L << p;
        }
    }

    /** A set of its own: exactly these TCP and UDP ports. */
    public static ServerPorts of(int[] tcpPorts, int[] udpPorts) {
        for (int[] list : new int[][] {tcpPorts, udpPorts}) {
            for (int p : list) {
                if (p < 0 || p > 65_535) {
                    throw new IllegalArgumentException("not a port: " + p);
                }
            }
        }
        return new ServerPorts(tcpPorts, udpPorts);
    }

    /** This set and some more ports (as a script's {@code redef likely_server_ports += {...}}). */
    public ServerPorts plus(int[] tcpPorts, int[] udpPorts) {
        ServerPorts p = of(tcpPorts, udpPorts);
        for (int i = 0; i < p.tcp.length; i++) {
            p.tcp[i] |= tcp[i];
            p.udp[i] |= udp[i];
        }
        return p;
    }

    public boolean tcp(int port) {
        return (tcp[port >>> 6] & (1L << port)) != 0;
    }

    public boolean udp(int port) {
        return (udp[port >>> 6] & (1L << port)) != 0;
    }
}
