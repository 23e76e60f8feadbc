package dev.tattler.testing;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Every frame of a capture decoded on its own, outside the engine: what oracles built from
 * single frames (the last packet per host, per pair of hosts) start from.
 */
public final class DecodedFrames {
    /** Called per frame with its record and the decoded view (both reused for the next frame). */
    public interface Visitor {
        void frame(PacketRecord record, PacketView view);
    }

    private DecodedFrames() {
    }

    public static void each(Path capture, Visitor visitor) throws IOException {
        PacketDecoder decoder = new PacketDecoder((n, a, v) -> { });
        PacketView view = new PacketView();
        PacketRecord record = new PacketRecord();
        try (PacketSource source = CaptureFiles.open(capture)) {
            while (source.next(record)) {
                decoder.decode(record, view);
                visitor.frame(record, view);
            }
        }
    }
}
