package dev.tattler.cli;

import dev.tattler.decode.Weirds;
import dev.tattler.event.EventCatalogue;
import dev.tattler.event.EventType;

import java.util.List;
import java.util.Map;

/** Renders docs/events.md and docs/weirds.md from the code's own catalogues. */
final class ReferenceDocs {
    private ReferenceDocs() {
    }

    static String events() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Events\n\n");
        sb.append("Every event a script can handle with `tattler.on(NAME, fn, { priority, filter })`. Handlers get\n");
        sb.append("the arguments listed, as read-only objects. Addresses are strings, times are seconds since the\n");
        sb.append("epoch (numbers with microsecond precision or better), fields of a layer the packet does not\n");
        sb.append("have are `null`. `tattler events` prints the same list. A `filter` (tcpdump's language, see\n");
        sb.append("[scripting.md](scripting.md#packet-filters)) is allowed on the events raised for a packet:\n");
        sb.append("all but ");
        List<String> notForPackets = new java.util.ArrayList<>();
        for (EventType t : EventType.values()) {
            if (!t.raisedForPacket()) {
                notForPackets.add("`" + t.scriptName() + "`");
            }
        }
        sb.append(String.join(", ", notForPackets)).append(".\n\n");
        sb.append("This page is generated from the code (`ReferenceDocsTest` keeps it in step).\n\n");
        for (EventType t : EventType.values()) {
            sb.append("## `").append(EventCatalogue.signature(t)).append("`\n\n");
            sb.append(t.description()).append("\n\n");
            for (EventType.Arg arg : t.args()) {
                if (arg.type == String.class) {
                    sb.append("`").append(arg.name).append("` is a string.\n\n");
                    continue;
                }
                sb.append("| `").append(arg.name).append("` field | type | meaning |\n|---|---|---|\n");
                for (EventCatalogue.Field f : EventCatalogue.fields(arg.type)) {
                    sb.append("| `").append(arg.name).append('.').append(f.name).append("` | ")
                            .append(f.type.replace("|", "\\|")).append(" | ")
                            .append(f.doc.replace("|", "\\|")).append(" |\n");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    static String weirds() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Weirds\n\n");
        sb.append("A weird is input that is malformed or unexpected. Tattler never stops on one: it writes a\n");
        sb.append("line to `weird.log` (Zeek's columns: `ts uid id.orig_h id.orig_p id.resp_h id.resp_p name addl\n");
        sb.append("notice peer source`), raises the `weird` event, and goes on with the next packet. Names are\n");
        sb.append("stable and follow Zeek's where Zeek has the same condition, so existing weird.log tooling\n");
        sb.append("keeps working. `source` names the analyzer (ETHERNET, VLAN, SNAP, MPLS, ARP, IP, UDP, TCP,\n");
        sb.append("ICMP, LINK, CAPTURE).\n\n");
        sb.append("This page is generated from the code (`ReferenceDocsTest` keeps it in step).\n\n");
        sb.append("| name | raised when |\n|---|---|\n");
        for (Map.Entry<String, String> e : Weirds.catalogue().entrySet()) {
            sb.append("| `").append(e.getKey()).append("` | ").append(e.getValue().replace("|", "\\|")).append(" |\n");
        }
        sb.append("\nA malformed ARP packet is not a weird but a `bad_arp` event, with Zeek's explanation\n");
        sb.append("(`corrupt-arp-header (hrd=1, hln=255)`, `unknown-arp-hw-address (hrd=N)`,\n");
        sb.append("`unknown-arp-proto-address (pro=N)`, `weird-arp-sha`, `unimplemented-arp-opcode (N)`,\n");
        sb.append("`invalid-arp-opcode (opcode=N)`).\n");
        return sb.toString();
    }
}
