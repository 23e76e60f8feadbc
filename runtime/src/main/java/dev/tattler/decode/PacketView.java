package dev.tattler.decode;

import dev.tattler.capture.PacketRecord;

/**
 * The decoded form of one frame, as offsets into the capture buffer: one instance per source,
 * reset and refilled for every packet, so decoding allocates nothing. Decoders in this package
 * fill it; everything else reads it through the getters.
 *
 * <pre>
 *  data: | link header | 802.1Q tags | IPv4/IPv6 (+ext) | UDP/TCP/ICMP | payload ...    |
 *        ^start        ^             ^l3                ^l4            ^payloadOffset  ^end
 *  macSrc/macDst, arp* and ipSrc/ipDst are offsets of the addresses in data (or -1)
 * </pre>
 *
 * A view is valid only until the source reads the next packet. Anything that must outlive the
 * packet (an event object for a script, a table key) copies what it needs out of it.
 */
public final class PacketView {
    /** Layer bits, see {@link #has(int)}. */
    public static final int ETHERNET = 1;
    public static final int VLAN = 1 << 1;
    public static final int MPLS = 1 << 2;
    public static final int LLC = 1 << 3;
    public static final int ARP = 1 << 4;
    public static final int IPV4 = 1 << 5;
    public static final int IPV6 = 1 << 6;
    public static final int UDP = 1 << 7;
    public static final int TCP = 1 << 8;
    public static final int ICMP = 1 << 9;
    public static final int ICMP6 = 1 << 10;
    /** An IP fragment (first or later); transport is decoded only from the first one. */
    public static final int FRAGMENT = 1 << 11;
    /** The frame had a link header Tattler understood (raw_packet fires only then). */
    public static final int LINK = 1 << 12;

    byte[] data;
    int start;
    int end;
    int wireLength;
    long timestampNanos;
    int linkType;
    int interfaceId;
    long number;
    int verdict;

    int layers;
    int macSrc;
    int macDst;
    int vlanCount;
    int vlan;
    int innerVlan;
    int etherType;
    int l3;

    int ipVersion;
    int ipSrc;
    int ipDst;
    int ipHeaderLength;
    int ipTotalLength;
    int ipLengthField;
    int ipEnd;
    int ttl;
    int ipProto;
    int ipId;
    int fragmentOffset;
    boolean moreFragments;

    int l4;
    int srcPort;
    int dstPort;
    int udpLength;
    int tcpFlags;
    long seq;
    long ack;
    int window;
    int tcpHeaderLength;
    int icmpType;
    int icmpCode;
    int payloadOffset;
    int payloadLength;

    int arpHardware;
    int arpProtocol;
    int arpHardwareLength;
    int arpProtocolLength;
    int arpOp;
    int arpSha;
    int arpSpa;
    int arpTha;
    int arpTpa;

    /** Points the view at a new frame and forgets everything decoded from the last one. */
    public void reset(PacketRecord r) {
        data = r.data;
        start = r.offset;
        end = r.offset + r.capturedLength;
        wireLength = r.wireLength;
        timestampNanos = r.timestampNanos;
        linkType = r.linkType;
        interfaceId = r.interfaceId;
        number = r.number;
        verdict = r.verdict;
        layers = 0;
        macSrc = -1;
        macDst = -1;
        vlanCount = 0;
        vlan = -1;
        innerVlan = -1;
        etherType = -1;
        l3 = -1;
        ipVersion = 0;
        ipSrc = -1;
        ipDst = -1;
        ipHeaderLength = 0;
        ipTotalLength = 0;
        ipLengthField = 0;
        ipEnd = end;
        ttl = 0;
        ipProto = -1;
        ipId = 0;
        fragmentOffset = 0;
        moreFragments = false;
        l4 = -1;
        srcPort = 0;
        dstPort = 0;
        udpLength = 0;
        tcpFlags = 0;
        seq = 0;
        ack = 0;
        window = 0;
        tcpHeaderLength = 0;
        icmpType = -1;
        icmpCode = -1;
        payloadOffset = -1;
        payloadLength = 0;
        arpHardware = 0;
        arpProtocol = 0;
        arpHardwareLength = 0;
        arpProtocolLength = 0;
        arpOp = 0;
        arpSha = -1;
        arpSpa = -1;
        arpTha = -1;
        arpTpa = -1;
    }

    /** The record's {@link PacketRecord#verdict}: checks already done on the reading thread, or 0. */
    public int verdict() {
        return verdict;
    }

    public boolean has(int layer) {
        return (layers & layer) != 0;
    }

    public int layers() { return layers; }
    public byte[] data() { return data; }
    public int start() { return start; }
    public int end() { return end; }
    public int capturedLength() { return end - start; }
    public int wireLength() { return wireLength; }
    public long timestampNanos() { return timestampNanos; }
    public int linkType() { return linkType; }
    public int interfaceId() { return interfaceId; }
    public long number() { return number; }

