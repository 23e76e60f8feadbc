package dev.tattler.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tattler.capture.PacketRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Literal frames for the decoder tests: a hex parser and a harness that decodes one frame the
 * way a capture source hands it over. The frame is placed at a non-zero offset of a larger
 * buffer whose bytes after the captured end are filler (0xEE), so a decoder that ignores
 * {@link PacketRecord#offset} or reads past the captured length shows it.
 */
final class Frames {
    static final int LEAD = 5;
    static final int TRAIL = 64;
    static final byte FILLER = (byte) 0xEE;

    private Frames() {
    }

    /** Hex digits to bytes; whitespace, '|' and '.' are separators for readability. */
    static byte[] hex(String text) {
        StringBuilder digits = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (Character.digit(c, 16) >= 0) {
                digits.append(c);
            } else if (!Character.isWhitespace(c) && c != '|' && c != '.') {
                throw new IllegalArgumentException("not hex: '" + c + "' in " + text);
            }
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits (" + digits.length() + "): " + text);
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** One decoded frame and the weirds it raised, in order. */
    static final class Decoded {
        final PacketView v;
        final List<String> weirds = new ArrayList<>();
        final List<String> addls = new ArrayList<>();
        final int length;

        Decoded(PacketView v, int length) {
            this.v = v;
            this.length = length;
        }

        /** An offset into the view's buffer, made relative to the frame start (-1 stays -1). */
        int rel(int offset) {
            return offset < 0 ? -1 : offset - v.start();
        }

        /** Asserts exactly these weirds were raised, in this order. */
        Decoded weirds(String... names) {
            assertEquals(Arrays.asList(names), weirds);
            return this;
        }

        /** Asserts the layer bits are exactly these. */
        Decoded layers(int expected) {
            assertEquals(layerNames(expected), layerNames(v.layers()));
            return this;
        }

        String mac(int offset) {
            return Addresses.mac(v.data(), offset);
        }

        String src() {
            return Addresses.ip(v.data(), v.ipSrc(), v.ipVersion());
        }

        String dst() {
            return Addresses.ip(v.data(), v.ipDst(), v.ipVersion());
        }
    }

    static Decoded decode(int linkType, String hex) {
        byte[] frame = hex(hex);
        return decode(linkType, frame, frame.length, frame.length);
    }

    /** A frame whose wire length exceeds what was captured (cut by a snap length). */
    static Decoded decodeCut(int linkType, String hex, int wireLength) {
        byte[] frame = hex(hex);
        return decode(linkType, frame, frame.length, wireLength);
    }

    static Decoded decode(int linkType, byte[] frame, int capturedLength, int wireLength) {
        byte[] buffer = new byte[LEAD + capturedLength + TRAIL];
        Arrays.fill(buffer, FILLER);
        System.arraycopy(frame, 0, buffer, LEAD, capturedLength);
        PacketRecord r = new PacketRecord();
        r.set(buffer, LEAD, capturedLength, wireLength, 1_700_000_000_123_456_789L, linkType, 0);
        r.number = 42;
        PacketView v = new PacketView();
        List<String> weirds = new ArrayList<>();
        List<String> addls = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder((name, addl, packet) -> {
            assertTrue(packet == v, "the weird names the packet being decoded");
            weirds.add(name);
            addls.add(addl);
        });
        decoder.decode(r, v);
        Decoded d = new Decoded(v, capturedLength);
        d.weirds.addAll(weirds);
        d.addls.addAll(addls);
        return d;
    }

    static String layerNames(int layers) {
        String[] names = {"ETHERNET", "VLAN", "MPLS", "LLC", "ARP", "IPV4", "IPV6", "UDP", "TCP", "ICMP",
            "ICMP6", "FRAGMENT", "LINK"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((layers & (1 << i)) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(names[i]);
            }
        }
        int unknown = layers & ~((1 << names.length) - 1);
        if (unknown != 0) {
            sb.append("|0x").append(Integer.toHexString(unknown));
        }
        return sb.toString();
    }
}
