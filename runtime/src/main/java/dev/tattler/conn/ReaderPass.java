package dev.tattler.conn;

import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.ReadAheadSource;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;

/**
 * The work on each frame that depends on the frame alone, done on the thread that reads the
 * capture so the engine thread does not: verifying IP and transport checksums (summing every
 * byte of every packet, the costliest single step of analysis), and keeping the host tables
 * scripts query ({@link HostTracking}: a hash and a cache miss or two per packet).
 *
 * <pre>
 *   reading thread:  read ─> decode (own view, weirds ignored) ─> Checksums.verdict ─> batch
 *                                                              └─> HostTracking.record
 *   engine thread:   decode again (weirds reported) ─> ConnTracker: verdict bits, no summing
 *                                                      scripts: lastSeen, lastPacket as of this frame
 * </pre>
 *
 * Checksums only for runs that check them (not -C), and only whole packets: fragments and
 * reassembled datagrams are still checked on the engine thread.
 */
public final class ReaderPass implements ReadAheadSource.FramePass {
    private final PacketDecoder decoder;
    private final PacketView view = new PacketView();
    private final boolean checksums;
    private final HostTracking hosts;

    /**
     * @param ignoreChecksums as the engine's (-C): then no verdicts, and the frame decoded as
     *                        the engine decodes it
     * @param hosts           the host tables to keep, or null
     */
    public ReaderPass(boolean ignoreChecksums, HostTracking hosts) {
        this.decoder = new PacketDecoder((name, addl, v) -> { }, ignoreChecksums);
        this.checksums = !ignoreChecksums;
        this.hosts = hosts;
    }

    /** True when the pass has anything to do. */
    public boolean pays() {
        return checksums || hosts != null;
    }

    @Override
    public int verdict(PacketRecord frame) {
        decoder.decode(frame, view);
        if (hosts != null) {
            hosts.record(view);
        }
        return checksums ? Checksums.verdict(view) : 0;
    }
}
