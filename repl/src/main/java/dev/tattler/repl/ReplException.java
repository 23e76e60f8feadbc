package dev.tattler.repl;

/**
 * A mistake the user can fix (bad command, missing file, a JavaScript error): its message is
 * the one line the REPL prints before the next prompt. Never carries a stack trace to the user.
 */
final class ReplException extends Exception {
    private static final long serialVersionUID = 1L;

    ReplException(String message) {
        super(message, null, false, false);
    }
}
