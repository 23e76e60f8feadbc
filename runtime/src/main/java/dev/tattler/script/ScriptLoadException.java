package dev.tattler.script;

/**
 * A script that cannot be loaded: missing, a syntax error, an unknown event name. The message
 * is one line a user can act on ("count.js:3:1: unknown event 'udp_requst' (did you mean
 * 'udp_request'?)"), printed without a stack trace.
 */
public final class ScriptLoadException extends Exception {
    public ScriptLoadException(String message) {
        super(message);
    }
}
