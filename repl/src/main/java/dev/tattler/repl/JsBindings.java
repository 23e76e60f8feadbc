package dev.tattler.repl;

import dev.tattler.event.ConnInfo;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The REPL's data as JavaScript globals, for ad-hoc queries such as
 * {@code conns.filter(c => c.id.resp_p == 138).length}: {@code packets}, {@code conns},
 * {@code hosts}, {@code notices} and {@code weirds}. Each is a getter that builds its array when
 * read, so it is always current and costs nothing until used. {@code packets} is lazy too:
 * element {@code i} is read from the {@link PacketHistory} when JavaScript asks for it, so
 * {@code packets.filter(...)} over a million packets streams through the capture instead of
 * holding it.
 */
public final class JsBindings {
    static final List<String> NAMES = List.of("packets", "conns", "hosts", "notices", "weirds");

    private final Session session;

    private JsBindings(Session session) {
        this.session = session;
    }

    /**
     * Defines the globals in the session's current context, and the same under {@code repl.}:
     * a loaded script may declare a global of the same name (worm770 has its own {@code hosts}),
     * which then hides the REPL's, and {@code repl.hosts} still reaches it.
     */
    static void install(Session session) throws ReplException {
        Value define = session.eval("<repl-init>", "(data) => { const repl = {}; for (const name of "
                + NAMES.stream().map(n -> "'" + n + "'").toList() + ") { const get = { get: () => data[name](),"
                + " configurable: true, enumerable: true }; Object.defineProperty(globalThis, name, get);"
                + " Object.defineProperty(repl, name, get); }"
                + " Object.defineProperty(globalThis, 'repl', { value: Object.freeze(repl), configurable: true }); }");
        session.js(() -> define.execute(new JsBindings(session)));
    }

    /** The REPL's names that a loaded script's own globals now hide. */
    static List<String> shadowed(Session session) throws ReplException {
        List<String> out = new ArrayList<>();
        for (String name : NAMES) {
            Value v = session.eval("<repl-check>", "typeof " + name + " === 'undefined' ? undefined : " + name);
            if (!v.isProxyObject()) {
                out.add(name);
            }
        }
        return out;
    }

    /** Packets replayed so far (live: the latest ones kept), oldest first. */
    @HostAccess.Export
    public ProxyArray packets() {
        PacketHistory h = session.history();
        long first = h.first();
        long size = Math.max(0, h.last() - first + 1);
        return new ProxyArray() {
            @Override
            public Object get(long index) {
                if (index < 0 || index >= size) {
                    return null;
                }
                Object[] found = new Object[1];
                try {
                    h.at(first + index, r -> {
                        found[0] = session.dissector.info(r);
                        return false;
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return found[0];
            }

            @Override
            public void set(long index, Value value) {
                throw new UnsupportedOperationException("packets is read-only");
            }

            @Override
            public long getSize() {
                return size;
            }
        };
    }

    /** Finished connections (as conn.log lists them), then those still open. */
    @HostAccess.Export
    public ProxyArray conns() {
        return ProxyArray.fromList(new ArrayList<>(connections(session.investigation())));
    }

    static List<ConnInfo> connections(Investigation inv) {
        List<ConnInfo> all = inv.seen.finished.list();
        all.addAll(inv.engine.openConnections());
        return all;
    }

    @HostAccess.Export
    public ProxyArray hosts() {
        return ProxyArray.fromList(new ArrayList<>(session.investigation().seen.hosts.snapshot()));
    }

    @HostAccess.Export
    public ProxyArray notices() {
        return ProxyArray.fromList(new ArrayList<>(session.investigation().seen.notices.list()));
    }

    @HostAccess.Export
    public ProxyArray weirds() {
        return ProxyArray.fromList(new ArrayList<>(session.investigation().seen.weirds.list()));
    }
}
