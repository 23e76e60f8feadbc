package dev.tattler.engine;

import dev.tattler.analysis.ArpAnalyzer;
import dev.tattler.analysis.BroadcastClassifier;
import dev.tattler.analysis.LocalAddresses;
import dev.tattler.analysis.LocalNets;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;
import dev.tattler.conn.ConnTracker;
import dev.tattler.conn.Connection;
import dev.tattler.conn.HostTracking;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.decode.WeirdSink;
import dev.tattler.decode.Weirds;
import dev.tattler.event.ArpInfo;
import dev.tattler.event.BroadcastInfo;
import dev.tattler.event.ConnInfo;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventType;
import dev.tattler.event.IcmpError;
import dev.tattler.event.IcmpInfo;
import dev.tattler.event.LastPacket;
import dev.tattler.event.PacketInfo;
import dev.tattler.event.Times;
import dev.tattler.event.WeirdInfo;
import dev.tattler.log.LogFormat;
import dev.tattler.log.LogManager;
import dev.tattler.log.Reporter;
import dev.tattler.notice.Notices;

import java.io.IOException;

/**
 * Turns packets into events. One instance per engine thread:
 *
 * <pre>
 *  PacketSource ─next─> PacketRecord ─decode─> PacketView ─┬─ raw_packet
 *                                                          ├─ ArpAnalyzer ──── arp_request / arp_reply / bad_arp
 *                                                          ├─ ConnTracker ──── new_connection, udp_request / udp_reply,
 *                                                          │    (TCP, UDP,      connection_established / _attempt,
 *                                                          │     ICMP, other)   icmp_*, connection_state_remove + conn.log
 *                                                          └─ Broadcast ────── broadcast_seen
 *                         decoders, analyzers ─weird─> weird.log + weird event
 *  network time ─> NetworkTimers (script timers fire before the packet that passes them)
 *  Notices ─> notice.log + notice event; Reporter ─> reporter.log (both through the LogManager)
 * </pre>
 *
 * Event objects ({@link PacketInfo} and friends) are built only when some handler wants the
 * event, and the packet's snapshot at most once per packet. Before each packet-borne event the
 * bus is told which packet it is about ({@link EventBus#packet}: the frame, a reassembled
 * datagram, or none for timers and the capture file), so that handlers with a packet filter
 * see only the packets it matches. Nothing thrown by a handler or caused by packet content
 * leaves {@link #process}.
 */
public final class EventEngine implements WeirdSink, AutoCloseable {
    private final EventBus bus;
    private final Reporter reporter;
    private final PacketDecoder decoder;
    private final PacketView view = new PacketView();
    private final PacketRecord record = new PacketRecord();
    private final BroadcastClassifier broadcasts;
    private final ConnTracker conns;
    private final ConnLog connLog;
    private final WeirdLog weirdLog;
    private final EngineConfig config;
    private final LogManager logs;
    private final boolean ownsLogs;
    private final NetworkTimers timers;
    private final Notices notices;
    private final WeirdSampler weirdSampler = new WeirdSampler();
    private final Evidence evidence = new Evidence();
    /** How far behind the wall clock network time stays while a live source is idle. */
    private static final long IDLE_CLOCK_LAG_NANOS = 1_000_000_000L;
    private PacketInfo packetInfo;
    private HostTracking hostTracking;
    /** Whether this engine notes each frame in {@link #hostTracking} itself, or the reading thread does. */
    private boolean tracksHostsItself;
    /** The frames host queries answer from: lastSeen up to hostsThrough, lastPacket up to pairsThrough. */
    private long hostsThrough;
    private long pairsThrough;
    /** The latest packet time among the frames up to pairsThrough: lastPacket's five minutes count from it. */
    private long pairsLatest = Long.MIN_VALUE;
    private long packets;
    private long bytes;
    private long networkTime;
    private boolean started;
    private boolean done;
    private volatile boolean stopRequested;
    private volatile boolean choresDue;
    private Runnable chores = () -> { };

    /** An engine with its own TSV logs in {@code config.logDir()}, closed by {@link #finish}. */
    public EventEngine(EngineConfig config, EventBus bus, Reporter reporter) throws IOException {
        this(config, bus, reporter, new LogManager(config.logDir(), LogFormat.TSV), true);
    }

