package dev.tattler.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The event catalogue: every event a script can subscribe to, its arguments and when it fires.
 * `tattler events`, docs/events.md and the "did you mean" check at load time all read this.
 */
public enum EventType {
    TATTLER_INIT("tattler_init", "Once, before the first packet.", list()),
    TATTLER_DONE("tattler_done", "Once, after the last packet (also at shutdown).", list()),
    RAW_PACKET("raw_packet", "Every packet whose link header Tattler understands.",
            list(new Arg("p", PacketInfo.class))),
    ARP_REQUEST("arp_request", "Each well-formed ARP request (opcode 1).",
            list(new Arg("arp", ArpInfo.class))),
    ARP_REPLY("arp_reply", "Each well-formed ARP reply (opcode 2).",
            list(new Arg("arp", ArpInfo.class))),
    BAD_ARP("bad_arp", "An ARP packet with an unsupported or inconsistent header, with Zeek's explanation"
            + " (e.g. 'corrupt-arp-header (hrd=1, hln=255)', 'weird-arp-sha').",
            list(new Arg("arp", ArpInfo.class), new Arg("explanation", String.class))),
    UDP_REQUEST("udp_request", "Each UDP packet sent by the connection's originator.",
            list(new Arg("c", ConnInfo.class), new Arg("p", PacketInfo.class))),
    UDP_REPLY("udp_reply", "Each UDP packet sent by the connection's responder.",
            list(new Arg("c", ConnInfo.class), new Arg("p", PacketInfo.class))),
    NEW_CONNECTION("new_connection", "The first packet of a new connection (TCP, UDP, ICMP or another IP"
            + " protocol), before that packet is counted.",
            list(new Arg("c", ConnInfo.class))),
    CONNECTION_ESTABLISHED("connection_established", "A TCP responder answered the handshake (its SYN-ACK).",
            list(new Arg("c", ConnInfo.class))),
    CONNECTION_ATTEMPT("connection_attempt", "A TCP SYN went unanswered for 5 s (the attempt delay); the"
            + " connection is removed right after (state S0).",
            list(new Arg("c", ConnInfo.class))),
    CONNECTION_STATE_REMOVE("connection_state_remove", "A connection ends: closed, reset, timed out, evicted"
            + " at the connection cap, or still open at the end of input. Its conn.log row is written after.",
            list(new Arg("c", ConnInfo.class))),
    ICMP_ECHO_REQUEST("icmp_echo_request", "An ICMP or ICMPv6 echo request (ping).",
            list(new Arg("c", ConnInfo.class), new Arg("icmp", IcmpInfo.class))),
    ICMP_ECHO_REPLY("icmp_echo_reply", "An ICMP or ICMPv6 echo reply.",
            list(new Arg("c", ConnInfo.class), new Arg("icmp", IcmpInfo.class))),
    ICMP_UNREACHABLE("icmp_unreachable", "An ICMP or ICMPv6 destination unreachable; icmp.ctx is the packet"
            + " it quotes.",
            list(new Arg("c", ConnInfo.class), new Arg("icmp", IcmpError.class))),
    ICMP_TIME_EXCEEDED("icmp_time_exceeded", "An ICMP or ICMPv6 time exceeded (e.g. a traceroute hop); icmp.ctx"
            + " is the packet it quotes.",
            list(new Arg("c", ConnInfo.class), new Arg("icmp", IcmpError.class))),
    BROADCAST_SEEN("broadcast_seen", "Once per broadcast frame: IP to a local network's broadcast address"
            + " ('directed'), to 255.255.255.255 ('limited'), or any other frame to ff:ff:ff:ff:ff:ff ('ethernet').",
            list(new Arg("b", BroadcastInfo.class), new Arg("p", PacketInfo.class))),
    WEIRD("weird", "Malformed or unexpected input (see docs/weirds.md); p is null when the capture"
            + " file itself is at fault.",
            list(new Arg("w", WeirdInfo.class), new Arg("p", PacketInfo.class))),
    NOTICE("notice", "A notice was raised and written to notice.log (suppressed notices raise nothing).",
            list(new Arg("n", NoticeInfo.class)));

    /** One argument of an event handler. */
    public static final class Arg {
        public final String name;
        public final Class<?> type;

        Arg(String name, Class<?> type) {
            this.name = name;
            this.type = type;
        }
    }

    private final String scriptName;
    private final String description;
    private final List<Arg> args;

    EventType(String scriptName, String description, List<Arg> args) {
        this.scriptName = scriptName;
        this.description = description;
        this.args = args;
    }

    private static List<Arg> list(Arg... args) {
        return Collections.unmodifiableList(List.of(args));
    }

    /** The name scripts use, e.g. "udp_request". */
    public String scriptName() {
        return scriptName;
    }

    public String description() {
        return description;
    }

    public List<Arg> args() {
        return args;
    }

    /**
     * True for the events raised about the packet being processed (raw_packet, arp_*, udp_*,
     * icmp_*, new_connection, ...): only those take a packet filter. tattler_init/done,
     * connection_attempt and connection_state_remove (raised from timers and at the end) and
     * notice are not about a packet. A weird is, except one about the capture file or a timer.
     */
    public boolean raisedForPacket() {
        switch (this) {
            case TATTLER_INIT:
            case TATTLER_DONE:
            case CONNECTION_ATTEMPT:
            case CONNECTION_STATE_REMOVE:
            case NOTICE:
                return false;
            default:
                return true;
        }
    }

    /** The event called {@code name}, or null. */
    public static EventType byName(String name) {
        for (EventType t : values()) {
            if (t.scriptName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Catalogue names closest to a misspelt one (edit distance at most 3), best first. */
    public static List<String> suggestions(String name) {
        List<String> out = new ArrayList<>();
        int best = 4;
        for (EventType t : values()) {
            int d = editDistance(name, t.scriptName);
            if (d < best) {
                out.clear();
                best = d;
            }
            if (d == best) {
                out.add(t.scriptName);
            }
        }
        if (out.isEmpty()) {
            for (EventType t : values()) {
                if (t.scriptName.contains(name) || name.contains(t.scriptName)) {
                    out.add(t.scriptName);
                }
            }
        }
        return out;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
