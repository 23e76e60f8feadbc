package dev.tattler.capture;

import java.io.IOException;

/**
 * A live capture that cannot start, with a message meant for the user as it stands: one line
 * that says what is wrong and what to do (install libpcap, run as root, pick an interface from
 * the list, fix the filter).
 */
public final class LiveCaptureException extends IOException {
    public LiveCaptureException(String message) {
        super(message);
    }
}
