package dev.tattler.repl;

import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.proxy.ProxyArray;

/**
 * One host as {@code .hosts} and the {@code hosts} array show it: a read-only snapshot of what
 * the host sent so far (addressed by IP; by MAC for a sender without one).
 */
public final class HostInfo {
    @HostAccess.Export public final String host;
    @HostAccess.Export public final ProxyArray macs;
    @HostAccess.Export public final long pkts;
    @HostAccess.Export public final long bytes;
    @HostAccess.Export public final long bcast;
    @HostAccess.Export public final double bcast_share;
    @HostAccess.Export public final double first;
    @HostAccess.Export public final double last;

    HostInfo(String host, Object[] macs, long pkts, long bytes, long bcast, double first, double last) {
        this.host = host;
        this.macs = ProxyArray.fromArray(macs);
        this.pkts = pkts;
        this.bytes = bytes;
        this.bcast = bcast;
        this.bcast_share = pkts == 0 ? 0 : Math.round(1000.0 * bcast / pkts) / 1000.0;
        this.first = first;
        this.last = last;
    }

    @Override
    public String toString() {
        return "HostInfo " + host;
    }
}
