package dev.tattler.capture;

import java.io.IOException;

/**
 * Reads a classic pcap file (the libpcap savefile format): a 24-byte file header, then records
 * of a 16-byte header (seconds, micro- or nanoseconds, captured length, wire length) and the
 * frame. Both byte orders and both timestamp precisions are recognised by the magic number.
 *
 * <p>The header's snaplen is only reported, never used for sizing: real files carry values like
 * 2,098,998 or 1. A record whose captured length exceeds {@link #MAX_CAPTURE_LENGTH} means the
 * file is corrupt (or not a pcap at all past that point), and reading stops with a
 * {@link CaptureFormatException}. A file cut inside a record ends the capture cleanly after the
 * last whole record; {@link #truncation()} then says where.
 */
public final class PcapReader extends InPlaceReader {
    /**
     * Largest captured length accepted in one record (256 MiB). libpcap's own limit is 256 KiB
     * for most link types, but a few (D-Bus, USB) legitimately go far above, and this value is
     * what keeps a corrupt length from allocating gigabytes.
     */
    public static final int MAX_CAPTURE_LENGTH = 256 << 20;

    static final int FILE_HEADER_LENGTH = 24;
    static final int RECORD_HEADER_LENGTH = 16;

    /** The magics as read in little-endian order. */
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_MICROS_SWAPPED = 0xD4C3B2A1;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int MAGIC_NANOS_SWAPPED = 0x4D3CB2A1;

    private final boolean bigEndian;
    private final boolean nanosecond;
    private final int versionMajor;
    private final int versionMinor;
    private final long snaplen;
    private final long linkTypeField;
    private final int linkType;
    private final int fractionScale;

    private long count;
    private boolean ended;
    private String truncation;

    /** Reads the file header; the caller has already seen a pcap magic at the input's position. */
    PcapReader(ChannelInput in, boolean gzip) throws IOException {
        super(in, gzip);
        if (!in.request(FILE_HEADER_LENGTH)) {
            throw new CaptureFormatException("pcap file header is cut short: " + in.available() + " of "
                    + FILE_HEADER_LENGTH + " bytes present", in.offset());
        }
        byte[] b = in.buffer();
        int p = in.position();
        int magic = Bytes.i32(b, p, false);
        switch (magic) {
            case MAGIC_MICROS: bigEndian = false; nanosecond = false; break;
            case MAGIC_MICROS_SWAPPED: bigEndian = true; nanosecond = false; break;
            case MAGIC_NANOS: bigEndian = false; nanosecond = true; break;
            case MAGIC_NANOS_SWAPPED: bigEndian = true; nanosecond = true; break;
            default:
                throw new CaptureFormatException("not a pcap file: magic " + Bytes.hex(b, p, 4), in.offset());
        }
        versionMajor = Bytes.u16(b, p + 4, bigEndian);
        versionMinor = Bytes.u16(b, p + 6, bigEndian);
        // Every pcap writer since 1998 writes 2.4; 2.x is the only format this layout describes.
        if (versionMajor != 2) {
            throw new CaptureFormatException("unsupported pcap version " + versionMajor + "." + versionMinor,
                    in.offset() + 4);
        }
        // thiszone (p + 8) and sigfigs (p + 12) are always 0 in practice and libpcap ignores them.
        snaplen = Bytes.u32(b, p + 16, bigEndian);
        linkTypeField = Bytes.u32(b, p + 20, bigEndian);
        linkType = LinkTypes.mask(linkTypeField);
        fractionScale = nanosecond ? 1 : 1000;
        in.skip(FILE_HEADER_LENGTH);
    }

    @Override
    public boolean next(PacketRecord into) throws IOException {
        if (ended) {
            return false;
        }
        long recordOffset = in.offset();
        if (!in.request(RECORD_HEADER_LENGTH)) {
            return end(recordOffset, RECORD_HEADER_LENGTH);
        }
        byte[] b = in.buffer();
        int p = in.position();
        long captured = Bytes.u32(b, p + 8, bigEndian);
        if (captured > MAX_CAPTURE_LENGTH) {
            throw new CaptureFormatException("record " + (count + 1) + " claims " + captured
                    + " captured bytes, more than the " + MAX_CAPTURE_LENGTH + "-byte limit; the file is corrupt",
                    recordOffset);
        }
        int needed = RECORD_HEADER_LENGTH + (int) captured;
        if (!in.request(needed)) {
            return end(recordOffset, needed);
        }
        b = in.buffer();
        p = in.position();
        long seconds = Bytes.u32(b, p, bigEndian);
        long fraction = Bytes.u32(b, p + 4, bigEndian);
        long wire = Bytes.u32(b, p + 12, bigEndian);
        into.set(b, p + RECORD_HEADER_LENGTH, (int) captured, (int) Math.min(wire, Integer.MAX_VALUE),
                seconds * 1_000_000_000L + fraction * fractionScale, linkType, 0);
        into.number = ++count;
        into.fileOffset = gzip ? -1 : recordOffset;
        in.skip(needed);
        return true;
    }

    /** Goes to the record at {@code fileOffset} (a {@link PacketRecord#fileOffset}), frame {@code number}; false when compressed. */
    @Override
    public boolean seek(long fileOffset, long number) throws IOException {
        if (gzip || fileOffset < FILE_HEADER_LENGTH || !in.seek(fileOffset)) {
            return false;
        }
        count = number - 1;
        ended = false;
        truncation = null;
        return true;
    }

    /** Ends the capture at a record boundary or inside a record, noting the latter. */
    private boolean end(long recordOffset, int needed) {
        ended = true;
        int present = in.available();
        if (present > 0) {
            truncation = "capture file ends inside record " + (count + 1) + " at byte offset " + recordOffset
                    + " (record needs " + needed + " bytes, " + present + " present)"
                    + (in.cut() != null ? "; " + in.cut() : "");
        } else if (in.cut() != null) {
            truncation = "capture file ends after record " + count + " at byte offset " + recordOffset
                    + ": " + in.cut();
        }
        return false;
    }

    @Override
    public String truncation() {
        return truncation;
    }

    @Override
    public String description() {
        return "pcap (" + (bigEndian ? "big-endian" : "little-endian") + ", "
                + (nanosecond ? "nanoseconds" : "microseconds") + ", " + LinkTypes.name(linkType)
                + (gzip ? ", gzip)" : ")");
    }

    /** The link type of every record, FCS-length bits masked off. */
    public int linkType() {
        return linkType;
    }

    /** The header's link-type field as stored, FCS-length bits included. */
    public long linkTypeField() {
        return linkTypeField;
    }

    /** The header's snaplen as stored; informational only. */
    public long snaplen() {
        return snaplen;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    /** True for the nanosecond magic, false for microseconds. */
    public boolean nanosecond() {
        return nanosecond;
    }

    /** "2.4" */
    public String version() {
        return versionMajor + "." + versionMinor;
    }
}
