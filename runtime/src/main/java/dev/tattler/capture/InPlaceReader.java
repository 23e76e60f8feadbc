package dev.tattler.capture;

/**
 * A capture file reader whose frames are windows into its {@link ChannelInput}'s buffer
 * ({@link PcapReader}, {@link PcapNgReader}): given the memory to read into
 * ({@link ChannelInput#readInto}), its frames can be handed on without a copy.
 */
interface InPlaceReader extends PacketSource {
    /** The input the frames are read from. */
    ChannelInput input();
}
