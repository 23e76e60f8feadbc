package dev.tattler.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens a capture file by what it contains, not by its name: classic pcap (either byte order,
 * micro- or nanoseconds), pcapng, or either of them gzip-compressed (as Zeek's and Suricata's
 * test traces often are). Returns the matching reader over one reused buffer.
 */
public final class CaptureFiles {
    private static final int GZIP_INPUT_BUFFER = 64 << 10;
    /** Below the default buffer size a plain file gets a buffer just large enough to hold it. */
    private static final int MIN_CAPACITY = 64 << 10;

    private CaptureFiles() {
    }

    /**
     * Opens {@code file} for reading.
     *
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws CaptureFormatException when it is empty, not a capture, or its header is corrupt
     */
    public static PacketSource open(Path file) throws IOException {
        return open(file, ChannelInput.DEFAULT_CAPACITY);
    }

    /** As {@link #open(Path)} with a chosen initial buffer size; tests use tiny ones. */
    static PacketSource open(Path file, int initialCapacity) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size == 0) {
                throw new CaptureFormatException("the file is empty, not a pcap or pcapng capture", 0);
            }
            byte[] head = new byte[4];
            int headLength = readHead(channel, head);
            if (headLength >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
                return openGzip(channel, initialCapacity);
            }
            int capacity = (int) Math.min(initialCapacity, Math.max(size, Math.min(MIN_CAPACITY, initialCapacity)));
            return reader(new ChannelInput(channel, capacity), false);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static PacketSource openGzip(FileChannel channel, int initialCapacity) throws IOException {
        GZIPInputStream gzip;
        try {
            gzip = new GZIPInputStream(Channels.newInputStream(channel), GZIP_INPUT_BUFFER);
        } catch (ZipException e) {
            throw new CaptureFormatException("corrupt gzip header: " + e.getMessage(), 0);
        } catch (java.io.EOFException e) {
            throw new CaptureFormatException("gzip file is cut short inside its header", 0);
        }
        ReadableByteChannel decompressed = Channels.newChannel(gzip);
        return reader(new ChannelInput(decompressed, initialCapacity), true);
    }

    /** Picks the reader by the first four bytes at the input's position; closes it on failure. */
    private static PacketSource reader(ChannelInput in, boolean gzip) throws IOException {
        try {
            in.request(4);
            int present = Math.min(4, in.available());
            if (present == 0) {
                throw new CaptureFormatException((gzip ? "the decompressed file" : "the file") + " is empty, not a pcap or pcapng capture", 0);
            }
            byte[] b = in.buffer();
            int p = in.position();
            if (present == 4) {
                switch (Bytes.i32(b, p, false)) {
                    case PcapReader.MAGIC_MICROS:
                    case PcapReader.MAGIC_MICROS_SWAPPED:
                    case PcapReader.MAGIC_NANOS:
                    case PcapReader.MAGIC_NANOS_SWAPPED:
                        return new PcapReader(in, gzip);
                    case PcapNgReader.SECTION_HEADER:
                        return new PcapNgReader(in, gzip);
                    default:
                        break;
                }
            }
            throw new CaptureFormatException("not a pcap or pcapng capture: "
                    + (gzip ? "decompressed data starts with " : "starts with ")
                    + Bytes.hex(b, p, present), 0);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Reads up to head.length bytes from the start without moving the channel's position. */
    private static int readHead(FileChannel channel, byte[] head) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(head);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // positional reads: the channel's own position stays at 0 for the reader
        }
        return buffer.position();
    }
}
