package dev.tattler.repl;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PacketRecord;
import dev.tattler.decode.Addresses;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.event.PacketInfo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Looks at one frame the way an analyst does: a one-line summary (scapy's {@code summary()}),
 * every decoded layer and field ({@code .show}), a hex dump ({@code .hex}), and the
 * {@link PacketInfo} scripts see. It decodes with its own decoder and view, so looking never
 * disturbs the engine; weirds met while decoding are listed by {@code .show}, not logged.
 * Engine thread only.
 */
final class Dissector {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS 'UTC'").withZone(ZoneOffset.UTC);

    private final List<String> weirds = new ArrayList<>();
    private final PacketDecoder decoder = new PacketDecoder((name, addl, v) -> weirds.add(addl == null ? name
            : name + " (" + addl + ")"));
    private final PacketView view = new PacketView();

    private PacketView decode(PacketRecord r) {
        weirds.clear();
        decoder.decode(r, view);
        return view;
    }

    /** What scripts would get as {@code p} for this frame. */
    PacketInfo info(PacketRecord r) {
        return new PacketInfo(decode(r));
    }

    /** "17  10:00:01.234567  192.168.1.5:138 > 192.168.1.255:138  UDP len=201". */
    String summary(PacketRecord r) {
        PacketView v = decode(r);
        return String.format(Locale.ROOT, "%7d  %s  %s", r.number, time(r.timestampNanos), describe(v));
    }

    static String time(long nanos) {
        return TIME.format(Instant.ofEpochSecond(0, nanos));
    }

    static String dateTime(long nanos) {
        return DATE_TIME.format(Instant.ofEpochSecond(0, nanos));
    }

    private static String describe(PacketView v) {
        StringBuilder sb = new StringBuilder();
        byte[] d = v.data();
        if (v.has(PacketView.ARP)) {
            sb.append(arp(v));
        } else if (v.ipVersion() != 0) {
            String src = Addresses.ip(d, v.ipSrc(), v.ipVersion());
            String dst = Addresses.ip(d, v.ipDst(), v.ipVersion());
            boolean ports = v.has(PacketView.UDP) || v.has(PacketView.TCP);
            sb.append(ports ? endpoint(src, v.srcPort(), v.ipVersion()) : src).append(" > ")
                    .append(ports ? endpoint(dst, v.dstPort(), v.ipVersion()) : dst).append("  ");
            sb.append(transport(v));
        } else if (v.macSrc() >= 0) {
            sb.append(Addresses.mac(d, v.macSrc())).append(" > ")
                    .append(v.macDst() >= 0 ? Addresses.mac(d, v.macDst()) : "?");
            sb.append(v.etherType() >= 0 ? String.format(Locale.ROOT, "  ethertype 0x%04x", v.etherType()) : "  LLC");
        } else {
            sb.append(v.has(PacketView.LINK) ? "link " + LinkTypes.name(v.linkType()) : "undecoded "
                    + LinkTypes.name(v.linkType()));
        }
        if (v.vlan() >= 0) {
            sb.append("  vlan ").append(v.vlan());
            if (v.innerVlan() >= 0) {
                sb.append('/').append(v.innerVlan());
            }
        }
        if (v.has(PacketView.FRAGMENT)) {
            sb.append("  frag off=").append(v.fragmentOffset()).append(v.moreFragments() ? " MF" : "");
        }
        if (v.isEthernetBroadcast()) {
            sb.append("  (broadcast)");
        }
        return sb.toString();
    }

    private static String endpoint(String address, int port, int version) {
        return version == 6 ? "[" + address + "]:" + port : address + ":" + port;
    }

    private static String transport(PacketView v) {
        if (v.has(PacketView.UDP)) {
            return "UDP len=" + v.payloadLength();
        }
        if (v.has(PacketView.TCP)) {
            return "TCP [" + tcpFlags(v.tcpFlags()) + "] seq=" + v.seq() + " ack=" + v.ack() + " win=" + v.window()
                    + " len=" + v.payloadLength();
        }
        if (v.has(PacketView.ICMP) || v.has(PacketView.ICMP6)) {
            return (v.has(PacketView.ICMP6) ? "ICMPv6 " : "ICMP ") + icmpName(v) + " code=" + v.icmpCode();
        }
        return v.ipProto() >= 0 ? "IP proto " + v.ipProto() : "IP";
    }

    private static String arp(PacketView v) {
        byte[] d = v.data();
        if (v.arpSpa() < 0 || v.arpTpa() < 0 || v.arpProtocolLength() != 4) {
            return "ARP op " + v.arpOp() + " (not Ethernet/IPv4)";
        }
        String spa = Addresses.ipv4(d, v.arpSpa());
        String tpa = Addresses.ipv4(d, v.arpTpa());
        String sha = v.arpSha() >= 0 && v.arpHardwareLength() == 6 ? Addresses.mac(d, v.arpSha()) : "?";
        if (v.arpOp() == 1) {
            return "ARP who-has " + tpa + " tell " + spa + (spa.equals(tpa) ? " (gratuitous)" : "");
        }
        if (v.arpOp() == 2) {
            return "ARP " + spa + " is-at " + sha;
        }
        return "ARP op " + v.arpOp() + " " + spa + " > " + tpa;
    }

    static String tcpFlags(int f) {
        StringBuilder sb = new StringBuilder();
        String letters = "FSRPAUEC";
        for (int i = 0; i < letters.length(); i++) {
            if ((f & (1 << i)) != 0) {
                sb.append(letters.charAt(i));
            }
        }
        return sb.length() == 0 ? "." : sb.toString();
    }

    private static String icmpName(PacketView v) {
        int t = v.icmpType();
        if (v.has(PacketView.ICMP6)) {
            switch (t) {
                case 1: return "unreachable";
                case 3: return "time-exceeded";
                case 128: return "echo-request";
                case 129: return "echo-reply";
                case 133: return "router-solicitation";
                case 134: return "router-advertisement";
                case 135: return "neighbor-solicitation";
                case 136: return "neighbor-advertisement";
                default: return "type=" + t;
            }
        }
        switch (t) {
            case 0: return "echo-reply";
            case 3: return "unreachable";
            case 5: return "redirect";
            case 8: return "echo-request";
            case 11: return "time-exceeded";
            default: return "type=" + t;
        }
    }

    /** Every decoded layer and field of the frame, Wireshark's tree flattened ({@code .show}). */
    List<String> layers(PacketRecord r) {
        PacketView v = decode(r);
        byte[] d = v.data();
        Fields f = new Fields();
        f.layer("Frame " + r.number);
        f.field("time", dateTime(r.timestampNanos));
        f.field("epoch", Math.floorDiv(r.timestampNanos, 1_000_000_000L) + "."
                + String.format(Locale.ROOT, "%09d", Math.floorMod(r.timestampNanos, 1_000_000_000L)));
        f.field("wire length", r.wireLength + " bytes");
        f.field("captured", r.capturedLength + " bytes");
        f.field("link type", LinkTypes.name(r.linkType) + " (" + r.linkType + ")");
        if (v.macSrc() >= 0 || v.macDst() >= 0) {
            f.layer("Ethernet");
            f.field("src", v.macSrc() >= 0 ? Addresses.mac(d, v.macSrc()) : "-");
            f.field("dst", v.macDst() >= 0 ? Addresses.mac(d, v.macDst()) + (v.isEthernetBroadcast() ? " (broadcast)" : "") : "-");
        }
        if (v.vlanCount() > 0) {
            f.layer("802.1Q");
            f.field("vlan", String.valueOf(v.vlan()));
            if (v.innerVlan() >= 0) {
                f.field("inner vlan", String.valueOf(v.innerVlan()));
            }
        }
        if (v.etherType() >= 0) {
            f.field("ethertype", String.format(Locale.ROOT, "0x%04x", v.etherType()));
        }
        if (v.has(PacketView.ARP)) {
            arpFields(v, f);
        }
        if (v.ipVersion() == 4) {
            ipv4Fields(v, f);
        } else if (v.ipVersion() == 6) {
            ipv6Fields(v, f);
        }
        transportFields(v, f);
        if (v.payloadOffset() >= 0) {
            f.layer("Payload");
            f.field("length", v.payloadLength() + " bytes" + (v.capturedPayloadLength() < v.payloadLength()
                    ? " (" + v.capturedPayloadLength() + " captured)" : ""));
            f.field("data", printable(d, v.payloadOffset(), Math.min(v.capturedPayloadLength(), 64)));
        }
        if (!weirds.isEmpty()) {
            f.layer("Weirds");
            for (String w : weirds) {
                f.field("weird", w);
            }
        }
        return f.lines;
    }

    private static void arpFields(PacketView v, Fields f) {
        byte[] d = v.data();
        f.layer("ARP");
        f.field("hardware", v.arpHardware() + " (length " + v.arpHardwareLength() + ")");
        f.field("protocol", String.format(Locale.ROOT, "0x%04x (length %d)", v.arpProtocol(), v.arpProtocolLength()));
        f.field("op", v.arpOp() + (v.arpOp() == 1 ? " (request)" : v.arpOp() == 2 ? " (reply)" : ""));
        boolean ether = v.arpHardwareLength() == 6;
        boolean ipv4 = v.arpProtocolLength() == 4;
        f.field("sender MAC", v.arpSha() >= 0 && ether ? Addresses.mac(d, v.arpSha()) : "-");
        f.field("sender IP", v.arpSpa() >= 0 && ipv4 ? Addresses.ipv4(d, v.arpSpa()) : "-");
        f.field("target MAC", v.arpTha() >= 0 && ether ? Addresses.mac(d, v.arpTha()) : "-");
        f.field("target IP", v.arpTpa() >= 0 && ipv4 ? Addresses.ipv4(d, v.arpTpa()) : "-");
    }

    private static void ipv4Fields(PacketView v, Fields f) {
        byte[] d = v.data();
        int l3 = v.l3();
        f.layer("IPv4");
        f.field("header length", v.ipHeaderLength() + " bytes");
        f.field("tos", String.format(Locale.ROOT, "0x%02x", v.u8(l3 + 1)));
        f.field("total length", String.valueOf(v.ipLengthField()));
        f.field("id", String.format(Locale.ROOT, "0x%04x (%d)", v.ipId(), v.ipId()));
        int flags = v.u16(l3 + 6) >>> 13;
        f.field("flags", ((flags & 2) != 0 ? "DF " : "") + ((flags & 1) != 0 ? "MF" : "") + (flags == 0 ? "none" : ""));
        f.field("fragment offset", String.valueOf(v.fragmentOffset()));
        f.field("ttl", String.valueOf(v.ttl()));
        f.field("protocol", String.valueOf(v.ipProto()));
        f.field("checksum", String.format(Locale.ROOT, "0x%04x", v.u16(l3 + 10)));
        f.field("src", Addresses.ipv4(d, v.ipSrc()));
        f.field("dst", Addresses.ipv4(d, v.ipDst()));
    }

    private static void ipv6Fields(PacketView v, Fields f) {
        byte[] d = v.data();
        int l3 = v.l3();
        f.layer("IPv6");
        f.field("traffic class", String.format(Locale.ROOT, "0x%02x", (v.u16(l3) >>> 4) & 0xFF));
        f.field("flow label", String.format(Locale.ROOT, "0x%05x", v.i32(l3) & 0xFFFFF));
        f.field("payload length", String.valueOf(v.u16(l3 + 4)));
        f.field("next header", String.valueOf(v.u8(l3 + 6)) + (v.ipProto() != v.u8(l3 + 6) ? " (transport " + v.ipProto() + ")" : ""));
        f.field("hop limit", String.valueOf(v.ttl()));
        f.field("src", Addresses.ipv6(d, v.ipSrc()));
        f.field("dst", Addresses.ipv6(d, v.ipDst()));
        if (v.has(PacketView.FRAGMENT)) {
            f.field("fragment offset", v.fragmentOffset() + (v.moreFragments() ? " (more)" : ""));
        }
    }

    private static void transportFields(PacketView v, Fields f) {
        int l4 = v.l4();
        if (v.has(PacketView.UDP)) {
            f.layer("UDP");
            f.field("src port", String.valueOf(v.srcPort()));
            f.field("dst port", String.valueOf(v.dstPort()));
            f.field("length", String.valueOf(v.udpLength()));
            f.field("checksum", String.format(Locale.ROOT, "0x%04x", v.u16(l4 + 6)));
        } else if (v.has(PacketView.TCP)) {
            f.layer("TCP");
            f.field("src port", String.valueOf(v.srcPort()));
            f.field("dst port", String.valueOf(v.dstPort()));
            f.field("seq", String.valueOf(v.seq()));
            f.field("ack", String.valueOf(v.ack()));
            f.field("header length", v.tcpHeaderLength() + " bytes");
            f.field("flags", tcpFlags(v.tcpFlags()) + String.format(Locale.ROOT, " (0x%02x)", v.tcpFlags()));
            f.field("window", String.valueOf(v.window()));
            f.field("checksum", String.format(Locale.ROOT, "0x%04x", v.u16(l4 + 16)));
        } else if (v.has(PacketView.ICMP) || v.has(PacketView.ICMP6)) {
            f.layer(v.has(PacketView.ICMP6) ? "ICMPv6" : "ICMP");
            f.field("type", v.icmpType() + " (" + icmpName(v) + ")");
            f.field("code", String.valueOf(v.icmpCode()));
            f.field("checksum", String.format(Locale.ROOT, "0x%04x", v.u16(l4 + 2)));
        }
    }

    /** Bytes as text, with dots for what does not print (as Wireshark's ASCII column). */
    private static String printable(byte[] d, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = off; i < off + len && i < d.length; i++) {
            int b = d[i] & 0xFF;
            sb.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return sb.toString();
    }

    /** {@code .hex}: offset, 16 bytes in hex, the same bytes as text. */
    static List<String> hex(PacketRecord r) {
        List<String> lines = new ArrayList<>();
        for (int row = 0; row < r.capturedLength; row += 16) {
            StringBuilder sb = new StringBuilder(80);
            sb.append(String.format(Locale.ROOT, "%04x  ", row));
            int n = Math.min(16, r.capturedLength - row);
            for (int i = 0; i < 16; i++) {
                if (i < n) {
                    sb.append(String.format(Locale.ROOT, "%02x ", r.data[r.offset + row + i] & 0xFF));
                } else {
                    sb.append("   ");
                }
                if (i == 7) {
                    sb.append(' ');
                }
            }
            sb.append(' ').append(printable(r.data, r.offset + row, n));
            lines.add(sb.toString());
        }
        return lines;
    }

    /** Builds {@code .show}'s lines: a layer name, then its fields indented and aligned. */
    private static final class Fields {
        final List<String> lines = new ArrayList<>();

        void layer(String name) {
            lines.add(name);
        }

        void field(String name, String value) {
            lines.add(String.format(Locale.ROOT, "    %-16s %s", name, value));
        }
    }
}
