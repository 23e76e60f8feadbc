package dev.tattler.capture;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where frames come from: a capture file or a live interface. A source fills one reused
 * {@link PacketRecord} per call and never allocates per packet.
 *
 * <p>A source that meets a damaged file either throws {@link CaptureFormatException} (the file
 * cannot be read further: corrupt header, absurd record length) or, for a file cut in the
 * middle of a record, stops returning frames and reports the cut through {@link #truncation()}
 * so that the caller can keep what was read and record a weird.
 *
 * <p>A live source ({@link LiveSource}) may also return false from {@link #next} for a while
 * without having ended: {@link #idle()} tells the two apart.
 */
public interface PacketSource extends Closeable {

    /**
     * Reads the next frame into {@code into}.
     *
     * @return false at the end of the capture (or at a cut, see {@link #truncation()})
     * @throws CaptureFormatException when the capture is corrupt past recovery
     * @throws IOException when the underlying file or device fails
     */
    boolean next(PacketRecord into) throws IOException;

    /**
     * Moves to the record that starts at {@code fileOffset} in the file (as a record's
     * {@link PacketRecord#fileOffset} said on an earlier pass), whose frame number is
     * {@code number}; false, and nothing moved, when this source cannot.
     */
    default boolean seek(long fileOffset, long number) throws IOException {
        return false;
    }

    /** A human description of the source, e.g. the file name and its format. */
    String description();

    /**
     * After {@link #next} returned false: why the capture ended early, or null when it ended
     * cleanly. E.g. "file ends inside the record at byte offset 1234 (needs 60 bytes, has 17)".
     */
    default String truncation() {
        return null;
    }

    /**
     * After {@link #next} returned false: true when the source merely has nothing to hand over
     * yet (a live interface on a quiet link: ask again), false when it has ended. Files end.
     */
    default boolean idle() {
        return false;
    }
}
