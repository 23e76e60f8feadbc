package dev.tattler.capture;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads a pcapng file: a sequence of blocks (type, total length, body, total length again),
 * grouped into sections that each start with a Section Header Block. Packets come from Enhanced
 * Packet Blocks, Simple Packet Blocks and the obsolete Packet Block; Interface Description
 * Blocks give each packet its link type and timestamp resolution. Every other block type (name
 * resolution, statistics, decryption secrets, custom, anything newer) is skipped by its length.
 *
 * <pre>
 *   SHB (byte order, version) | IDB 0 | IDB 1 | EPB (if 0) | EPB (if 1) | ISB | SHB | IDB 0 | ...
 *   each block: [ type u32 | total length u32 | body ... padded to 4 | total length u32 ]
 * </pre>
 *
 * A new SHB starts a new section: interfaces are numbered afresh and the byte order may change.
 * A block whose lengths are inconsistent means the file is corrupt and reading stops with a
 * {@link CaptureFormatException}; a file cut inside a block ends the capture after the last
 * whole packet and {@link #truncation()} says where.
 *
 * <p>An uncompressed file can be {@link #seek sought} back into, for the evidence pass, at the
 * Enhanced and Packet Blocks read while the section and its interfaces were still those
 * described before the first packet (the usual file: one SHB, its IDBs, then packets): a reader
 * that has read those leading blocks can take up any such block. Each of them gets its
 * {@link PacketRecord#fileOffset}; from the first SHB or IDB after a packet on, and for Simple
 * Packet Blocks (their time is the previous packet's), records get -1.
 */
public final class PcapNgReader extends InPlaceReader {
    /** Largest block accepted: room for a {@link PcapReader#MAX_CAPTURE_LENGTH} packet and options. */
    public static final int MAX_BLOCK_LENGTH = PcapReader.MAX_CAPTURE_LENGTH + (64 << 10);

    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int INTERFACE_DESCRIPTION = 1;
    static final int PACKET = 2;
    static final int SIMPLE_PACKET = 3;
    static final int NAME_RESOLUTION = 4;
    static final int INTERFACE_STATISTICS = 5;
    static final int ENHANCED_PACKET = 6;
    static final int DECRYPTION_SECRETS = 10;

    /** The byte-order magic as read in little-endian order. */
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int BYTE_ORDER_MAGIC_SWAPPED = 0x4D3C2B1A;

    private static final int OPTION_END = 0;
    private static final int OPTION_IF_TSRESOL = 9;
    private static final int OPTION_IF_TSOFFSET = 14;

    private boolean bigEndian;
    private Interface[] interfaces = new Interface[4];
    private int interfaceCount;
    private long lastTimestamp;
    private int blockType;
    /** The total length of the block {@link #fetchBlock} fetched last. */
    private int blockLength;

    private long count;
    private boolean ended;
    private String truncation;
    /** Still in the state the leading blocks set up: packets read so far can be sought back to. */
    private boolean seekable;

    /** Reads the first Section Header Block; the caller has already seen its magic. */
    PcapNgReader(ChannelInput in, boolean gzip) throws IOException {
        super(in, gzip);
        long at = in.offset();
        int length = fetchBlock();
        if (length < 0) {
            throw new CaptureFormatException("pcapng section header block is cut short: "
                    + in.available() + " bytes present", at);
        }
        if (blockType != SECTION_HEADER) {
            throw new CaptureFormatException("pcapng file does not start with a section header block", at);
        }
        section(in.buffer(), in.position(), length, at);
        in.skip(length);
        seekable = !gzip;
    }

    @Override
    public boolean next(PacketRecord into) throws IOException {
        if (!toPacketBlock()) {
            return false;
        }
        byte[] b = in.buffer();
        int p = in.position();
        long at = in.offset();
        switch (blockType) {
            case ENHANCED_PACKET:
                packet(b, p, blockLength, at, Bytes.i32(b, p + 8, bigEndian), into);
                break;
            case PACKET:
                packet(b, p, blockLength, at, Bytes.u16(b, p + 8, bigEndian), into);
                break;
            default:
                simplePacket(b, p, blockLength, at, into);
                break;
        }
        return true;
    }

    /**
     * Reads the blocks up to the next packet block, taking in sections and interfaces (other
     * blocks, name resolution, statistics, secrets, custom, hold nothing a packet needs), and
     * stops at that block, fetched ({@link #blockType}, {@link #blockLength}) but not taken;
     * false at the end of the file.
     */
    private boolean toPacketBlock() throws IOException {
        while (!ended) {
            long at = in.offset();
            int length = fetchBlock();
            if (length < 0) {
                return false;
            }
            switch (blockType) {
                case SECTION_HEADER:
                    section(in.buffer(), in.position(), length, at);
                    seekable &= count == 0; // after a packet: a new state, which a seek could not set up
                    break;
                case INTERFACE_DESCRIPTION:
                    addInterface(in.buffer(), in.position(), length, at);
                    seekable &= count == 0;
                    break;
                case ENHANCED_PACKET:
                case PACKET:
                case SIMPLE_PACKET:
                    blockLength = length;
                    return true;
                default:
                    break;
            }
            in.skip(length);
        }
        return false;
    }

    /**
     * Buffers the whole block at the input position and checks its framing; sets
     * {@link #blockType}. Returns its length, or -1 when the file ends first.
     */
    private int fetchBlock() throws IOException {
        long at = in.offset();
        if (!in.request(8)) {
            return end(at, -1, 8);
        }
        byte[] b = in.buffer();
        int p = in.position();
        int type = Bytes.i32(b, p, bigEndian);
        if (type == SECTION_HEADER) {
            // The SHB type reads the same in both orders; its body says which order follows.
            if (!in.request(12)) {
                return end(at, type, 12);
            }
            b = in.buffer();
            p = in.position();
            int magic = Bytes.i32(b, p + 8, false);
            if (magic == BYTE_ORDER_MAGIC) {
                bigEndian = false;
            } else if (magic == BYTE_ORDER_MAGIC_SWAPPED) {
                bigEndian = true;
            } else {
                throw new CaptureFormatException("pcapng section header block has a bad byte-order magic "
                        + Bytes.hex(b, p + 8, 4), at + 8);
            }
        }
        long length = Bytes.u32(b, p + 4, bigEndian);
        if (length < 12 || (length & 3) != 0 || length > MAX_BLOCK_LENGTH) {
            throw new CaptureFormatException("pcapng " + blockName(type) + " has an invalid total length of "
                    + length + " bytes", at);
        }
        if (length < minimumLength(type)) {
            throw new CaptureFormatException("pcapng " + blockName(type) + " is too short: " + length
                    + " bytes, at least " + minimumLength(type) + " needed", at);
        }
        if (!in.request((int) length)) {
            return end(at, type, (int) length);
        }
        b = in.buffer();
        p = in.position();
        long trailer = Bytes.u32(b, p + (int) length - 4, bigEndian);
        if (trailer != length) {
            throw new CaptureFormatException("pcapng " + blockName(type) + " has a total length of " + length
                    + " at its start but " + trailer + " at its end", at);
        }
        blockType = type;
        return (int) length;
    }

    private void section(byte[] b, int p, int length, long at) throws CaptureFormatException {
        int major = Bytes.u16(b, p + 12, bigEndian);
        int minor = Bytes.u16(b, p + 14, bigEndian);
        if (major != 1) {
            throw new CaptureFormatException("unsupported pcapng version " + major + "." + minor, at + 12);
        }
        // Interface ids are per section; the previous section's interfaces are gone.
        Arrays.fill(interfaces, 0, interfaceCount, null);
        interfaceCount = 0;
    }

    private void addInterface(byte[] b, int p, int length, long at) throws CaptureFormatException {
        int linkType = Bytes.u16(b, p + 8, bigEndian);
        long snaplen = Bytes.u32(b, p + 12, bigEndian);
        int resolution = 6;  // microseconds unless if_tsresol says otherwise
        long offsetSeconds = 0;
        int o = p + 16;
        int end = p + length - 4;
        while (o + 4 <= end) {
            int code = Bytes.u16(b, o, bigEndian);
            int optionLength = Bytes.u16(b, o + 2, bigEndian);
            if (code == OPTION_END) {
                break;
            }
            if (o + 4 + optionLength > end) {
                throw new CaptureFormatException("pcapng interface description block option " + code
                        + " runs past the end of the block", at + (o - p));
            }
            if (code == OPTION_IF_TSRESOL && optionLength >= 1) {
                resolution = Bytes.u8(b, o + 4);
            } else if (code == OPTION_IF_TSOFFSET && optionLength == 8) {
                offsetSeconds = Bytes.i64(b, o + 4, bigEndian);
            }
            o += 4 + (optionLength + 3 & ~3);
        }
        if (interfaceCount == interfaces.length) {
            interfaces = Arrays.copyOf(interfaces, interfaceCount * 2);
        }
        interfaces[interfaceCount++] = Interface.of(linkType, snaplen, resolution, offsetSeconds, at);
    }

    /** Enhanced Packet Block, or the obsolete Packet Block: same layout, 16-bit interface id. */
    private void packet(byte[] b, int p, int length, long at, int interfaceId, PacketRecord into)
            throws CaptureFormatException {
        Interface f = interfaceFor(interfaceId, at);
        long timestamp = Bytes.u32(b, p + 12, bigEndian) << 32 | Bytes.u32(b, p + 16, bigEndian);
        long captured = Bytes.u32(b, p + 20, bigEndian);
        long wire = Bytes.u32(b, p + 24, bigEndian);
        if (captured > length - 32) {
            throw new CaptureFormatException("pcapng " + blockName(blockType) + " of record " + (count + 1)
                    + " claims " + captured + " captured bytes but the block holds at most " + (length - 32), at);
        }
        lastTimestamp = f.nanos(timestamp);
        into.set(b, p + 28, (int) captured, (int) Math.min(wire, Integer.MAX_VALUE), lastTimestamp,
                f.linkType, interfaceId);
        into.number = ++count;
        into.fileOffset = seekable ? at : -1;
        in.skip(length);
    }

    /**
     * Goes to the packet block at {@code fileOffset} (a {@link PacketRecord#fileOffset}), frame
     * {@code number}; false for a compressed file, or once this reader has met a new section or
     * interface after a packet. Reads the leading blocks first when no packet has been read yet,
     * so that the interfaces are those the block was read with.
     */
    @Override
    public boolean seek(long fileOffset, long number) throws IOException {
        if (!seekable || fileOffset < minimumLength(SECTION_HEADER) || (count == 0 && !toPacketBlock())
                || !in.seek(fileOffset)) {
            return false;
        }
        count = number - 1;
        ended = false;
        truncation = null;
        return true;
    }

    /**
     * Simple Packet Block: no interface id (always 0), no timestamp (the previous packet's is
     * the best guess, as Wireshark does), and no captured length: it is the wire length cut to
     * the interface's snaplen and to what the block holds. A frame cut by a snaplen that the
     * IDB does not state therefore keeps the block's padding (up to 3 bytes); nothing in the
     * file tells padding from data.
     */
    private void simplePacket(byte[] b, int p, int length, long at, PacketRecord into)
            throws CaptureFormatException {
        Interface f = interfaceFor(0, at);
        long wire = Bytes.u32(b, p + 8, bigEndian);
        long limit = f.snaplen == 0 ? length - 16 : Math.min(f.snaplen, length - 16);
        int captured = (int) Math.min(wire, limit);
        into.set(b, p + 12, captured, (int) Math.min(wire, Integer.MAX_VALUE), lastTimestamp, f.linkType, 0);
        into.number = ++count;
        in.skip(length);
    }

    private Interface interfaceFor(int id, long at) throws CaptureFormatException {
        if (id < 0 || id >= interfaceCount) {
            throw new CaptureFormatException("pcapng " + blockName(blockType) + " of record " + (count + 1)
                    + " refers to interface " + (id & 0xFFFF_FFFFL) + " but the section describes "
                    + interfaceCount, at);
        }
        return interfaces[id];
    }

    /** Ends the capture at a block boundary or inside a block, noting the latter. Returns -1. */
    private int end(long at, int type, int needed) {
        ended = true;
        int present = in.available();
        if (present > 0) {
            String what = type == ENHANCED_PACKET || type == PACKET || type == SIMPLE_PACKET
                    ? "record " + (count + 1)
                    : (type == -1 ? "a block" : "the " + blockName(type)) + " after record " + count;
            truncation = "capture file ends inside " + what + " at byte offset " + at + " (block needs "
                    + needed + " bytes, " + present + " present)" + (in.cut() != null ? "; " + in.cut() : "");
        } else if (in.cut() != null) {
            truncation = "capture file ends after record " + count + " at byte offset " + at + ": " + in.cut();
        }
        return -1;
    }

    private static int minimumLength(int type) {
        switch (type) {
            case SECTION_HEADER: return 28;
            case INTERFACE_DESCRIPTION: return 20;
            case ENHANCED_PACKET: case PACKET: return 32;
            case SIMPLE_PACKET: return 16;
            default: return 12;
        }
    }

    private static String blockName(int type) {
        switch (type) {
            case SECTION_HEADER: return "section header block";
            case INTERFACE_DESCRIPTION: return "interface description block";
            case PACKET: return "packet block";
            case SIMPLE_PACKET: return "simple packet block";
            case NAME_RESOLUTION: return "name resolution block";
            case INTERFACE_STATISTICS: return "interface statistics block";
            case ENHANCED_PACKET: return "enhanced packet block";
            case DECRYPTION_SECRETS: return "decryption secrets block";
            default: return "block of type 0x" + Integer.toHexString(type);
        }
    }

    @Override
    public String truncation() {
        return truncation;
    }

    @Override
    public String description() {
        StringBuilder s = new StringBuilder("pcapng (").append(bigEndian ? "big-endian" : "little-endian");
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < interfaceCount; i++) {
            names.add(LinkTypes.name(interfaces[i].linkType));
        }
        for (String name : names) {
            s.append(", ").append(name);
        }
        return s.append(gzip ? ", gzip)" : ")").toString();
    }

    /** Interfaces described so far in the current section. */
    public int interfaceCount() {
        return interfaceCount;
    }

    /** Link type of interface {@code id} of the current section. */
    public int interfaceLinkType(int id) {
        if (id < 0 || id >= interfaceCount) {
            throw new IndexOutOfBoundsException("interface " + id + " of " + interfaceCount);
        }
        return interfaces[id].linkType;
    }

    /** Snaplen of interface {@code id} of the current section, as stored (0 means none). */
    public long interfaceSnaplen(int id) {
        if (id < 0 || id >= interfaceCount) {
            throw new IndexOutOfBoundsException("interface " + id + " of " + interfaceCount);
        }
        return interfaces[id].snaplen;
    }

    /** Byte order of the current section. */
    public boolean bigEndian() {
        return bigEndian;
    }


    /** One IDB: link type and how to turn its timestamp units into nanoseconds since the epoch. */
    private static final class Interface {
        private static final long NANOS_PER_SECOND = 1_000_000_000L;

        final int linkType;
        final long snaplen;
        /** Units are 10^-exponent s, or 2^-exponent s when binary. */
        private final boolean binary;
        private final int exponent;
        /** Decimal units: multiply by this (exponent <= 9) or divide by it (exponent > 9). */
        private final long scale;
        private final long offsetNanos;

        private Interface(int linkType, long snaplen, boolean binary, int exponent, long scale, long offsetNanos) {
            this.linkType = linkType;
            this.snaplen = snaplen;
            this.binary = binary;
            this.exponent = exponent;
            this.scale = scale;
            this.offsetNanos = offsetNanos;
        }

        static Interface of(int linkType, long snaplen, int tsresol, long offsetSeconds, long at)
                throws CaptureFormatException {
            boolean binary = (tsresol & 0x80) != 0;
            int exponent = tsresol & 0x7F;
            // Beyond these a 64-bit timestamp cannot reach one unit of the next coarser scale.
            if (binary ? exponent > 63 : exponent > 19) {
                throw new CaptureFormatException("pcapng interface description block has an unusable"
                        + " if_tsresol of " + (binary ? "2^-" : "10^-") + exponent + " s", at);
            }
            long scale = 1;
            if (!binary) {
                for (int i = 0; i < Math.abs(exponent - 9); i++) {
                    scale *= 10;
                }
            }
            return new Interface(linkType, snaplen, binary, exponent, scale, offsetSeconds * NANOS_PER_SECOND);
        }

        /** Timestamp units (an unsigned 64-bit count) to nanoseconds since the epoch. */
        long nanos(long units) {
            if (!binary) {
                return (exponent <= 9 ? units * scale : Long.divideUnsigned(units, scale)) + offsetNanos;
            }
            if (exponent == 0) {
                return units * NANOS_PER_SECOND + offsetNanos;
            }
            long seconds = units >>> exponent;
            long fraction = units & (1L << exponent) - 1;
            // fraction * 10^9 >> exponent, done in 128 bits: fraction may use all 63 bits.
            long high = Math.multiplyHigh(fraction, NANOS_PER_SECOND);
            long low = fraction * NANOS_PER_SECOND;
            long fractionNanos = high << (64 - exponent) | low >>> exponent;
            return seconds * NANOS_PER_SECOND + fractionNanos + offsetNanos;
        }
    }
}