    /** Offset of the 6-byte source MAC, or -1 (raw IP, loopback, SLL without a 6-byte address). */
    public int macSrc() { return macSrc; }
    /** Offset of the 6-byte destination MAC, or -1 (SLL/SLL2 carry none). */
    public int macDst() { return macDst; }
    public int vlanCount() { return vlanCount; }
    /** Outermost VLAN id, or -1. */
    public int vlan() { return vlan; }
    /** Second VLAN id (802.1ad inner tag), or -1. */
    public int innerVlan() { return innerVlan; }
    /** Ethertype of the network layer (after tags, SNAP, MPLS), or -1. */
    public int etherType() { return etherType; }
    public int l3() { return l3; }

    /** 4, 6 or 0 when the packet carries no IP. */
    public int ipVersion() { return ipVersion; }
    public int ipSrc() { return ipSrc; }
    public int ipDst() { return ipDst; }
    public int ipHeaderLength() { return ipHeaderLength; }
    /**
     * Length of the IP packet as decoded (IPv6: 40 + payload length). Equals
     * {@link #ipLengthField()} except for an IPv4 length of 0 read under -C to the capture's end.
     */
    public int ipTotalLength() { return ipTotalLength; }
    /** The IP length as the header says it, 0 included: what Zeek adds to *_ip_bytes. */
    public int ipLengthField() { return ipLengthField; }
    /** Where the IP packet's bytes end in {@link #data()}: its claimed length, cut at the capture. */
    public int ipEnd() { return ipEnd; }
    public int ttl() { return ttl; }
    /** Transport protocol number after the extension-header chain, or -1. */
    public int ipProto() { return ipProto; }
    public int ipId() { return ipId; }
    /** Fragment offset in bytes. */
    public int fragmentOffset() { return fragmentOffset; }
    public boolean moreFragments() { return moreFragments; }

    public int l4() { return l4; }
    public int srcPort() { return srcPort; }
    public int dstPort() { return dstPort; }
    /** UDP length field (header + payload). */
    public int udpLength() { return udpLength; }
    public int tcpFlags() { return tcpFlags; }
    public long seq() { return seq; }
    public long ack() { return ack; }
    public int window() { return window; }
    public int tcpHeaderLength() { return tcpHeaderLength; }
    public int icmpType() { return icmpType; }
    public int icmpCode() { return icmpCode; }
    /** Offset of the transport payload, or -1. */
    public int payloadOffset() { return payloadOffset; }
    /** Transport payload length as the headers claim (it may exceed what was captured). */
    public int payloadLength() { return payloadLength; }
    /** Payload bytes actually present in the capture. */
    public int capturedPayloadLength() {
        return payloadOffset < 0 ? 0 : Math.max(0, Math.min(payloadLength, ipEnd - payloadOffset));
    }

    public int arpHardware() { return arpHardware; }
    public int arpProtocol() { return arpProtocol; }
    public int arpHardwareLength() { return arpHardwareLength; }
    public int arpProtocolLength() { return arpProtocolLength; }
    public int arpOp() { return arpOp; }
    public int arpSha() { return arpSha; }
    public int arpSpa() { return arpSpa; }
    public int arpTha() { return arpTha; }
    public int arpTpa() { return arpTpa; }

    // --- reading helpers shared by decoders and analyzers -------------------------------

    public int u8(int off) {
        return data[off] & 0xFF;
    }

    public int u16(int off) {
        return ((data[off] & 0xFF) << 8) | (data[off + 1] & 0xFF);
    }

    public int u16le(int off) {
        return (data[off] & 0xFF) | ((data[off + 1] & 0xFF) << 8);
    }

    public int i32(int off) {
        return ((data[off] & 0xFF) << 24) | ((data[off + 1] & 0xFF) << 16)
                | ((data[off + 2] & 0xFF) << 8) | (data[off + 3] & 0xFF);
    }

    public long u32(int off) {
        return i32(off) & 0xFFFF_FFFFL;
    }

    public long u48(int off) {
        return ((long) u16(off) << 32) | u32(off + 2);
    }

    public long u64(int off) {
        return ((long) i32(off) << 32) | u32(off + 4);
    }

    /** The IPv4 source address as an int (only when {@link #ipVersion()} is 4). */
    public int ipv4Src() {
        return i32(ipSrc);
    }

    public int ipv4Dst() {
        return i32(ipDst);
    }

    /** Source MAC as a 48-bit number, or -1 when the frame has none. */
    public long macSrcBits() {
        return macSrc < 0 ? -1 : u48(macSrc);
    }

    public long macDstBits() {
        return macDst < 0 ? -1 : u48(macDst);
    }

    /** True when the destination MAC is ff:ff:ff:ff:ff:ff. */
    public boolean isEthernetBroadcast() {
        return macDst >= 0 && u48(macDst) == 0xFFFF_FFFF_FFFFL;
    }
}
