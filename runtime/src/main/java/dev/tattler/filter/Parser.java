package dev.tattler.filter;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.decode.Addresses;
import dev.tattler.decode.PacketView;
import dev.tattler.filter.Lexer.Token;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recursive-descent parser for the pcap-filter(7) subset (docs/scripting.md): builds the
 * {@link Condition} tree. As in tcpdump, {@code and} and {@code or} have equal precedence and
 * associate left to right, {@code not} binds tightest, and a bare value after {@code and}/
 * {@code or} takes the qualifiers of the primitive before it ({@code host a or b},
 * {@code src port 1 or 2}).
 */
final class Parser {
    private static final Set<String> BYTE_PROTOCOLS = Set.of("ether", "ip", "ip6", "arp", "tcp", "udp", "icmp",
            "icmp6");
    private static final Set<String> TYPES = Set.of("host", "net", "port", "portrange");
    private static final Set<String> UNSUPPORTED = Set.of("gateway", "proto", "protochain", "mpls", "pppoed",
            "pppoes", "geneve", "sctp", "decnet", "atalk", "ipx", "iso", "stp", "netbeui", "ah", "esp", "vrrp",
            "carp", "pim", "igmp", "igrp", "inbound", "outbound", "ifname", "on", "rnr", "rulenum", "reason",
            "rset", "srnr", "subrulenum", "action", "type", "subtype", "wlan", "fddi", "tr", "ppp", "slip", "link",
            "llc", "radio", "lat", "moprc", "mopdl", "sca", "clnp", "esis", "isis", "l1", "l2", "iih", "lsp",
            "snp", "csnp", "psnp", "vxlan");
    private static final String PRIMITIVES = "expected a primitive such as host, net, port, portrange, ether,"
            + " ip, ip6, arp, tcp, udp, icmp, vlan, less, greater or proto[...]";

    /** The protocol qualifier of a host, net or port primitive. */
    private enum Proto { NONE, ETHER, IP, IP6, ARP, RARP, TCP, UDP }

    private enum Type { HOST, NET, PORT, PORTRANGE }

    /** The qualifiers of the last qualified primitive, for a bare value that follows it. */
    private static final class Qualifiers {
        final Proto proto;
        final Direction direction;
        final Type type;

        Qualifiers(Proto proto, Direction direction, Type type) {
            this.proto = proto;
            this.direction = direction;
            this.type = type;
        }
    }

    private final List<Token> tokens;
    private int pos;
    private Qualifiers last;

    private Parser(String text) {
        this.tokens = Lexer.tokens(text);
    }

    static Condition parse(String text) {
        Parser p = new Parser(text);
        if (p.peek().is("")) {
            throw new FilterException("empty filter", 1, PRIMITIVES);
        }
        Condition c = p.expression();
        if (!p.peek().is("")) {
            throw p.unexpected(p.peek(), "expected and, or, or the end of the filter");
        }
        return c;
    }

    // --- boolean structure -------------------------------------------------------------------

    private Condition expression() {
        Condition left = unary();
        while (true) {
            if (accept("and") || accept("&&")) {
                left = new Condition.And(left, unary());
            } else if (accept("or") || accept("||")) {
                left = AddressCondition.Ipv4Set.or(left, unary());
            } else {
                return left;
            }
        }
    }

    private Condition unary() {
        if (accept("not") || accept("!")) {
            return new Condition.Not(unary());
        }
        if (peek().is("(")) {
            // A parenthesis opens either a boolean group or arithmetic: try the group first.
            int start = pos;
            Qualifiers before = last;
            try {
                pos++;
                Condition group = expression();
                expect(")");
                return group;
            } catch (FilterException asGroup) {
                pos = start;
                last = before;
                try {
                    return relation();
                } catch (FilterException asArithmetic) {
                    throw asArithmetic.position() >= asGroup.position() ? asArithmetic : asGroup;
                }
            }
        }
        return primitive();
    }

    // --- primitives ---------------------------------------------------------------------------

