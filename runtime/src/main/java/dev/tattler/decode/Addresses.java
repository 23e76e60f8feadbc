package dev.tattler.decode;

/**
 * Text forms of link and IP addresses as Zeek prints them: MACs as lower-case colon hex,
 * IPv4 dotted quad, IPv6 in RFC 5952 form (lower case, longest zero run as "::").
 *
 * <p>MAC and IPv4 texts are remembered in a small direct-mapped cache ({@link TextCache}):
 * events handed to scripts carry the addresses of every packet, and a LAN has a few thousand
 * of them, so after the first sight of a host its address costs a lookup and no allocation.
 */
public final class Addresses {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** 4096 slots each: a few hundred KB at most, enough for a busy LAN's hosts. */
    private static final TextCache IPV4_TEXT = new TextCache(12);
    private static final TextCache MAC_TEXT = new TextCache(12);

    private Addresses() {
    }

    public static String mac(byte[] data, int off) {
        long bits = 0;
        for (int i = 0; i < 6; i++) {
            bits = (bits << 8) | (data[off + i] & 0xFF);
        }
        return mac(bits);
    }

    /** The MAC held in the low 48 bits of {@code bits}. */
    public static String mac(long bits) {
        return MAC_TEXT.text(bits & 0xFFFF_FFFF_FFFFL, Addresses::formatMac);
    }

    private static String formatMac(long bits) {
        char[] out = new char[17];
        for (int i = 0; i < 6; i++) {
            int b = (int) (bits >>> (40 - 8 * i)) & 0xFF;
            out[i * 3] = HEX[b >>> 4];
            out[i * 3 + 1] = HEX[b & 0xF];
            if (i < 5) {
                out[i * 3 + 2] = ':';
            }
        }
        return new String(out);
    }

    public static String ipv4(int address) {
        return IPV4_TEXT.text(address & 0xFFFF_FFFFL, Addresses::formatIpv4);
    }

    public static String ipv4(byte[] data, int off) {
        return ipv4(((data[off] & 0xFF) << 24) | ((data[off + 1] & 0xFF) << 16)
                | ((data[off + 2] & 0xFF) << 8) | (data[off + 3] & 0xFF));
    }

    private static String formatIpv4(long key) {
        int address = (int) key;
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "."
                + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    public static String ipv6(byte[] data, int off) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((data[off + 2 * i] & 0xFF) << 8) | (data[off + 2 * i + 1] & 0xFF);
        }
        if (words[0] == 0 && words[1] == 0 && words[2] == 0 && words[3] == 0 && words[4] == 0
                && words[5] == 0xFFFF) {
            return "::ffff:" + ipv4(data, off + 12);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }

    /**
     * An address held as two 64-bit halves (IPv4 in the low 32 bits of {@code lo}), as
     * connection and fragment keys store them.
     */
    public static String ip(long hi, long lo, int version) {
        if (version == 4) {
            return ipv4((int) lo);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return ipv6(b, 0);
    }

    /** The IP address at {@code off} of a packet of the given IP version. */
    public static String ip(byte[] data, int off, int version) {
        return version == 6 ? ipv6(data, off) : ipv4(data, off);
    }

    /** Parses a dotted quad; returns the address as an int. */
    public static int parseIpv4(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int value = 0;
        for (String part : parts) {
            // Fix: Integer.parseInt alone accepted "+1" and non-ASCII digits (e.g. Arabic-Indic),
            // so "+10.0.0.0/8" passed as a --local-nets value. Only 1-3 ASCII digits make an octet.
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            if (octet < 0 || octet > 255 || part.isEmpty()) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            value = (value << 8) | octet;
        }
        return value;
    }
}
