package dev.tattler.conn;

import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.ReadAheadSource;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;

/**
 * Verifies IP and transport checksums on the thread that reads the capture, so the engine
 * thread does not: summing every byte of every packet is the costliest single step of
 * analysis, and it depends on nothing but the packet. The verdict travels with the frame
 * ({@link PacketRecord#verdict}); {@link ConnTracker} takes it instead of summing again.
 *
 * <pre>
 *   reading thread:  read ─> decode (own view, weirds ignored) ─> Checksums.verdict ─> batch
 *   engine thread:   decode again (weirds reported) ─> ConnTracker: verdict bits, no summing
 * </pre>
 *
 * Only for runs that check checksums (not -C), and only whole packets: fragments and
 * reassembled datagrams are still checked on the engine thread.
 */
public final class ChecksumPass implements ReadAheadSource.FramePass {
    private final PacketDecoder decoder = new PacketDecoder((name, addl, v) -> { });
    private final PacketView view = new PacketView();

    @Override
    public int verdict(PacketRecord frame) {
        decoder.decode(frame, view);
        return Checksums.verdict(view);
    }
}
