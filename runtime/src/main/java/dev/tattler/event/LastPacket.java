package dev.tattler.event;

import org.graalvm.polyglot.HostAccess;

/**
 * The answer to {@code tattler.lastPacket(src, dst)}: the few facts the engine keeps about the
 * latest packet one host sent another, enough to link it to what came next and to cite it as
 * evidence (its frame number).
 */
@Doc("The last packet one host sent another, as the engine remembers it.")
public final class LastPacket {
    @HostAccess.Export @Doc("capture time, seconds since the epoch")
    public final double ts;
    @HostAccess.Export @Doc("frame number in the capture, from 1 (as p.number)")
    public final long number;
    @HostAccess.Export @Doc("'udp', 'tcp', 'icmp', 'icmp6' or 'ip' (another protocol, or a later fragment)")
    public final String proto;
    @HostAccess.Export @Doc("UDP/TCP source port, or null")
    public final Integer sport;
    @HostAccess.Export @Doc("UDP/TCP destination port, or null")
    public final Integer dport;

    public LastPacket(long nanos, long number, String proto, int sport, int dport) {
        this.ts = Times.seconds(nanos);
        this.number = number;
        this.proto = proto;
        this.sport = sport < 0 ? null : Uint16Boxes.of(sport);
        this.dport = dport < 0 ? null : Uint16Boxes.of(dport);
    }

    @Override
    public String toString() {
        return "LastPacket#" + number + " " + proto + " " + sport + " > " + dport;
    }
}
