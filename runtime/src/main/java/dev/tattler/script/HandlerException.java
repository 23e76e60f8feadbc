package dev.tattler.script;

/** A script handler failed; the message already says where ("count.js:5:9: TypeError: ..."). */
public final class HandlerException extends RuntimeException {
    public HandlerException(String message) {
        super(message, null, false, false);
    }
}
