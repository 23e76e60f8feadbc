package dev.tattler.capture;

import java.io.IOException;

/**
 * A capture that cannot be read further: not a capture at all, a corrupt header, a record
 * length past anything sane. The message names the byte offset so a user can look with a hex
 * editor; callers print it as one line.
 */
public final class CaptureFormatException extends IOException {
    private final long offset;

    public CaptureFormatException(String message, long offset) {
        super(message + " (at byte offset " + offset + ")");
        this.offset = offset;
    }

    /** Byte offset in the (decompressed) file where the problem was found. */
    public long offset() {
        return offset;
    }
}
