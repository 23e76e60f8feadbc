package dev.tattler.capture;

import java.io.IOException;

/**
 * What the capture file readers ({@link PcapReader}, {@link PcapNgReader}) share: the input they
 * read from, whether it is decompressed on the way, and closing it. Their frames are windows
 * into that input's buffer, so {@link ReadAheadSource} can hand them on without a copy once it
 * gives the input the memory to read into ({@link ChannelInput#readInto}).
 */
abstract class InPlaceReader implements PacketSource {
    /** The input the frames are read from. */
    final ChannelInput in;
    /** Read through gzip: no file offsets to seek back to. */
    final boolean gzip;

    InPlaceReader(ChannelInput in, boolean gzip) {
        this.in = in;
        this.gzip = gzip;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