    /**
     * An engine writing notice.log, reporter.log and script logs through {@code logs}, which the
     * caller closes (after {@link #finish}). The reporter is attached to {@code logs} and network
     * time unless it already writes elsewhere.
     */
    public EventEngine(EngineConfig config, EventBus bus, Reporter reporter, LogManager logs) throws IOException {
        this(config, bus, reporter, logs, false);
    }

    private EventEngine(EngineConfig config, EventBus bus, Reporter reporter, LogManager logs, boolean ownsLogs)
            throws IOException {
        this.bus = bus;
        this.reporter = reporter;
        this.config = config;
        this.decoder = new PacketDecoder(this, config.ignoreChecksums());
        this.logs = logs;
        this.ownsLogs = ownsLogs;
        reporter.attach(logs);
        reporter.useClock(this::networkTime);
        this.timers = new NetworkTimers(e -> reporter.error("timer failed: " + e.getMessage()));
        this.notices = new Notices(logs, bus, this::networkTime);
        this.broadcasts = new BroadcastClassifier(new LocalNets(config.localNets()));
        this.connLog = new ConnLog(logs);
        this.conns = new ConnTracker(config.conn(), LocalAddresses.of(config.localNets()), config.uidSeed(),
                new ConnEvents());
        this.weirdLog = new WeirdLog(logs);
    }

    /** The logs the engine itself writes (conn, weird, notice, reporter), for documentation and tools. */
    public static java.util.List<dev.tattler.log.LogSchema> builtInLogs() {
        return java.util.List.of(ConnLog.SCHEMA, WeirdLog.SCHEMA, Notices.SCHEMA, Reporter.SCHEMA);
    }

    public EventBus bus() {
        return bus;
    }

    public EngineConfig config() {
        return config;
    }

    public Reporter reporter() {
        return reporter;
    }

    /** The run's logs: notice, reporter and the scripts' own. */
    public LogManager logs() {
        return logs;
    }

    /** Timers on network time ({@code tattler.schedule}). */
    public NetworkTimers timers() {
        return timers;
    }

    /** Frames scripts asked to keep as evidence ({@code tattler.evidence}). */
    public Evidence evidence() {
        return evidence;
    }

    /** The notice framework, for scripts and Java analyzers. */
    public Notices notices() {
        return notices;
    }

    /**
     * Snapshots of the connections still open (not yet in conn.log), least recently active
     * first: for tools that look at the table between packets, such as the REPL.
     */
    public java.util.List<ConnInfo> openConnections() {
        java.util.List<ConnInfo> out = new java.util.ArrayList<>(conns.size());
        conns.forEach(c -> out.add(new ConnInfo(c)));
        return out;
    }

    /** Network time: the timestamp of the latest packet, in nanoseconds. */
    public long networkTime() {
        return networkTime;
    }

    /** Runs {@code tattler_init}; called once before the first packet. */
    public void start() {
        if (!started) {
            started = true;
            bus.publish(EventType.TATTLER_INIT, null, null);
        }
    }

    /**
     * Reads the whole source (a live one until it is stopped). A corrupt capture
     * ({@link dev.tattler.capture.CaptureFormatException}) propagates after what was read has been
     * processed; a cut file becomes a weird. Between two packets, and while a live source is
     * idle, the {@link #setChores chores} run when requested.
     */
    public RunSummary run(PacketSource source) throws IOException {
        start();
        while (!stopRequested) {
            if (source.next(record)) {
                process(record);
            } else if (source.idle()) {
                idle(System.currentTimeMillis() * 1_000_000L - IDLE_CLOCK_LAG_NANOS);
            } else {
                break;
            }
            if (choresDue) {
                runChores();
            }
        }
        String cut = source.truncation();
        if (cut != null) {
            captureWeird(Weirds.CAPTURE_FILE_TRUNCATED, cut);
        }
        return summary(cut);
    }

    /**
     * Asks {@link #run} to stop before the next packet (Ctrl-C, SIGTERM); safe from any thread.
     * The run then ends as at the end of the capture.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Sets the work {@link #run} does on the engine thread between two packets (or while a live
     * source is idle) once {@link #requestChores()} was called: log rotation, stats, flushing,
     * script reloads. Replaces any earlier task. It must not block for long: packets wait.
     */
    public void setChores(Runnable task) {
        chores = java.util.Objects.requireNonNull(task);
    }

    /** Asks {@link #run} to do its chores before the next packet; safe from any thread, e.g. a ticker. */
    public void requestChores() {
        choresDue = true;
    }

