package dev.tattler.event;

import org.graalvm.polyglot.HostAccess;

/** A weird: input that is malformed or unexpected, with a stable name (docs/weirds.md). */
@Doc("Malformed or unexpected input.")
public final class WeirdInfo {
    @HostAccess.Export @Doc("network time when it was seen, seconds since the epoch")
    public final double ts;
    @HostAccess.Export @Doc("stable snake_case name, see docs/weirds.md")
    public final String name;
    @HostAccess.Export @Doc("additional detail, or null")
    public final String addl;
    @HostAccess.Export @Doc("'packet' for a packet's content, 'capture' for the capture file itself, 'connection'"
            + " for a connection or fragmented datagram when no packet is at hand (p is then null)")
    public final String source;

    public WeirdInfo(double ts, String name, String addl, String source) {
        this.ts = ts;
        this.name = name;
        this.addl = addl;
        this.source = source;
    }

    @Override
    public String toString() {
        return "WeirdInfo " + name + (addl == null ? "" : " (" + addl + ")");
    }
}
