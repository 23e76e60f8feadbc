package dev.tattler.decode;

/**
 * Where decoders and analyzers report malformed input. A weird is data, not an exception: the
 * reporter records it (weird.log, the {@code weird} event) and the packet loop goes on.
 * Names are stable snake_case strings, documented in docs/weirds.md and listed in
 * {@link Weirds}.
 */
@FunctionalInterface
public interface WeirdSink {
    /**
     * @param name a constant from {@link Weirds}
     * @param addl extra detail or null; build it only when cheap, it is rare by definition
     * @param packet the packet being decoded (its view is valid only during this call)
     */
    void weird(String name, String addl, PacketView packet);

    WeirdSink IGNORE = (name, addl, packet) -> { };
}