    private void runChores() {
        choresDue = false;
        try {
            chores.run();
        } catch (RuntimeException e) {
            reporter.error("housekeeping failed: " + e); // the packet loop goes on
        }
    }

    /**
     * A live source with nothing to read: network time follows the clock, as Zeek's does on a
     * quiet live interface, so that timers, connection timeouts and log rotation still happen.
     * The clock is taken a little in the past because frames already captured may still be on
     * their way (libpcap delivers in blocks, every 50 ms at the latest).
     */
    private void idle(long clockNanos) {
        if (clockNanos > networkTime) {
            networkTime = clockNanos;
            timers.advance(networkTime);
            conns.advance(networkTime);
        }
    }

    /**
     * Starts noting when each host last sent a packet, and what it last sent to each other host,
     * for {@link #lastSeen} and {@link #lastPacket}; the script host turns it on, so a run
     * without scripts does not pay for it.
     */
    public void trackHostActivity() {
        if (hostTracking == null) {
            hostTracking = HostTracking.inline();
            tracksHostsItself = true;
        }
    }

    /**
     * As {@link #trackHostActivity}, with tables the capture's reading thread keeps (its
     * {@code ReaderPass}) from the first frame on; call before the first packet.
     */
    public void trackHostActivity(HostTracking keptByReader) {
        hostTracking = keptByReader;
        tracksHostsItself = false;
    }

    /**
     * The last packet of protocol {@code proto} ("udp", "tcp", "icmp", "icmp6", "ip"; null for
     * any) that {@code src} sent to {@code dst} (IPv4 or IPv6 text) before the packet being
     * handled now, or null if there was none in the last five minutes of network time (or
     * tracking is off); IllegalArgumentException for a malformed address or protocol.
     */
    public LastPacket lastPacket(String src, String dst, String proto) {
        if (hostTracking == null) {
            return null;
        }
        return hostTracking.lastPacket(src, dst, proto, pairsThrough, pairsLatest);
    }

    /**
     * When {@code address} (IPv4 or IPv6 text) last sent a packet, in seconds since the epoch,
     * or null if it sent none since tracking started; IllegalArgumentException for a malformed address.
     */
    public Double lastSeen(String address) {
        if (hostTracking == null) {
            return null;
        }
        long nanos = hostTracking.lastSeen(address, hostsThrough);
        return nanos < 0 ? null : Times.seconds(nanos);
    }

    /** Packets processed so far. */
    public long packets() {
        return packets;
    }

    /** Bytes on the wire of the packets processed so far. */
    public long bytes() {
        return bytes;
    }

    /** Connections in the table now (not yet in conn.log). */
    public int connectionCount() {
        return conns.size();
    }

    /** Processes one frame. */
    public void process(PacketRecord r) {
        packets++;
        evidence.indexed(r);
        bytes += r.wireLength;
        packetInfo = null;
        if (r.timestampNanos > networkTime) {
            networkTime = r.timestampNanos;
        }
        timers.advance(networkTime); // due timers fire before this packet; one compare when none is
        conns.advance(networkTime); // connection timeouts too
        decoder.decode(r, view);
        bus.packet(view); // a new packet in the same view: drop filter results of the last one
        if (!view.has(PacketView.LINK)) {
            return;
        }
        if (hostTracking != null) {
            if (tracksHostsItself) {
                hostTracking.record(view);
            }
            hostsThrough = r.number; // lastSeen counts this packet from now on
        }
        if (bus.wants(EventType.RAW_PACKET)) {
            bus.publish(EventType.RAW_PACKET, packet(), null);
        }
        if (view.has(PacketView.ARP)) {
            arp();
        }
        if (view.ipVersion() != 0) {
            conns.packet(view);
        }
        broadcast();
        if (hostTracking != null) {
            pairsAfter(r); // after the handlers: during them, lastPacket answers with the packet before
        }
    }

    /** lastPacket counts {@code r} from now on. */
    private void pairsAfter(PacketRecord r) {
        pairsThrough = r.number;
        if (view.ipVersion() != 0 && view.ipSrc() >= 0 && view.ipDst() >= 0 && r.timestampNanos > pairsLatest) {
            pairsLatest = r.timestampNanos;
        }
        // Pairs idle for five minutes before this may go. A volatile write, so only now and then
        // (a time that lags a little keeps a few more pairs, never fewer), whichever thread keeps
        // the tables: on every packet it was a store fence on the engine thread's hot path.
        if ((r.number & 1023) == 0) {
            hostTracking.keepSince(pairsLatest);
        }
    }

