package dev.tattler.notice;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.event.ConnId;
import dev.tattler.event.ConnInfo;

import java.util.regex.Pattern;

/**
 * One notice to raise, as Zeek's {@code NOTICE([$note=..., $msg=..., ...])} takes it: what kind
 * of thing was noticed ({@code note}), what to tell a person, the endpoints, and how to
 * recognise a repeat of the same thing ({@code identifier}) so it is not logged again within
 * {@code suppress_for}. Built with {@link #builder}; every value is checked there, so a bad
 * notice fails where it is raised, not in the log writer.
 *
 * <pre>
 * notices.raise(Notice.builder("Worm770::Burst")
 *         .msg("UDP 770 burst from 10.0.0.5").src("10.0.0.5").dst("10.0.0.255")
 *         .identifier("10.0.0.5").advice("unplug it").build());
 * </pre>
 */
public final class Notice {
    /** Zeek enum names: {@code Module::Name} words of letters, digits and underscores. */
    private static final Pattern NOTE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*");

    final String note;
    final String msg;
    final String sub;
    final String src;
    final String dst;
    final Integer p;
    final Long n;
    final String proto;
    final String uid;
    final ConnId id;
    final String identifier;
    final Double suppressFor;
    final String advice;

    private Notice(Builder b) {
        note = b.note;
        uid = b.uid;
        id = b.id;
        // As Zeek's Notice::apply_policy: a connection fills src, dst and p where they are unset.
        src = b.src != null ? b.src : id == null ? null : id.orig_h;
        dst = b.dst != null ? b.dst : id == null ? null : id.resp_h;
        p = b.p != null ? b.p : id == null ? null : id.resp_p;
        proto = b.proto;
        msg = b.msg;
        sub = b.sub;
        n = b.n;
        identifier = b.identifier;
        suppressFor = b.suppressFor;
        advice = b.advice;
    }

    /** Starts a notice of type {@code note}, e.g. "Worm770::Burst". */
    public static Builder builder(String note) {
        return new Builder(note);
    }

    public String note() {
        return note;
    }

    public String identifier() {
        return identifier;
    }

    @Override
    public String toString() {
        return note + (msg == null ? "" : ": " + msg);
    }

    /** Collects and checks a notice's fields; IllegalArgumentException names the bad one. */
    public static final class Builder {
        private final String note;
        private String msg;
        private String sub;
        private String src;
        private String dst;
        private Integer p;
        private Long n;
        private String proto;
        private String uid;
        private ConnId id;
        private String identifier;
        private Double suppressFor;
        private String advice;

        private Builder(String note) {
            if (note == null || !NOTE.matcher(note).matches()) {
                throw new IllegalArgumentException("note must be a name like 'Worm770::Burst' (letters, digits, _"
                        + " and ::), not " + (note == null ? "null" : "'" + note + "'"));
            }
            this.note = note;
        }

        /** Human-readable message. */
        public Builder msg(String msg) {
            this.msg = msg;
            return this;
        }

        /** Human-readable sub-message: the evidence. */
        public Builder sub(String sub) {
            this.sub = sub;
            return this;
        }

        public Builder src(String address) {
            this.src = address(address, "src");
            return this;
        }

        public Builder dst(String address) {
            this.dst = address(address, "dst");
            return this;
        }

        /** Associated port, 0..65535. */
        public Builder port(Integer port) {
            if (port != null && (port < 0 || port > 65535)) {
                throw new IllegalArgumentException("p must be a port number 0..65535, not " + port);
            }
            this.p = port;
            return this;
        }

        /** Associated count (Zeek's {@code n}): how many, or a status code. */
        public Builder n(Long count) {
            if (count != null && count < 0) {
                throw new IllegalArgumentException("n must be a count (0 or more), not " + count);
            }
            this.n = count;
            return this;
        }

        /** Transport protocol, when the notice names a port without a connection: 'tcp', 'udp', 'icmp'. */
        public Builder proto(String proto) {
            this.proto = proto;
            return this;
        }

        /** The connection the notice is about: fills uid, id and proto (and src, dst, p if unset). */
        public Builder conn(ConnInfo c) {
            if (c != null) {
                this.uid = c.uid;
                this.id = c.id;
                this.proto = c.proto;
            }
            return this;
        }

        /** A connection given by uid and endpoints, for analyzers without a ConnInfo at hand. */
        public Builder conn(String uid, ConnId id, String proto) {
            this.uid = uid;
            this.id = id;
            this.proto = proto;
            return this;
        }

        /** Same note and identifier within {@code suppress_for} seconds: logged once. Null: never suppressed. */
        public Builder identifier(String identifier) {
            this.identifier = identifier;
            return this;
        }

        /** Seconds of network time to suppress repeats; 0 disables; null uses the default (3600). */
        public Builder suppressFor(Double seconds) {
            if (seconds != null && (seconds.isNaN() || seconds < 0 || seconds.isInfinite())) {
                throw new IllegalArgumentException("suppress_for must be seconds, 0 or more, not " + seconds);
            }
            this.suppressFor = seconds;
            return this;
        }

        /** What to do about it: containment advice, in a column of its own. */
        public Builder advice(String advice) {
            this.advice = advice;
            return this;
        }

        public Notice build() {
            return new Notice(this);
        }

        private static String address(String a, String field) {
            if (a != null && !LocalAddresses.isAddress(a)) {
                throw new IllegalArgumentException(field + " must be an IPv4 or IPv6 address, not '" + a + "'");
            }
            return a;
        }
    }
}
