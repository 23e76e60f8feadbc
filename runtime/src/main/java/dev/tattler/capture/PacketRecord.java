package dev.tattler.capture;

/**
 * One captured frame as a source hands it over: a window into a buffer the source owns and
 * reuses, plus the record's metadata. Valid only until the next call to
 * {@link PacketSource#next(PacketRecord)}; nothing here is copied per packet.
 *
 * <pre>
 *   buffer: [ ....... | data[offset] .. data[offset + capturedLength) | ....... ]
 *                        the frame as captured, starting at its link-layer header
 * </pre>
 */
public final class PacketRecord {
    /** The source's buffer; the frame lives at {@code offset}. */
    public byte[] data;
    public int offset;
    /** Bytes present in {@code data} (the capture length). */
    public int capturedLength;
    /** The frame's length on the wire (may exceed {@link #capturedLength} under a snaplen). */
    public int wireLength;
    /** Capture time in nanoseconds since the epoch. */
    public long timestampNanos;
    /** The link type (DLT) of the interface the frame came from, FCS bits already masked. */
    public int linkType;
    /** Interface index within the capture (pcapng), 0 for classic pcap and live sources. */
    public int interfaceId;
    /** 1-based frame number in the source, as Wireshark counts. */
    public long number;
    /**
     * What a pass over the frame on the reading thread already found out (its checksums, see
     * dev.tattler.conn.ReaderPass), or 0: nothing, the engine works it out itself.
     */
    public int verdict;
    /**
     * Where the frame's record starts in the capture file, so that a second pass (evidence)
     * can seek to it; -1 when the source cannot seek there (compressed, live, a pcapng block
     * after a new section or interface, see {@link PcapNgReader}).
     */
    public long fileOffset = -1;

    /** Points this record at a frame; used by sources. */
    public void set(byte[] data, int offset, int capturedLength, int wireLength,
                    long timestampNanos, int linkType, int interfaceId) {
        this.data = data;
        this.offset = offset;
        this.capturedLength = capturedLength;
        this.wireLength = wireLength;
        this.timestampNanos = timestampNanos;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.verdict = 0;
        this.fileOffset = -1;
    }
}