    private Condition primitive() {
        Token t = peek();
        if (t.is("-")) {
            return relation();
        }
        if (!t.word) {
            throw unexpected(t, PRIMITIVES);
        }
        String w = t.text;
        if ((BYTE_PROTOCOLS.contains(w) && peek(1).is("[")) || w.equals("len") || Names.constant(w) != null
                || (isNumber(w) && isOperator(peek(1)) && !(last != null && last.type == Type.PORTRANGE))) {
            return relation();
        }
        switch (w) {
            case "ether":
                return ether();
            case "ip":
            case "ip6":
            case "arp":
            case "rarp":
                return network(w);
            case "tcp":
            case "udp":
                pos++;
                return qualifiedOrPresence(w.equals("tcp") ? Proto.TCP : Proto.UDP,
                        new Condition.IpProtocol(w.equals("tcp") ? 6 : 17, 0));
            case "icmp":
                pos++;
                return new Condition.IpProtocol(1, 4);
            case "icmp6":
                pos++;
                return new Condition.IpProtocol(58, 6);
            case "vlan":
                pos++;
                return new Condition.Vlan(peek().word && isNumber(peek().text) ? (int) number(next(), 4095) : -1);
            case "less":
            case "greater":
                pos++;
                return new Arith.Comparison(w.equals("less") ? "<=" : ">=", new Arith.Length(),
                        new Arith.Constant(number(next(), Arith.MASK)));
            case "broadcast":
                pos++;
                return new AddressCondition.Ether(0xFFFF_FFFF_FFFFL, Direction.DST);
            case "multicast":
                pos++;
                return new AddressCondition.EtherMulticast();
            case "src":
            case "dst":
            case "host":
            case "net":
            case "port":
            case "portrange":
                return qualified(Proto.NONE);
            default:
                break;
        }
        if (UNSUPPORTED.contains(w)) {
            throw new FilterException("'" + w + "' is not supported by Tattler's filters", t.position, PRIMITIVES);
        }
        if (!looksLikeValue(w)) {
            throw new FilterException("unknown word '" + w + "'", t.position, PRIMITIVES);
        }
        Qualifiers q = last != null ? last : new Qualifiers(Proto.NONE, Direction.EITHER, null);
        return value(q, next());
    }

    private Condition ether() {
        pos++;
        if (accept("broadcast")) {
            return new AddressCondition.Ether(0xFFFF_FFFF_FFFFL, Direction.DST);
        }
        if (accept("multicast")) {
            return new AddressCondition.EtherMulticast();
        }
        return qualifiedOrPresence(Proto.ETHER, new Condition.Ethernet());
    }

    private Condition network(String w) {
        pos++;
        Proto proto = w.equals("ip") ? Proto.IP : w.equals("ip6") ? Proto.IP6 : w.equals("arp") ? Proto.ARP : Proto.RARP;
        if (peek().is("broadcast") && proto == Proto.IP) {
            throw new FilterException("'ip broadcast' needs the local netmask, which a filter does not know;"
                    + " name the address instead (e.g. dst host 10.1.255.255)", peek().position, null);
        }
        if (peek().is("multicast") && (proto == Proto.IP || proto == Proto.IP6)) {
            pos++;
            Arith.Base base = proto == Proto.IP ? Arith.Base.IP : Arith.Base.IP6;
            Arith firstByte = new Arith.Load(base, new Arith.Constant(proto == Proto.IP ? 16 : 24), 1);
            return new Arith.Comparison(">=", firstByte, new Arith.Constant(proto == Proto.IP ? 224 : 255));
        }
        int type = proto == Proto.IP ? 0x0800 : proto == Proto.IP6 ? 0x86DD : proto == Proto.ARP ? 0x0806 : 0x8035;
        return qualifiedOrPresence(proto, new Condition.EtherType(type));
    }

    /** A protocol word followed by a direction or type is qualified; alone it means "has this protocol". */
    private Condition qualifiedOrPresence(Proto proto, Condition presence) {
        Token t = peek();
        if (t.is("src") || t.is("dst") || (t.word && TYPES.contains(t.text))) {
            return qualified(proto);
        }
        return presence;
    }

