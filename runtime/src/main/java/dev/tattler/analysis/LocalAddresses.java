package dev.tattler.analysis;

import dev.tattler.decode.Addresses;

import java.util.ArrayList;
import java.util.List;

/**
 * Which IPv4 and IPv6 addresses count as local, as Zeek's {@code Site::is_local_addr} answers
 * it: the networks given with {@code --local-nets}, or, when none are given, Zeek's
 * {@code Site::private_address_space} (private, loopback, link-local, documentation and other
 * special-purpose ranges, with their 6to4 forms). Scripts reach it as {@code tattler.isLocal}.
 *
 * <p>Addresses are held as Zeek holds them: 128 bits, IPv4 as IPv4-mapped IPv6
 * ({@code ::ffff:a.b.c.d}), so one table answers both families and {@code ::ffff:10.0.0.1}
 * is the same address as {@code 10.0.0.1}. {@link LocalNets} stays the IPv4 directed-broadcast
 * table; this class only answers membership, and never allocates when asked about packet bytes.
 */
public final class LocalAddresses {
    /** Zeek's {@code Site::private_address_space} (base/utils/site.zeek), in its order. */
    public static final List<String> ZEEK_PRIVATE_ADDRESS_SPACE = List.of(
            "0.0.0.0/8", "2002::/24",
            "10.0.0.0/8", "2002:a00::/24",
            "100.64.0.0/10", "2002:6440::/26",
            "127.0.0.0/8", "2002:7f00::/24",
            "169.254.0.0/16", "2002:a9fe::/32",
            "172.16.0.0/12", "2002:ac10::/28",
            "192.0.0.0/24", "2002:c000::/40",
            "192.0.2.0/24", "2002:c000:200::/40",
            "192.168.0.0/16", "2002:c0a8::/32",
            "198.18.0.0/15", "2002:c612::/31",
            "198.51.100.0/24", "2002:c633:6400::/40",
            "203.0.113.0/24", "2002:cb00:7100::/40",
            "240.0.0.0/4", "2002:f000::/20",
            "255.255.255.255/32", "2002:ffff:ffff::/48",
            "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:2::/48",
            "2001:db8::/32", "fc00::/7", "fe80::/10");

    private static final long V4_MAPPED = 0x0000_FFFF_0000_0000L;

    private final long[] netHi;
    private final long[] netLo;
    private final long[] maskHi;
    private final long[] maskLo;
    private final List<String> cidrs;

    private LocalAddresses(List<String> cidrs) {
        int n = cidrs.size();
        netHi = new long[n];
        netLo = new long[n];
        maskHi = new long[n];
        maskLo = new long[n];
        List<String> names = new ArrayList<>();
        long[] address = new long[2];
        for (int i = 0; i < n; i++) {
            String cidr = cidrs.get(i).trim();
            int slash = cidr.indexOf('/');
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            boolean v4;
            try {
                v4 = parse(host, address) == 4;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a network: '" + cidrs.get(i) + "' (expected e.g. 192.168.1.0/24 or fd00::/8)");
            }
            int max = v4 ? 32 : 128;
            int prefix = max;
            if (slash >= 0) {
                String p = cidr.substring(slash + 1);
                prefix = p.matches("[0-9]{1,3}") ? Integer.parseInt(p) : -1;
                if (prefix < 0 || prefix > max) {
                    throw new IllegalArgumentException("bad prefix length in '" + cidrs.get(i) + "' (expected 0.." + max + ")");
                }
            }
            int bits = v4 ? 96 + prefix : prefix;
            maskHi[i] = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
            maskLo[i] = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
            netHi[i] = address[0] & maskHi[i];
            netLo[i] = address[1] & maskLo[i];
            names.add(cidr);
        }
        this.cidrs = List.copyOf(names);
    }

    /** The configured networks, or Zeek's private address space when {@code cidrs} is empty. */
    public static LocalAddresses of(List<String> cidrs) {
        return new LocalAddresses(cidrs.isEmpty() ? ZEEK_PRIVATE_ADDRESS_SPACE : cidrs);
    }

    /** Exactly these networks (none: nothing is local). */
    public static LocalAddresses exactly(List<String> cidrs) {
        return new LocalAddresses(cidrs);
    }

