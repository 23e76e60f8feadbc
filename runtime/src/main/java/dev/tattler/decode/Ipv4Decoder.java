package dev.tattler.decode;

/**
 * IPv4 header with the checks Zeek makes: at least 20 bytes, a non-zero total length that the
 * wire length covers, a header length of at least 20 that fits both the total length and the
 * capture.
 * A packet cut by the snap length is not malformed: {@link PacketView#ipEnd()} marks what is
 * present and transport decoding reports a truncated header only when it needs the bytes.
 */
final class Ipv4Decoder {
    static final int MIN_HEADER = 20;

    private Ipv4Decoder() {
    }

    /**
     * Checks in Zeek's order, with Zeek's weird names, so weird.log reads the same.
     *
     * @return the offset of the transport header, or -1 when there is nothing to decode further
     */
    static int decode(PacketView v, int off, WeirdSink weirds, boolean zeroLengthToCapture) {
        int present = v.end - off;
        if (present < MIN_HEADER) {
            weirds.weird(Weirds.TRUNCATED_IP, null, v);
            return -1;
        }
        int headerLength = (v.u8(off) & 0x0F) * 4;
        int totalLength = v.u16(off + 2);
        v.ipLengthField = totalLength;
        if (totalLength == 0) {
            weirds.weird(Weirds.IP_HDR_LEN_ZERO, null, v);
            if (!zeroLengthToCapture) {
                return -1; // offload also spoils the checksum: nothing trustworthy follows
            }
            totalLength = Math.min(present, 0xFFFF);
        }
        // The wire length says how much IP the link really carried (Ethernet padding aside).
        int wireAfterLink = v.wireLength - (off - v.start);
        if (totalLength > wireAfterLink) {
            weirds.weird(Weirds.TRUNCATED_IP_LEN, null, v);
            return -1;
        }
        if (headerLength > totalLength) {
            weirds.weird(Weirds.INVALID_IP_HEADER_SIZE, null, v);
            return -1;
        }
        if (headerLength > present) {
            weirds.weird(Weirds.INTERNALLY_TRUNCATED_HEADER, null, v);
            return -1;
        }
        if (headerLength < MIN_HEADER) {
            weirds.weird(Weirds.IPV4_MIN_HEADER_SIZE, null, v);
            return -1;
        }
        v.layers |= PacketView.IPV4;
        v.l3 = off;
        v.ipVersion = 4;
        v.ipHeaderLength = headerLength;
        v.ipTotalLength = totalLength;
        v.ipEnd = Math.min(v.end, off + totalLength);
        v.ttl = v.u8(off + 8);
        v.ipProto = v.u8(off + 9);
        v.ipId = v.u16(off + 4);
        int flagsOffset = v.u16(off + 6);
        v.moreFragments = (flagsOffset & 0x2000) != 0;
        v.fragmentOffset = (flagsOffset & 0x1FFF) * 8;
        v.ipSrc = off + 12;
        v.ipDst = off + 16;
        if (v.moreFragments || v.fragmentOffset != 0) {
            v.layers |= PacketView.FRAGMENT;
            if (v.fragmentOffset != 0) {
                return -1; // a later fragment carries no transport header
            }
        }
        return off + headerLength;
    }
}