    /** {@code [proto] [src|dst|src or dst|src and dst] [host|net|port|portrange] VALUE}. */
    private Condition qualified(Proto proto) {
        Direction direction = Direction.EITHER;
        boolean directed = false;
        if (peek().is("src") || peek().is("dst")) {
            String first = next().text;
            String other = first.equals("src") ? "dst" : "src";
            directed = true;
            direction = first.equals("src") ? Direction.SRC : Direction.DST;
            if ((peek().is("or") || peek().is("and")) && peek(1).is(other)) {
                direction = next().is("or") ? Direction.EITHER : Direction.BOTH;
                pos++;
            }
        }
        Type type = null;
        Token t = peek();
        if (t.word && TYPES.contains(t.text)) {
            type = Type.valueOf(next().text.toUpperCase(java.util.Locale.ROOT));
        } else if (!directed || !t.word || !looksLikeValue(t.text)) {
            throw t.is("") ? unexpected(t, "expected host, net, port, portrange")
                    : new FilterException((t.word ? "unknown word '" : "unexpected '") + t.text + "'", t.position,
                    "expected host, net, port, portrange");
        }
        Qualifiers q = new Qualifiers(proto, direction, type);
        last = q;
        return value(q, next());
    }

    /** The primitive for one value under qualifiers (type null: host, or a MAC under ether). */
    private Condition value(Qualifiers q, Token v) {
        if (!v.word) {
            throw unexpected(v, "expected an address or a number");
        }
        Type type = q.type == null ? Type.HOST : q.type;
        boolean transport = q.proto == Proto.TCP || q.proto == Proto.UDP;
        if (type == Type.PORT || type == Type.PORTRANGE) {
            if (q.proto == Proto.ETHER || q.proto == Proto.ARP || q.proto == Proto.RARP) {
                throw new FilterException("'" + q.proto.name().toLowerCase(java.util.Locale.ROOT)
                        + "' cannot qualify '" + type.name().toLowerCase(java.util.Locale.ROOT) + "'", v.position, null);
            }
            int low = (int) number(v, 65535);
            int high = low;
            if (type == Type.PORTRANGE) {
                expect("-");
                high = (int) number(next(), 65535);
            }
            int layers = q.proto == Proto.TCP ? PacketView.TCP : q.proto == Proto.UDP ? PacketView.UDP
                    : PacketView.TCP | PacketView.UDP;
            int version = q.proto == Proto.IP ? 4 : q.proto == Proto.IP6 ? 6 : 0;
            return new PortCondition(layers, version, q.direction, Math.min(low, high), Math.max(low, high));
        }
        if (transport) {
            throw new FilterException("'" + q.proto.name().toLowerCase(java.util.Locale.ROOT) + "' cannot qualify '"
                    + type.name().toLowerCase(java.util.Locale.ROOT) + "'", v.position, "use port or portrange");
        }
        if (q.proto == Proto.ETHER) {
            if (type == Type.NET) {
                throw new FilterException("'ether' cannot qualify 'net'", v.position, null);
            }
            return new AddressCondition.Ether(mac(v), q.direction);
        }
        return type == Type.NET ? net(q, v) : host(q, v);
    }

    private Condition host(Qualifiers q, Token v) {
        if (isMac(v.text)) {
            throw new FilterException("'" + v.text + "' is a MAC address", v.position, "use ether host");
        }
        long[] bits = new long[2];
        int version = address(v, bits);
        if (version == 6) {
            requireIpv6(q, v);
            return new AddressCondition.Ipv6(bits[0], bits[1], 128, q.direction);
        }
        return ipv4(q, v, (int) bits[1], -1);
    }

