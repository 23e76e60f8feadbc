package dev.tattler.capture;

import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Frames from a network interface, through libpcap (pcap4j): the only class in Tattler that
 * touches pcap4j, so offline analysis never needs the native library. The engine reads it like
 * a file, through {@link PacketSource}, and the same decoder and analyzers see the same bytes.
 *
 * <pre>
 *  kernel ring (buffer ≥ 16 MB) ─> pcap_loop on "tattler-capture" ─> FrameRing ─> next() on the engine thread
 *             drops counted by pcap_stats       breakLoop() on stop         drained, then the end
 * </pre>
 *
 * <p>Settings measured for this job (DESIGN.md): immediate mode off with a 50 ms timeout (libpcap
 * hands frames over in blocks, which keeps up with a full-speed replay where immediate mode lost
 * a third of it), a 64 MB kernel buffer by default, promiscuous mode, nanosecond timestamps when
 * the interface offers them, {@code loop} with a raw listener (pcap4j's packet classes and its
 * {@code getNext*} calls are several times slower and allocate far more).
 *
 * <p>{@link #next} waits at most {@link #POLL_NANOS} for a frame and then returns false with
 * {@link #idle()} true, so the engine can do its housekeeping on a quiet link. {@link #stop()}
 * (any thread, e.g. a signal handler) breaks the capture loop; the frames already captured are
 * still handed out, then {@link #next} returns false with {@code idle()} false: the end.
 */
public final class LiveSource implements PacketSource {
    /** Longest the engine waits in {@link #next} before it may do other work. */
    public static final long POLL_NANOS = 100_000_000L;
    /** libpcap's read timeout: how long a partly filled block may wait before delivery. */
    static final int TIMEOUT_MILLIS = 50;
    static final int SNAPLEN = 262_144;
    /** The kernel buffer when none is asked for; the floor is 16 MB (DESIGN.md). */
    public static final int DEFAULT_BUFFER_MB = 64;
    static final int MIN_BUFFER_MB = 16;
    private static final int RING_SLOTS = 1 << 16;
    private static final long RING_BYTES = 64L << 20;
    /** libpcap's error codes from pcap_activate (pcap/pcap.h). */
    private static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    private static final int PCAP_ERROR_PERM_DENIED = -8;
    private static final int PCAP_ERROR_IFACE_NOT_UP = -9;

    private final String iface;
    private final String filter;
    private final PcapHandle handle;
    private final int linkType;
    private final boolean nanos;
    private final FrameRing ring = new FrameRing(RING_SLOTS, RING_BYTES);
    private final Thread thread;
    private volatile boolean stopping;
    private volatile String failure;
    private boolean started;
    private boolean idle;
    private long number;
    private CaptureStats lastStats = new CaptureStats(0, 0, 0, 0);

    private LiveSource(String iface, String filter, PcapHandle handle, boolean nanos) {
        this.iface = iface;
        this.filter = filter;
        this.handle = handle;
        this.nanos = nanos;
        this.linkType = handle.getDlt().value();
        this.thread = new Thread(this::capture, "tattler-capture");
        thread.setDaemon(true);
    }

    /**
     * Opens {@code iface} for capture, with an optional BPF {@code filter} (null for none) and a
     * kernel buffer of {@code bufferMb} megabytes (at least 16). Capture starts at the first
     * {@link #next}.
     *
     * @throws LiveCaptureException with a one-line message: libpcap missing, no permission,
     *         unknown interface (with the list of those that exist), interface down, bad filter
     */
    public static LiveSource open(String iface, String filter, int bufferMb) throws LiveCaptureException {
        try {
            return openWithPcap(iface, filter, Math.max(bufferMb, MIN_BUFFER_MB));
        } catch (LinkageError e) {
            // UnsatisfiedLinkError the first time, NoClassDefFoundError after: libpcap is not there.
            throw new LiveCaptureException("live capture needs libpcap: apt-get install libpcap0.8"
                    + " (reading capture files with -r does not)");
        }
    }

    private static LiveSource openWithPcap(String iface, String filter, int bufferMb) throws LiveCaptureException {
        List<String> names = interfaceNames();
        if (!names.contains(iface)) {
            throw new LiveCaptureException("no interface '" + iface + "'; available: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)));
        }
        PcapHandle handle;
        try {
            // An interface without nanosecond stamps gets microseconds from pcap4j itself; a
            // libpcap too old to ask fails here, and is asked for microseconds.
            handle = build(iface, bufferMb, PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            if (!mentions(e, "precision") && !mentions(e, "tstamp")) {
                throw activationError(iface, e);
            }
            try {
                handle = build(iface, bufferMb, PcapHandle.TimestampPrecision.MICRO);
            } catch (PcapNativeException again) {
                throw activationError(iface, again);
            }
        }
        try {
            if (filter != null && !filter.isBlank()) {
                handle.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE);
            }
        } catch (PcapNativeException | NotOpenException e) {
            handle.close();
            throw new LiveCaptureException("bad capture filter '" + filter + "': " + libpcapMessage(e.getMessage()));
        }
        return new LiveSource(iface, filter, handle, handle.getTimestampPrecision() == PcapHandle.TimestampPrecision.NANO);
    }

    private static PcapHandle build(String iface, int bufferMb, PcapHandle.TimestampPrecision precision)
            throws PcapNativeException {
        return new PcapHandle.Builder(iface)
                .snaplen(SNAPLEN)
                .promiscuousMode(PcapNetworkInterface.PromiscuousMode.PROMISCUOUS)
                .timeoutMillis(TIMEOUT_MILLIS)
                .bufferSize(bufferMb << 20)
                .immediateMode(false)
                .timestampPrecision(precision)
                .build();
    }

    /** Interface names as libpcap lists them (the ones `tcpdump -D` shows). */
    public static List<String> interfaceNames() throws LiveCaptureException {
        List<String> names = new ArrayList<>();
        try {
            for (PcapNetworkInterface dev : Pcaps.findAllDevs()) {
                names.add(dev.getName());
            }
        } catch (PcapNativeException e) {
            throw new LiveCaptureException("cannot list network interfaces: " + libpcapMessage(e.getMessage()));
        }
        return names;
    }

    private static LiveCaptureException activationError(String iface, PcapNativeException e) {
        Integer code = e.getReturnCode();
        String m = String.valueOf(e.getMessage());
        if ((code != null && code == PCAP_ERROR_PERM_DENIED) || m.contains("Operation not permitted")
                || m.toLowerCase(Locale.ROOT).contains("permission")) {
            return new LiveCaptureException("live capture on " + iface + " needs root or CAP_NET_RAW"
                    + " (run as root, or: setcap cap_net_raw,cap_net_admin=eip on the java binary; see docs/monitoring.md)");
        }
        if ((code != null && code == PCAP_ERROR_IFACE_NOT_UP) || m.contains("not up")) {
            return new LiveCaptureException("interface " + iface + " is down: ip link set " + iface + " up");
        }
        if ((code != null && code == PCAP_ERROR_NO_SUCH_DEVICE) || m.contains("No such device")) {
            return new LiveCaptureException("interface " + iface + " disappeared while opening it");
        }
        return new LiveCaptureException("cannot capture on " + iface + ": " + libpcapMessage(m));
    }

    private static boolean mentions(PcapNativeException e, String word) {
        return String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains(word);
    }

    /** libpcap's own words, without pcap4j's wrapping ("...: " prefixes, return codes). */
    static String libpcapMessage(String m) {
        String s = String.valueOf(m).strip();
        int rc = s.indexOf(" rc=");
        if (rc > 0) {
            s = s.substring(0, rc);
        }
        s = s.replaceFirst("^Error occurred( in pcap_\\w+)?: ", "");
        return s.replaceAll("\\s+", " ");
    }

    /** The capture thread: libpcap's loop until stop, an error, or the ring is closed. */
    private void capture() {
        try {
            handle.loop(-1, this::gotPacket);
        } catch (InterruptedException e) {
            // breakLoop(): the normal way to stop
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            if (!stopping) {
                failure = "capture on " + iface + " failed: " + libpcapMessage(e.getMessage());
            }
        } finally {
            ring.close();
        }
    }

    /** Called by pcap4j on the capture thread; must not throw (pcap4j would only log it). */
    private void gotPacket(byte[] frame) {
        Timestamp ts = handle.getTimestamp();
        Integer wire = handle.getOriginalLength();
        long t = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
        if (!ring.put(frame, t, wire == null ? frame.length : wire)) {
            breakLoop();
        }
    }

    @Override
    public boolean next(PacketRecord into) {
        if (!started) {
            started = true;
            if (!stopping) {
                thread.start();
            } else {
                ring.close();
            }
        }
        if (ring.poll(into, linkType, POLL_NANOS)) {
            into.number = ++number;
            idle = false;
            return true;
        }
        idle = !ring.drained();
        return false;
    }

    /** After {@link #next} returned false: true while capturing (nothing arrived yet), false at the end. */
    @Override
    public boolean idle() {
        return idle;
    }

    /**
     * Stops capturing (safe from any thread, e.g. a signal handler): frames already captured are
     * still handed out, then the source ends.
     */
    public void stop() {
        stopping = true;
        if (!started) {
            ring.close();
        }
        breakLoop();
    }

    private void breakLoop() {
        try {
            handle.breakLoop();
        } catch (NotOpenException | RuntimeException e) {
            ring.close(); // already closed: nothing more will come anyway
        }
    }

    /** Why the capture ended when nobody stopped it (the interface went away...), or null. */
    public String failure() {
        return failure;
    }

    /**
     * libpcap's counters and the hand-off queue. Call from the engine thread only: on Linux
     * {@code pcap_stats} accumulates kernel counters that reset on each read.
     */
    public CaptureStats stats() {
        if (handle.isOpen()) {
            try {
                PcapStat s = handle.getStats();
                lastStats = new CaptureStats(s.getNumPacketsReceived(), s.getNumPacketsDropped(),
                        s.getNumPacketsDroppedByIf(), ring.queued());
            } catch (PcapNativeException | NotOpenException | RuntimeException e) {
                // closing: the last counters stand
            }
        }
        return lastStats;
    }

    public String iface() {
        return iface;
    }

    /** False when the interface gave microsecond timestamps only. */
    public boolean nanosecondTimestamps() {
        return nanos;
    }

    public int linkType() {
        return linkType;
    }

    @Override
    public String description() {
        return iface + " (live" + (filter == null || filter.isBlank() ? "" : ", filter '" + filter + "'")
                + ", " + LinkTypes.name(linkType) + ", " + (nanos ? "nanosecond" : "microsecond") + " timestamps)";
    }

    /** Stops the capture, waits for its thread and closes the handle; the final counters stay readable. */
    @Override
    public void close() {
        stop();
        if (started) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stats();
        handle.close();
    }
}
