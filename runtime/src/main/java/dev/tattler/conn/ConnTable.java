package dev.tattler.conn;

import dev.tattler.decode.PacketView;

import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The live connections, keyed by direction-independent {@link FlowKey}. Lookups reuse one
 * probe key, so a packet of a known flow allocates nothing. Idle flows are expired by network
 * time (UDP: 60 s of inactivity, as Zeek). The map is kept in access order, so a sweep reads
 * only the flows it removes plus one.
 */
public final class ConnTable {
    /** Zeek's udp_inactivity_timeout. */
    public static final long UDP_TIMEOUT_NANOS = 60_000_000_000L;
    private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;

    private final Map<FlowKey, Connection> flows = new LinkedHashMap<>(1024, 0.75f, true);
    private final FlowKey probe = new FlowKey();
    private final UidGenerator uids;
    private final Consumer<Connection> onRemove;
    private long nextSweep = Long.MIN_VALUE;

    /** @param onRemove told of every connection leaving the table (timeout or flush) */
    public ConnTable(long uidSeed, Consumer<Connection> onRemove) {
        this.uids = new UidGenerator(uidSeed);
        this.onRemove = onRemove;
    }

    /** The connection this packet belongs to, or null when it is the first of a new flow. */
    public Connection find(PacketView v, int proto) {
        probe.set(v, proto);
        return flows.get(probe);
    }

    /**
     * Starts a connection for the packet last passed to {@link #find}. {@code flip} makes the
     * packet's receiver the originator (Zeek's flip for a reply seen before its request).
     */
    public Connection create(PacketView v, int proto, boolean flip, long now) {
        FlowKey key = probe.copy();
        Connection c = new Connection(key, uids.next('C'), proto, v, flip, now);
        flows.put(key, c);
        return c;
    }

    /** Counts a packet of {@code c}. */
    public void count(Connection c, boolean fromOriginator, int payloadBytes, long now) {
        c.count(fromOriginator, payloadBytes, now);
    }

    /** Removes flows idle past their timeout; cheap to call per packet. */
    public void advance(long now) {
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + SWEEP_EVERY_NANOS;
        for (Iterator<Connection> it = flows.values().iterator(); it.hasNext(); ) {
            Connection c = it.next();
            if (now - c.lastNanos() <= UDP_TIMEOUT_NANOS) {
                return; // access order: everything after this was active more recently
            }
            it.remove();
            onRemove.accept(c);
        }
    }

    /** Removes every remaining connection, as at the end of a capture. */
    public void flush() {
        for (Iterator<Connection> it = flows.values().iterator(); it.hasNext(); ) {
            Connection c = it.next();
            it.remove();
            onRemove.accept(c);
        }
    }

    public int size() {
        return flows.size();
    }
}