    private Condition net(Qualifiers q, Token v) {
        long[] bits = new long[2];
        if (!v.text.contains(":") && !isDottedQuad(v.text)) {
            return abbreviatedNet(q, v);
        }
        int version = address(v, bits);
        int width = version == 6 ? 128 : 32;
        int prefix = width;
        if (accept("/")) {
            prefix = (int) number(next(), width);
        } else if (version == 4 && accept("mask")) {
            Token m = next();
            if (!m.word || !isDottedQuad(m.text)) {
                throw unexpected(m, "expected a dotted-quad mask");
            }
            int mask = Addresses.parseIpv4(m.text);
            return ipv4(q, v, (int) bits[1] & mask, mask);
        }
        if (version == 6) {
            requireIpv6(q, v);
            return new AddressCondition.Ipv6(bits[0], bits[1], prefix, q.direction);
        }
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return ipv4(q, v, (int) bits[1], mask);
    }

    /** tcpdump's short nets: {@code net 10} is 10/8, {@code net 10.40} is 10.40/16, {@code net 10.40.1} /24. */
    private Condition abbreviatedNet(Qualifiers q, Token v) {
        String[] parts = v.text.split("\\.", -1);
        if (parts.length > 3) {
            throw new FilterException("'" + v.text + "' is not a network", v.position, "expected e.g. 10.40 or 10.0.0.0/8");
        }
        int address = 0;
        for (String part : parts) {
            if (!isNumber(part) || part.startsWith("0x")) {
                throw new FilterException("'" + v.text + "' is not a network", v.position,
                        "expected e.g. 10.40 or 10.0.0.0/8");
            }
            address = (address << 8) | (int) number(new Token(part, true, v.position), 255);
        }
        int bitsUsed = 8 * parts.length;
        return ipv4(q, v, address << (32 - bitsUsed), -1 << (32 - bitsUsed));
    }

    private Condition ipv4(Qualifiers q, Token v, int address, int mask) {
        if (q.proto == Proto.IP6) {
            throw new FilterException("'ip6' with the IPv4 address '" + v.text + "'", v.position, null);
        }
        if (q.proto == Proto.RARP) {
            throw new FilterException("'rarp' addresses are not supported (Tattler does not decode RARP)",
                    v.position, "e.g. rarp and ether src MAC instead");
        }
        boolean ip = q.proto == Proto.NONE || q.proto == Proto.IP;
        boolean arp = q.proto == Proto.NONE || q.proto == Proto.ARP || q.proto == Proto.RARP;
        return new AddressCondition.Ipv4(address, mask, q.direction, ip, arp);
    }

    private static void requireIpv6(Qualifiers q, Token v) {
        if (q.proto != Proto.NONE && q.proto != Proto.IP6) {
            throw new FilterException("'" + q.proto.name().toLowerCase(java.util.Locale.ROOT)
                    + "' with the IPv6 address '" + v.text + "'", v.position, null);
        }
    }

    private static int address(Token v, long[] bits) {
        try {
            return LocalAddresses.parse(v.text, bits);
        } catch (IllegalArgumentException e) {
            throw new FilterException("'" + v.text + "' is not an IP address", v.position,
                    "host names are not resolved");
        }
    }

    private static long mac(Token v) {
        if (!isMac(v.text)) {
            throw new FilterException("'" + v.text + "' is not a MAC address", v.position, "expected e.g. 0:1a:2b:3c:4d:5e");
        }
        long mac = 0;
        for (String part : v.text.split(":")) {
            mac = (mac << 8) | Integer.parseInt(part, 16);
        }
        return mac;
    }

    // --- byte expressions ---------------------------------------------------------------------

    /** {@code ARITH OP ARITH}. */
    private Condition relation() {
        Arith left = arith(0);
        Token op = peek();
        if (!Arith.Comparison.isOperator(op.text)) {
            throw unexpected(op, "expected a comparison: =, ==, !=, <, <=, >, >=");
        }
        pos++;
        return new Arith.Comparison(op.text, left, arith(0));
    }

