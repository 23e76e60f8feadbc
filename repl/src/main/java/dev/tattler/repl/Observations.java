package dev.tattler.repl;

import dev.tattler.event.ArpInfo;
import dev.tattler.event.ConnInfo;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventHandler;
import dev.tattler.event.EventType;
import dev.tattler.event.NoticeInfo;
import dev.tattler.event.PacketInfo;
import dev.tattler.event.WeirdInfo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What the REPL remembers of a replay, gathered by Java handlers on the engine's event bus:
 * finished connections (as conn.log would list them), notices, weirds, and per-host traffic.
 * Open connections come from the engine itself when asked. Everything is bounded.
 */
final class Observations {
    static final int MAX_CONNS = 200_000;
    static final int MAX_NOTICES = 10_000;
    static final int MAX_WEIRDS = 10_000;

    /** The first time a weird name was seen, for {@code .weirds}. */
    record FirstWeird(WeirdInfo weird, long frame) {
    }

    final Bounded<ConnInfo> finished = new Bounded<>(MAX_CONNS);
    final Bounded<NoticeInfo> notices = new Bounded<>(MAX_NOTICES);
    final Bounded<WeirdInfo> weirds = new Bounded<>(MAX_WEIRDS);
    final Map<String, FirstWeird> firstWeirds = new LinkedHashMap<>();
    final HostTable hosts = new HostTable();
    private PacketInfo lastPacket;

    /** Subscribes to everything it gathers; after scripts would also do: order does not matter here. */
    void subscribe(EventBus bus) {
        on(bus, EventType.RAW_PACKET, (p, x) -> {
            lastPacket = (PacketInfo) p;
            hosts.packet(lastPacket);
        });
        BiConsumer<Object, Object> arp = (a, x) -> hosts.arp((ArpInfo) a, lastPacket);
        on(bus, EventType.ARP_REQUEST, arp);
        on(bus, EventType.ARP_REPLY, arp);
        on(bus, EventType.BAD_ARP, arp);
        on(bus, EventType.BROADCAST_SEEN, (b, p) -> hosts.broadcast((PacketInfo) p));
        on(bus, EventType.CONNECTION_STATE_REMOVE, (c, x) -> finished.add((ConnInfo) c));
        on(bus, EventType.NOTICE, (n, x) -> notices.add((NoticeInfo) n));
        on(bus, EventType.WEIRD, (w, p) -> {
            WeirdInfo weird = (WeirdInfo) w;
            weirds.add(weird);
            firstWeirds.putIfAbsent(weird.name, new FirstWeird(weird, p == null ? 0 : (long) ((PacketInfo) p).number));
        });
    }

    private static void on(EventBus bus, EventType type, BiConsumer<Object, Object> action) {
        bus.subscribe(type, new EventHandler() {
            @Override
            public void handle(Object first, Object second) {
                action.accept(first, second);
            }

            @Override
            public String origin() {
                return "repl";
            }
        }, 0);
    }
}
