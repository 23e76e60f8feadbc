package dev.tattler.engine;

import dev.tattler.analysis.ArpAnalyzer;
import dev.tattler.analysis.BroadcastClassifier;
import dev.tattler.analysis.LocalNets;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;
import dev.tattler.conn.ConnTable;
import dev.tattler.conn.Connection;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.decode.WeirdSink;
import dev.tattler.decode.Weirds;
import dev.tattler.event.ArpInfo;
import dev.tattler.event.BroadcastInfo;
import dev.tattler.event.ConnInfo;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventType;
import dev.tattler.event.PacketInfo;
import dev.tattler.event.Times;
import dev.tattler.event.WeirdInfo;
import dev.tattler.log.Reporter;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns packets into events. One instance per engine thread:
 *
 * <pre>
 *  PacketSource ─next─> PacketRecord ─decode─> PacketView ─┬─ raw_packet
 *                                                          ├─ ArpAnalyzer ──── arp_request / arp_reply / bad_arp
 *                                                          ├─ ConnTable ────── udp_request / udp_reply
 *                                                          └─ Broadcast ────── broadcast_seen
 *                         decoders, analyzers ─weird─> weird.log + weird event
 * </pre>
 *
 * Event objects ({@link PacketInfo} and friends) are built only when some handler wants the
 * event, and the packet's snapshot at most once per packet. Nothing thrown by a handler or
 * caused by packet content leaves {@link #process}.
 */
public final class EventEngine implements WeirdSink, AutoCloseable {
    private static final int PROTO_UDP = 17;

    private final EventBus bus;
    private final Reporter reporter;
    private final PacketDecoder decoder = new PacketDecoder(this);
    private final PacketView view = new PacketView();
    private final PacketRecord record = new PacketRecord();
    private final BroadcastClassifier broadcasts;
    private final ConnTable conns;
    private final WeirdLog weirdLog;
    private final Map<String, Long> weirdCounts = new HashMap<>();
    private PacketInfo packetInfo;
    private long packets;
    private long networkTime;
    private boolean started;
    private boolean done;

    public EventEngine(EngineConfig config, EventBus bus, Reporter reporter) throws IOException {
        this.bus = bus;
        this.reporter = reporter;
        this.broadcasts = new BroadcastClassifier(new LocalNets(config.localNets()));
        this.conns = new ConnTable(config.uidSeed(), c -> { });
        this.weirdLog = config.logDir() == null ? null : new WeirdLog(config.logDir());
    }

    public EventBus bus() {
        return bus;
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
     * Reads the whole source. A corrupt capture ({@link dev.tattler.capture.CaptureFormatException})
     * propagates after what was read has been processed; a cut file becomes a weird.
     */
    public RunSummary run(PacketSource source) throws IOException {
        start();
        while (source.next(record)) {
            process(record);
        }
        String cut = source.truncation();
        if (cut != null) {
            captureWeird(Weirds.CAPTURE_FILE_TRUNCATED, cut);
        }
        return summary(cut);
    }

    /** Processes one frame. */
    public void process(PacketRecord r) {
        packets++;
        packetInfo = null;
        if (r.timestampNanos > networkTime) {
            networkTime = r.timestampNanos;
        }
        decoder.decode(r, view);
        if (!view.has(PacketView.LINK)) {
            return;
        }
        if (bus.wants(EventType.RAW_PACKET)) {
            bus.publish(EventType.RAW_PACKET, packet(), null);
        }
        if (view.has(PacketView.ARP)) {
            arp();
        }
        if (view.has(PacketView.UDP)) {
            udp();
        }
        broadcast();
        conns.advance(networkTime);
    }

    private PacketInfo packet() {
        if (packetInfo == null) {
            packetInfo = new PacketInfo(view);
        }
        return packetInfo;
    }

    private void arp() {
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

    private void udp() {
        Connection c = conns.find(view, PROTO_UDP);
        boolean fromOrig;
        if (c == null) {
            boolean flip = UdpRoles.flip(view);
            c = conns.create(view, PROTO_UDP, flip, networkTime);
            fromOrig = !flip;
        } else {
            fromOrig = c.isFromOriginator(view);
        }
        conns.count(c, fromOrig, view.payloadLength(), networkTime);
        EventType type = fromOrig ? EventType.UDP_REQUEST : EventType.UDP_REPLY;
        if (bus.wants(type)) {
            bus.publish(type, new ConnInfo(c), packet());
        }
    }

    private void broadcast() {
        String kind = broadcasts.classify(view);
        if (kind != null && bus.wants(EventType.BROADCAST_SEEN)) {
            PacketInfo p = packet();
            bus.publish(EventType.BROADCAST_SEEN, new BroadcastInfo(kind, broadcasts.lastSubnet(), p), p);
        }
    }

    @Override
    public void weird(String name, String addl, PacketView v) {
        weirdCounts.merge(name, 1L, Long::sum);
        String source = WeirdSources.of(name, v);
        if (weirdLog != null) {
            boolean ports = v.has(PacketView.UDP) || v.has(PacketView.TCP);
            String origH = v.ipVersion() != 0 && v.ipSrc() >= 0 ? ipText(v, v.ipSrc()) : null;
            String respH = v.ipVersion() != 0 && v.ipDst() >= 0 ? ipText(v, v.ipDst()) : null;
            Integer origP = origH == null ? null : ports ? v.srcPort() : 0;
            Integer respP = respH == null ? null : ports ? v.dstPort() : 0;
            weirdLog.write(v.timestampNanos(), null, origH, origP, respH, respP, name, addl, source);
        }
        if (bus.wants(EventType.WEIRD)) {
            // A fresh snapshot: decoding is still under way, so this one must not be cached.
            bus.publish(EventType.WEIRD, new WeirdInfo(Times.seconds(v.timestampNanos()), name, addl, "packet"),
                    new PacketInfo(v));
        }
    }

    private static String ipText(PacketView v, int off) {
        return dev.tattler.decode.Addresses.ip(v.data(), off, v.ipVersion());
    }

    /** A weird about the capture file itself, not a packet. */
    private void captureWeird(String name, String addl) {
        weirdCounts.merge(name, 1L, Long::sum);
        reporter.warning(addl);
        if (weirdLog != null) {
            weirdLog.write(networkTime, null, null, null, null, null, name, addl, "CAPTURE");
        }
        if (bus.wants(EventType.WEIRD)) {
            bus.publish(EventType.WEIRD, new WeirdInfo(Times.seconds(networkTime), name, addl, "capture"), null);
        }
    }

    private RunSummary summary(String cut) {
        return new RunSummary(packets, weirdCounts, cut);
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
        bus.publish(EventType.TATTLER_DONE, null, null);
        if (weirdLog != null) {
            weirdLog.close();
        }
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