    /** Binary operators by precedence, loosest first (tcpdump's grammar). */
    private static final String[][] LEVELS = {{"|", "^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "%"}};

    private Arith arith(int level) {
        if (level == LEVELS.length) {
            return atom();
        }
        Arith left = arith(level + 1);
        while (true) {
            String op = null;
            for (String candidate : LEVELS[level]) {
                if (peek().is(candidate) && !peek().word) {
                    op = candidate;
                }
            }
            if (op == null) {
                return left;
            }
            pos++;
            left = new Arith.Binary(op, left, arith(level + 1));
        }
    }

    private Arith atom() {
        Token t = next();
        if (t.is("-")) {
            return new Arith.Negate(atom());
        }
        if (t.is("(")) {
            Arith inner = arith(0);
            expect(")");
            return inner;
        }
        if (!t.word) {
            throw unexpected(t, "expected a number, len or proto[...]");
        }
        if (t.is("len")) {
            return new Arith.Length();
        }
        Integer named = Names.constant(t.text);
        if (named != null) {
            return new Arith.Constant(named);
        }
        if (BYTE_PROTOCOLS.contains(t.text) && peek().is("[")) {
            return load(Arith.Base.valueOf(t.text.toUpperCase(java.util.Locale.ROOT)));
        }
        if (isNumber(t.text)) {
            return new Arith.Constant(number(t, Arith.MASK));
        }
        throw new FilterException("unknown word '" + t.text + "'", t.position, "expected a number, len or proto[...]");
    }

    private Arith load(Arith.Base base) {
        expect("[");
        Arith index = arith(0);
        int size = 1;
        if (accept(":")) {
            Token s = next();
            if (!s.is("1") && !s.is("2") && !s.is("4")) {
                throw unexpected(s, "the size must be 1, 2 or 4");
            }
            size = Integer.parseInt(s.text);
        }
        expect("]");
        return new Arith.Load(base, index, size);
    }

    // --- tokens and values ----------------------------------------------------------------------

    private Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = peek();
        if (pos < tokens.size() - 1) {
            pos++;
        }
        return t;
    }

    private boolean accept(String text) {
        if (peek().is(text) && !peek().is("")) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String text) {
        if (!accept(text)) {
            throw unexpected(peek(), "expected '" + text + "'");
        }
    }

    private FilterException unexpected(Token t, String expected) {
        if (t.is("")) {
            return new FilterException("unexpected end of filter", t.position, expected);
        }
        return new FilterException((t.word ? "unexpected word '" : "unexpected '") + t.text + "'", t.position, expected);
    }

    // Compiled once: a script may compile many filters (worm770 narrows its own as it learns).
    private static final Pattern NUMBER = Pattern.compile("0[xX][0-9a-fA-F]+|[0-9]+");
    private static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9][0-9.]*");

    private static boolean isOperator(Token t) {
        return !t.word && !t.is("") && !t.is("(") && !t.is(")") && !t.is("!") && !t.is("&&") && !t.is("||");
    }

    /** Decimal, 0x hex or leading-0 octal, as tcpdump reads numbers. */
    private static boolean isNumber(String s) {
        return NUMBER.matcher(s).matches();
    }

    private static long number(Token t, long max) {
        String s = t.text;
        if (!t.word || !isNumber(s)) {
            throw new FilterException(t.is("") ? "unexpected end of filter" : "'" + s + "' is not a number",
                    t.position, "expected a number");
        }
        long value;
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                value = Long.parseLong(s.substring(2), 16);
            } else if (s.length() > 1 && s.startsWith("0")) {
                value = Long.parseLong(s, 8);
            } else {
                value = Long.parseLong(s);
            }
        } catch (NumberFormatException e) {
            value = Long.MAX_VALUE;
        }
        if (value > max) {
            throw new FilterException("number " + s + " is too large", t.position, "at most " + max);
        }
        return value;
    }

    private static boolean isDottedQuad(String s) {
        return DOTTED_QUAD.matcher(s).matches();
    }

    private static boolean isMac(String s) {
        return MAC.matcher(s).matches();
    }

    /** An address, a MAC or a number: something a qualifier can apply to (not a keyword). */
    private static boolean looksLikeValue(String s) {
        return isNumber(s) || isMac(s) || DIGITS_AND_DOTS.matcher(s).matches() || LocalAddresses.isAddress(s);
    }
}
