package dev.tattler.capture;

/**
 * A live capture's own counters since it opened, as libpcap's {@code pcap_stats} reports them
 * plus the hand-off queue: what stats.log and the metrics endpoint show about loss before the
 * engine. Files have none.
 */
public final class CaptureStats {
    /** Packets the kernel passed the filter for (libpcap's ps_recv; includes dropped ones on Linux). */
    public final long received;
    /** Packets dropped because the kernel's buffer was full (ps_drop): the engine fell behind. */
    public final long kernelDropped;
    /** Packets the interface or its driver dropped (ps_ifdrop), before any buffer of ours. */
    public final long interfaceDropped;
    /** Frames captured and waiting for the engine right now. */
    public final int queued;

    public CaptureStats(long received, long kernelDropped, long interfaceDropped, int queued) {
        this.received = received;
        this.kernelDropped = kernelDropped;
        this.interfaceDropped = interfaceDropped;
        this.queued = queued;
    }
}
