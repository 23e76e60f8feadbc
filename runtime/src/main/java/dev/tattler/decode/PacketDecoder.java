package dev.tattler.decode;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PacketRecord;

/**
 * Decodes a frame into a {@link PacketView}, layer by layer, reading at offsets:
 *
 * <pre>
 *  link type ─┬─ Ethernet ──┐
 *             ├─ SLL/SLL2 ──┤            ┌─ 802.1Q/802.1ad ─┐ (loop, at most 8 deep)
 *             ├─ NULL/LOOP ─┼─ ethertype ┼─ LLC/SNAP ───────┤
 *             ├─ PPP ───────┤            ├─ MPLS, PPPoE ────┘
 *             ├─ NFLOG ─────┤            ├─ ARP
 *             └─ raw IP ────┘            └─ IPv4 / IPv6 (+ext) ─ UDP / TCP / ICMP / ICMPv6
 * </pre>
 *
 * Every bound is checked before a read; a frame too short or inconsistent for a layer gets a
 * weird and decoding stops at the last good layer. Nothing here throws on packet content and
 * nothing allocates (weird details are built only for rare conditions).
 */
public final class PacketDecoder {
    private static final int MAX_ENCAPSULATIONS = 8;

    private final WeirdSink weirds;
    private final boolean ignoreChecksums;

    public PacketDecoder(WeirdSink weirds) {
        this(weirds, false);
    }

    /**
     * @param ignoreChecksums as Zeek's -C: then an IPv4 total length of 0 (left so by TCP
     *                        segmentation offload) is read as "to the end of the capture"
     */
    public PacketDecoder(WeirdSink weirds, boolean ignoreChecksums) {
        this.weirds = weirds;
        this.ignoreChecksums = ignoreChecksums;
    }

    /** Resets {@code view} to {@code record} and decodes as far as the frame allows. */
    public void decode(PacketRecord record, PacketView view) {
        view.reset(record);
        int off = link(view);
        if (off >= 0) {
            network(view, off);
        }
    }

    private int link(PacketView v) {
        int off = v.start;
        switch (v.linkType) {
            case LinkTypes.ETHERNET:
                off = EthernetDecoder.decode(v, off, weirds);
                return off < 0 ? -1 : llcIfLength(v, off);
            case LinkTypes.LINUX_SLL:
                return LinuxSllDecoder.decodeSll(v, off, weirds);
            case LinkTypes.LINUX_SLL2:
                return LinuxSllDecoder.decodeSll2(v, off, weirds);
            case LinkTypes.NULL:
                return LoopbackDecoder.decode(v, off, false, weirds);
            case LinkTypes.LOOP:
                return LoopbackDecoder.decode(v, off, true, weirds);
            case LinkTypes.PPP:
            case LinkTypes.PPP_HDLC:
                return PppDecoder.decode(v, off, weirds);
            case LinkTypes.NFLOG:
                return NflogDecoder.decode(v, off, weirds);
            case LinkTypes.RAW:
            case LinkTypes.RAW_OLD:
            case LinkTypes.RAW_OLD14:
                return rawIp(v, off);
            case LinkTypes.IPV4:
                v.layers |= PacketView.LINK;
                v.etherType = EtherTypes.IPV4;
                return off;
            case LinkTypes.IPV6:
                v.layers |= PacketView.LINK;
                v.etherType = EtherTypes.IPV6;
                return off;
            default:
                weirds.weird(Weirds.UNKNOWN_LINK_TYPE, LinkTypes.name(v.linkType), v);
                return -1;
        }
    }

    /** Raw IP: the version nibble says which; {@link #ip} checks it. */
    private int rawIp(PacketView v, int off) {
        v.layers |= PacketView.LINK;
        v.etherType = EtherTypes.IPV4;
        return off;
    }

    /**
     * IPv4 or IPv6 by the version nibble, whatever the ethertype said, as Zeek's IP analyzer
     * does; then the transport header.
     */
    private void ip(PacketView v, int off) {
        if (v.end - off < Ipv4Decoder.MIN_HEADER) {
            weirds.weird(Weirds.TRUNCATED_IP, null, v);
            return;
        }
        int version = v.u8(off) >>> 4;
        int next;
        if (version == 4) {
            v.etherType = EtherTypes.IPV4;
            next = Ipv4Decoder.decode(v, off, weirds, ignoreChecksums);
        } else if (version == 6) {
            v.etherType = EtherTypes.IPV6;
            next = Ipv6Decoder.decode(v, off, weirds);
        } else {
            v.etherType = -1;
            weirds.weird(Weirds.UNKNOWN_IP_VERSION, "version " + version, v);
            return;
        }
        if (next >= 0) {
            TransportDecoder.decode(v, next, weirds);
        }
    }

    /** An Ethernet "type" of 1500 or less is an 802.3 length: LLC follows. */
    private int llcIfLength(PacketView v, int off) {
        if (v.etherType > EtherTypes.MAX_802_3_LENGTH) {
            return off;
        }
        return LlcSnapDecoder.decode(v, off, weirds);
    }

    private void network(PacketView v, int off) {
        for (int depth = 0; depth <= MAX_ENCAPSULATIONS; depth++) {
            switch (v.etherType) {
                case EtherTypes.VLAN:
                case EtherTypes.QINQ:
                case EtherTypes.QINQ_OLD:
                    off = VlanDecoder.decode(v, off, weirds);
                    if (off >= 0) {
                        off = llcIfLength(v, off);
                    }
                    break;
                case EtherTypes.PPPOE_SESSION:
                    off = PppoeDecoder.decode(v, off, weirds);
                    break;
                case EtherTypes.MPLS_UNICAST:
                case EtherTypes.MPLS_MULTICAST:
                    off = MplsDecoder.decode(v, off, weirds);
                    break;
                case EtherTypes.ARP:
                    ArpDecoder.decode(v, off, weirds);
                    return;
                case EtherTypes.IPV4:
                case EtherTypes.IPV6:
                    ip(v, off);
                    return;
                default:
                    return; // a protocol Tattler does not decode (STP, EAPOL, LLDP, ...)
            }
            if (off < 0) {
                return;
            }
        }
        weirds.weird(Weirds.TOO_MANY_ENCAPSULATIONS, null, v);
    }
}
