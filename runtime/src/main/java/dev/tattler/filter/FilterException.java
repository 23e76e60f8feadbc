package dev.tattler.filter;

/**
 * A filter that does not compile: a syntax error, an unknown word or a combination the
 * language does not allow. The message names the 1-based character position, e.g.
 * {@code unknown word 'prot' at 9 (expected host, net, port, portrange)}.
 */
public final class FilterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int position;

    FilterException(String what, int position, String expected) {
        super(what + " at " + position + (expected == null ? "" : " (" + expected + ")"));
        this.position = position;
    }

    /** The 1-based character position the message names. */
    public int position() {
        return position;
    }
}
