package dev.tattler.conn;

import dev.tattler.analysis.LocalAddresses;
import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PacketRecord;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.decode.WeirdSink;
import dev.tattler.generate.FrameBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * A connection tracker fed with frames built by {@link FrameBuilder}, on a clock the test moves,
 * recording what the tracker tells its listener: events in order, removed connections, weirds.
 */
final class Flows implements ConnTracker.Listener {
    static final long SECOND = 1_000_000_000L;
    static final long MS = 1_000_000L;
    static final long CLIENT_MAC = 0x0200_0000_0001L;
    static final long SERVER_MAC = 0x0200_0000_0002L;

    final FrameBuilder fb = new FrameBuilder();
    final ConnTracker tracker;
    final List<String> events = new ArrayList<>();
    final List<Connection> removed = new ArrayList<>();
    /** The tracker's count as each removal was reported: the connections not removed yet. */
    final List<Integer> stillOpen = new ArrayList<>();
    final List<String> weirds = new ArrayList<>();
    private final PacketDecoder decoder = new PacketDecoder(this::decodeWeird);
    private final PacketView view = new PacketView();
    private final PacketRecord record = new PacketRecord();
    long now = 1_600_000_000L * SECOND;
    /** True: record nothing (a test measuring allocation). */
    boolean quiet;
    private int ipId = 1;

    Flows() {
        this(ConnConfig.defaults());
    }

    Flows(ConnConfig config) {
        tracker = new ConnTracker(config, LocalAddresses.of(List.of()), 42, this);
    }

    private void decodeWeird(String name, String addl, PacketView v) {
        weird(name);
    }

    private void weird(String name) {
        weirds.add(name);
        List<String> all = ConnTrackerTest.RECORD.get();
        if (all != null) {
            all.add(name);
        }
    }

    /** Moves the clock forward. */
    Flows after(long nanos) {
        now += nanos;
        return this;
    }

    /** Runs the timers up to the current time, as the engine does before a packet. */
    void tick() {
        tracker.advance(now);
    }

    /** Feeds the frame last built in {@link #fb} at the current time. */
    PacketView send() {
        return send(fb.buffer(), fb.length());
    }

    PacketView send(byte[] frame, int length) {
        record.set(frame, 0, length, length, now, LinkTypes.ETHERNET, 0);
        tracker.advance(now);
        decoder.decode(record, view);
        tracker.packet(view);
        return view;
    }

    /** A TCP segment with {@code len} payload bytes (all 'x'). */
    Flows tcp(String src, int sport, String dst, int dport, long seq, long ack, int flags, int len) {
        return tcp(src, sport, dst, dport, seq, ack, flags, len, 65_535);
    }

    Flows tcp(String src, int sport, String dst, int dport, long seq, long ack, int flags, int len, int window) {
        byte[] payload = new byte[len];
        java.util.Arrays.fill(payload, (byte) 'x');
        boolean fromClient = src.startsWith("10.");
        fb.tcp(fromClient ? SERVER_MAC : CLIENT_MAC, fromClient ? CLIENT_MAC : SERVER_MAC, ipId++, 64,
                FrameBuilder.ip(src), FrameBuilder.ip(dst), sport, dport, seq, ack, flags, window, payload, 0, len);
        send();
        return this;
    }

    Flows udp(String src, int sport, String dst, int dport, int len) {
        byte[] payload = new byte[len];
        fb.udp(SERVER_MAC, CLIENT_MAC, ipId++, 64, FrameBuilder.ip(src), FrameBuilder.ip(dst), sport, dport,
                payload, 0, len);
        send();
        return this;
    }

    /** The only connection removed so far. */
    Connection only() {
        if (removed.size() != 1) {
            throw new AssertionError("expected one removed connection, got " + removed);
        }
        return removed.get(0);
    }

    /** "history state origBytes respBytes origPkts respPkts" of a removed connection. */
    static String summary(Connection c) {
        return c.history() + " " + c.connState() + " " + c.origBytes() + " " + c.respBytes() + " "
                + c.origPkts() + " " + c.respPkts();
    }

    @Override
    public void newConnection(Connection c) {
        if (!quiet) {
            events.add("new " + c.origPort() + ">" + c.respPort());
        }
    }

    @Override
    public void established(Connection c) {
        events.add("established");
    }

    @Override
    public void attempt(Connection c) {
        events.add("attempt");
    }

    @Override
    public void removed(Connection c) {
        events.add("removed " + c.connState());
        removed.add(c);
        stillOpen.add(tracker.size());
    }

    @Override
    public void udp(Connection c, boolean fromOrig, PacketView v) {
        if (!quiet) {
            events.add(fromOrig ? "udp_request" : "udp_reply");
        }
    }

    @Override
    public void icmp(Connection c, boolean fromOrig, PacketView v) {
        events.add("icmp " + v.icmpType() + (fromOrig ? " orig" : " resp"));
    }

    @Override
    public void weird(String name, String addl, Connection c, PacketView v, String src, String dst) {
        weird(name);
    }
}