    private PacketInfo packet() {
        if (packetInfo == null) {
            packetInfo = new PacketInfo(view);
        }
        return packetInfo;
    }

    private void arp() {
        filterOn(view);
        String explanation = ArpAnalyzer.explain(view);
        if (explanation != null) {
            if (bus.wants(EventType.BAD_ARP)) {
                bus.publish(EventType.BAD_ARP, new ArpInfo(view), explanation);
            }
            return;
        }
        EventType type = view.arpOp() == ArpAnalyzer.REQUEST ? EventType.ARP_REQUEST : EventType.ARP_REPLY;
        if (bus.wants(type)) {
            bus.publish(type, new ArpInfo(view), null);
        }
    }

    private void broadcast() {
        if (!bus.subscribed(EventType.BROADCAST_SEEN) && !BroadcastClassifier.mayLearnFrom(view)) {
            return;
        }
        String kind = broadcasts.classify(view);
        filterOn(view); // events for a reassembled datagram may have come in between
        if (kind != null && bus.wants(EventType.BROADCAST_SEEN)) {
            PacketInfo p = packet();
            bus.publish(EventType.BROADCAST_SEEN, new BroadcastInfo(kind, broadcasts.lastSubnet(), p), p);
        }
    }

    @Override
    public void weird(String name, String addl, PacketView v) {
        if (!weirdSampler.count(name)) {
            return; // counted; past Zeek's sampling threshold only one in a thousand is reported
        }
        boolean ports = v.has(PacketView.UDP) || v.has(PacketView.TCP);
        String origH = v.ipVersion() != 0 && v.ipSrc() >= 0 ? ipText(v, v.ipSrc()) : null;
        String respH = v.ipVersion() != 0 && v.ipDst() >= 0 ? ipText(v, v.ipDst()) : null;
        Integer origP = origH == null ? null : ports ? v.srcPort() : 0;
        Integer respP = respH == null ? null : ports ? v.dstPort() : 0;
        weirdLog.write(v.timestampNanos(), null, origH, origP, respH, respP, name, addl, WeirdSources.of(name, v));
        bus.packet(v); // always anew: while decoding, the view holds more than at the last weird
        if (bus.wants(EventType.WEIRD)) {
            // A fresh snapshot: decoding is still under way, so this one must not be cached.
            bus.publish(EventType.WEIRD, new WeirdInfo(Times.seconds(v.timestampNanos()), name, addl, "packet"),
                    new PacketInfo(v));
        }
    }

    /**
     * A weird about a connection ({@code c}), or about a packet the connection tracker decoded
     * itself ({@code v}, a reassembled datagram), or about two addresses (a dropped fragmented
     * datagram): weird.log carries the connection's uid and endpoints when there is one.
     */
    private void flowWeird(String name, String addl, Connection c, PacketView v, String src, String dst) {
        if (c == null && v != null) {
            weird(name, addl, v);
            return;
        }
        if (!weirdSampler.count(name)) {
            return;
        }
        long ts = v != null ? v.timestampNanos() : networkTime;
        String source = WeirdSources.of(name, v);
        if (c != null) {
            weirdLog.write(ts, c.uid(), c.origH(), c.origPort(), c.respH(), c.respPort(), name, addl, source);
        } else {
            weirdLog.write(ts, null, src, null, dst, null, name, addl, source);
        }
        bus.packet(v); // null for a weird from a timer: filtered handlers do not see it
        if (bus.wants(EventType.WEIRD)) {
            bus.publish(EventType.WEIRD, new WeirdInfo(Times.seconds(ts), name, addl, v != null ? "packet" : "connection"),
                    v != null ? new PacketInfo(v) : null);
        }
    }

    /** Points filtered handlers at {@code v} unless they already look at it (keeping their cached results). */
    private void filterOn(PacketView v) {
        if (bus.packet() != v) {
            bus.packet(v);
        }
    }

    /** The snapshot of {@code v}: the cached one for the frame being processed, a new one for a reassembled datagram. */
    private PacketInfo packet(PacketView v) {
        return v == view ? packet() : new PacketInfo(v);
    }