    /** The networks in use, as given. */
    public List<String> networks() {
        return cidrs;
    }

    /** True when the IPv4 or IPv6 address in {@code text} is local; IllegalArgumentException if it is not an address. */
    public boolean isLocal(String text) {
        long[] a = new long[2];
        parse(text, a);
        return contains(a[0], a[1]);
    }

    /** The same for the address at {@code off} in packet bytes of IP version 4 or 6; allocates nothing. */
    public boolean isLocal(byte[] data, int off, int version) {
        if (version == 6) {
            return contains(readLong(data, off), readLong(data, off + 8));
        }
        long v4 = ((data[off] & 0xFFL) << 24) | ((data[off + 1] & 0xFFL) << 16) | ((data[off + 2] & 0xFFL) << 8) | (data[off + 3] & 0xFFL);
        return contains(0, V4_MAPPED | v4);
    }

    private boolean contains(long hi, long lo) {
        for (int i = 0; i < netHi.length; i++) {
            if ((hi & maskHi[i]) == netHi[i] && (lo & maskLo[i]) == netLo[i]) {
                return true;
            }
        }
        return false;
    }

    private static long readLong(byte[] data, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (data[off + i] & 0xFFL);
        }
        return v;
    }

    /** True when {@code text} is an IPv4 or IPv6 address literal (no host names, no zone ids). */
    public static boolean isAddress(String text) {
        try {
            parse(text, new long[2]);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Parses an address into 128 bits ({@code out[0]} high, {@code out[1]} low); IPv4 becomes
     * IPv4-mapped. Returns the IP version, 4 or 6; IllegalArgumentException when it is neither.
     */
    public static int parse(String text, long[] out) {
        if (text == null) {
            throw new IllegalArgumentException("not an IP address: null");
        }
        String s = strip(text);
        if (s.indexOf(':') < 0) {
            int v4;
            try {
                v4 = Addresses.parseIpv4(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not an IP address: '" + text + "'");
            }
            out[0] = 0;
            out[1] = V4_MAPPED | (v4 & 0xFFFF_FFFFL);
            return 4;
        }
        if (!parseV6(s, out)) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        return 6;
    }

    private static String strip(String text) {
        String s = text.trim();
        if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** RFC 4291 text form: eight hex groups, one "::" run of zeros, an optional dotted IPv4 tail. */
    private static boolean parseV6(String s, long[] out) {
        int[] groups = new int[8];
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String head = gap < 0 ? s : s.substring(0, gap);
        String tail = gap < 0 ? "" : s.substring(gap + 2);
        int[] front = new int[10];
        int[] back = new int[10];
        int nf = groups(head, front, gap < 0);
        int nb = gap < 0 ? 0 : groups(tail, back, true);
        if (nf < 0 || nb < 0) {
            return false;
        }
        if (gap < 0 ? nf != 8 : nf + nb > 7) {
            return false;
        }
        System.arraycopy(front, 0, groups, 0, nf);
        System.arraycopy(back, 0, groups, 8 - nb, nb);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | groups[i];
            lo = (lo << 16) | groups[i + 4];
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    /** Reads colon-separated hex groups (the last may be a dotted quad, two groups); -1 if malformed. */
    private static int groups(String part, int[] into, boolean mayEndInIpv4) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] items = part.split(":", -1);
        int n = 0;
        for (int i = 0; i < items.length; i++) {
            String g = items[i];
            if (i == items.length - 1 && mayEndInIpv4 && g.indexOf('.') >= 0) {
                int v4;
                try {
                    v4 = Addresses.parseIpv4(g);
                } catch (IllegalArgumentException e) {
                    return -1;
                }
                if (n + 2 > 8) {
                    return -1;
                }
                into[n++] = v4 >>> 16;
                into[n++] = v4 & 0xFFFF;
                continue;
            }
            if (g.isEmpty() || g.length() > 4 || n >= 8) {
                return -1;
            }
            int v = 0;
            for (int k = 0; k < g.length(); k++) {
                int d = Character.digit(g.charAt(k), 16);
                if (d < 0 || g.charAt(k) > 'f') {
                    return -1;
                }
                v = (v << 4) | d;
            }
            into[n++] = v;
        }
        return n;
    }
}
