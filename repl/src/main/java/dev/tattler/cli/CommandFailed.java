package dev.tattler.cli;

/** A command that could not do its job for a reason the user can fix: one line, exit status 1. */
final class CommandFailed extends Exception {
    CommandFailed(String message) {
        super(message);
    }
}