    /** Connection tracking's events, built only when a handler wants them, and conn.log. */
    private final class ConnEvents implements ConnTracker.Listener {
        @Override
        public void newConnection(Connection c) {
            filterOn(conns.packetInProgress());
            if (bus.wants(EventType.NEW_CONNECTION)) {
                bus.publish(EventType.NEW_CONNECTION, new ConnInfo(c), null);
            }
        }

        @Override
        public void established(Connection c) {
            filterOn(conns.packetInProgress());
            if (bus.wants(EventType.CONNECTION_ESTABLISHED)) {
                bus.publish(EventType.CONNECTION_ESTABLISHED, new ConnInfo(c), null);
            }
        }

        @Override
        public void attempt(Connection c) {
            if (bus.wants(EventType.CONNECTION_ATTEMPT)) {
                bus.publish(EventType.CONNECTION_ATTEMPT, new ConnInfo(c), null);
            }
        }

        @Override
        public void removed(Connection c) {
            if (bus.wants(EventType.CONNECTION_STATE_REMOVE)) {
                bus.publish(EventType.CONNECTION_STATE_REMOVE, new ConnInfo(c), null);
            }
            connLog.write(c);
        }

        @Override
        public void udp(Connection c, boolean fromOrig, PacketView v) {
            EventType type = fromOrig ? EventType.UDP_REQUEST : EventType.UDP_REPLY;
            filterOn(v);
            if (bus.wants(type)) {
                bus.publish(type, new ConnInfo(c), packet(v));
            }
        }

        @Override
        public void icmp(Connection c, boolean fromOrig, PacketView v) {
            int type = v.icmpType();
            EventType event;
            if (v.has(PacketView.ICMP6)) {
                event = type == 128 ? EventType.ICMP_ECHO_REQUEST : type == 129 ? EventType.ICMP_ECHO_REPLY
                        : type == 1 ? EventType.ICMP_UNREACHABLE : type == 3 ? EventType.ICMP_TIME_EXCEEDED : null;
            } else {
                event = type == 8 ? EventType.ICMP_ECHO_REQUEST : type == 0 ? EventType.ICMP_ECHO_REPLY
                        : type == 3 ? EventType.ICMP_UNREACHABLE : type == 11 ? EventType.ICMP_TIME_EXCEEDED : null;
            }
            if (event == null) {
                return;
            }
            filterOn(v);
            if (!bus.wants(event)) {
                return;
            }
            boolean echo = event == EventType.ICMP_ECHO_REQUEST || event == EventType.ICMP_ECHO_REPLY;
            bus.publish(event, new ConnInfo(c), echo ? new IcmpInfo(v) : new IcmpError(v));
        }

        @Override
        public void weird(String name, String addl, Connection c, PacketView v, String src, String dst) {
            flowWeird(name, addl, c, v, src, dst);
        }
    }

    private static String ipText(PacketView v, int off) {
        return dev.tattler.decode.Addresses.ip(v.data(), off, v.ipVersion());
    }

    /** A weird about the capture file itself, not a packet. */
    private void captureWeird(String name, String addl) {
        weirdSampler.count(name);
        reporter.warning(addl);
        weirdLog.write(networkTime, null, null, null, null, null, name, addl, "CAPTURE");
        bus.packet(null);
        if (bus.wants(EventType.WEIRD)) {
            bus.publish(EventType.WEIRD, new WeirdInfo(Times.seconds(networkTime), name, addl, "capture"), null);
        }
    }

    private RunSummary summary(String cut) {
        return new RunSummary(packets, weirdSampler.totals(), cut);
    }

    public RunSummary summary() {
        return summary(null);
    }

    /** Runs {@code tattler_done} (once) and closes the logs. */
    public void finish() throws IOException {
        if (done) {
            return;
        }
        done = true;
        start();
        conns.flush();
        timers.drain(); // pending timers run at the end, as in Zeek
        bus.publish(EventType.TATTLER_DONE, null, null);
        if (hostTracking != null && hostTracking.hostsFull()) {
            reporter.warning("more than " + HostTracking.maxHosts() + " source addresses: tattler.lastSeen did not"
                    + " track those seen after that");
        }
        if (hostTracking != null && hostTracking.pairsFull()) {
            reporter.warning("more than " + HostTracking.maxPairs() + " pairs of hosts talked within five minutes:"
                    + " tattler.lastPacket did not track some new pairs");
        }
        if (ownsLogs) {
            IOException e = logs.closeAll();
            if (e != null) {
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
