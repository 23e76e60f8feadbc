package dev.tattler.generate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately naive pcap parser and packet checker for the generator's tests. It shares no
 * code with the project's reader or with the generator, so a test built on it checks the
 * generator against an independent reading of the bytes.
 */
final class MiniPcap {
    /** One record: its timestamp in ns and the frame bytes. */
    record Record(long tsNanos, int wireLength, byte[] frame) {
    }

    /** The fields of a frame the tests look at, decoded straight from the bytes. */
    static final class Frame {
        final byte[] b;
        final int vlanTags;
        final int[] vids = new int[2];
        final int etherType;
        final int l3;

        Frame(byte[] b) {
            this.b = b;
            int p = 12;
            int type = u16(b, p);
            int tags = 0;
            while (type == 0x8100 || type == 0x88A8 || type == 0x9100) {
                vids[Math.min(tags, 1)] = u16(b, p + 2) & 0x0FFF;
                tags++;
                p += 4;
                type = u16(b, p);
            }
            vlanTags = tags;
            etherType = type;
            l3 = p + 2;
        }

        long dstMac() {
            return mac(0);
        }

        long srcMac() {
            return mac(6);
        }

        private long mac(int at) {
            long v = 0;
            for (int i = 0; i < 6; i++) {
                v = v << 8 | (b[at + i] & 0xFF);
            }
            return v;
        }

        boolean isArp() {
            return etherType == 0x0806;
        }

        boolean isIpv4() {
            return etherType == 0x0800;
        }

        int arpOp() {
            return u16(b, l3 + 6);
        }

        long arpSha() {
            return mac(l3 + 8);
        }

        int arpSpa() {
            return i32(b, l3 + 14);
        }

        long arpTha() {
            return mac(l3 + 18);
        }

        int arpTpa() {
            return i32(b, l3 + 24);
        }

        int ihl() {
            return (b[l3] & 0x0F) * 4;
        }

        int ipTotalLength() {
            return u16(b, l3 + 2);
        }

        int ipId() {
            return u16(b, l3 + 4);
        }

        int ttl() {
            return b[l3 + 8] & 0xFF;
        }

        int protocol() {
            return b[l3 + 9] & 0xFF;
        }

        int srcIp() {
            return i32(b, l3 + 12);
        }

        int dstIp() {
            return i32(b, l3 + 16);
        }

        int l4() {
            return l3 + ihl();
        }

        int l4Length() {
            return ipTotalLength() - ihl();
        }

        int srcPort() {
            return u16(b, l4());
        }

        int dstPort() {
            return u16(b, l4() + 2);
        }

        int tcpFlags() {
            return b[l4() + 13] & 0xFF;
        }

        long tcpSeq() {
            return i32(b, l4() + 4) & 0xFFFF_FFFFL;
        }

        long tcpAck() {
            return i32(b, l4() + 8) & 0xFFFF_FFFFL;
        }

        int tcpHeaderLength() {
            return (b[l4() + 12] >> 4 & 0x0F) * 4;
        }

        int icmpType() {
            return b[l4()] & 0xFF;
        }

        int icmpCode() {
            return b[l4() + 1] & 0xFF;
        }

        /** UDP payload from its start to the end given by the UDP length field. */
        byte[] udpPayload() {
            int len = u16(b, l4() + 4) - 8;
            byte[] out = new byte[len];
            System.arraycopy(b, l4() + 8, out, 0, len);
            return out;
        }

        /** True when the IPv4 header checksum verifies (sums to 0xFFFF). */
        boolean ipChecksumOk() {
            return sum(b, l3, ihl(), 0) == 0xFFFF;
        }

        /** True when the UDP/TCP (pseudo-header) or ICMP checksum verifies. */
        boolean l4ChecksumOk() {
            int len = l4Length();
            switch (protocol()) {
                case 17:
                    if (u16(b, l4() + 6) == 0) {
                        return true;          // "no checksum" is legal for UDP over IPv4
                    }
                    return sum(b, l4(), len, pseudo(17, len)) == 0xFFFF;
                case 6:
                    return sum(b, l4(), len, pseudo(6, len)) == 0xFFFF;
                case 1:
                    return sum(b, l4(), len, 0) == 0xFFFF;
                default:
                    return true;
            }
        }

        private long pseudo(int proto, int len) {
            return u16(b, l3 + 12) + u16(b, l3 + 14) + u16(b, l3 + 16) + u16(b, l3 + 18) + proto + len;
        }
    }

    private MiniPcap() {
    }

    /** Reads every record; fails on anything but a little-endian nanosecond or microsecond pcap. */
    static List<Record> read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt();
        long scale;
        if (magic == 0xA1B23C4D) {
            scale = 1;
        } else if (magic == 0xA1B2C3D4) {
            scale = 1000;
        } else {
            throw new IOException("unexpected magic " + Integer.toHexString(magic));
        }
        in.position(20);
        int linkType = in.getInt();
        if (linkType != 1) {
            throw new IOException("link type " + linkType + ", expected Ethernet");
        }
        List<Record> out = new ArrayList<>();
        while (in.remaining() > 0) {
            long sec = in.getInt() & 0xFFFF_FFFFL;
            long frac = in.getInt() & 0xFFFF_FFFFL;
            int caplen = in.getInt();
            int wire = in.getInt();
            byte[] frame = new byte[caplen];
            in.get(frame);
            out.add(new Record(sec * 1_000_000_000L + frac * scale, wire, frame));
        }
        return out;
    }

    /** The plain RFC 1071 one's-complement sum (not complemented), folded to 16 bits. */
    static int sum(byte[] b, int off, int len, long initial) {
        long s = initial;
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xFF;
            s += (i % 2 == 0) ? v << 8 : v;
        }
        while (s > 0xFFFF) {
            s = (s & 0xFFFF) + (s >> 16);
        }
        return (int) s;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    static int i32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    static int ip(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }
}
