package dev.tattler.event;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PacketRecord;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.filter.PacketFilter;
import dev.tattler.generate.FrameBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Filters and gates on the bus: a gate shared by handlers with different filters is asked once
 * per packet, even when a handler subscribes again with it while the packet's events are being
 * raised; a handler subscribed again and again with new filters leaves no compiled filter
 * behind, and a filter still in use keeps working.
 */
class EventBusTest {
    private final EventBus bus = new EventBus((event, handler, error) -> {
        throw error;
    });
    private final PacketView view = new PacketView();

    private void packet(int srcPort) {
        FrameBuilder fb = new FrameBuilder();
        byte[] payload = new byte[4];
        int len = fb.udp(1, 2, 0, 64, FrameBuilder.ip("10.0.0.1"), FrameBuilder.ip("10.0.0.2"), srcPort, 53,
                payload, 0, payload.length);
        PacketRecord r = new PacketRecord();
        r.set(fb.buffer(), 0, len, len, 1_000_000_000L, LinkTypes.ETHERNET, 0);
        new PacketDecoder((n, a, v) -> { }).decode(r, view);
        bus.packet(view);
    }

    private static EventHandler counting(List<String> calls, String name) {
        return new EventHandler() {
            @Override
            public void handle(Object first, Object second) {
                calls.add(name);
            }

            @Override
            public String origin() {
                return name;
            }
        };
    }

    @Test
    void aSharedGateIsAskedOncePerPacketWhateverItsFilters() {
        int[] asked = new int[1];
        EventBus.Gate everyOther = v -> asked[0]++ % 2 == 0;
        List<String> calls = new ArrayList<>();
        bus.subscribe(EventType.UDP_REQUEST, counting(calls, "a"), 0, bus.filter("udp"), everyOther);
        bus.subscribe(EventType.UDP_REQUEST, counting(calls, "b"), 0, bus.filter("udp port 53"), everyOther);
        for (int i = 0; i < 4; i++) {
            packet(1000 + i);
            if (bus.wants(EventType.UDP_REQUEST)) {
                bus.publish(EventType.UDP_REQUEST, null, null);
            }
        }
        assertEquals(4, asked[0], "once per packet, not once per handler or per call");
        assertEquals(List.of("a", "b", "a", "b"), calls, "both handlers on the packets the gate passed");
    }

    @Test
    void aGateResubscribedDuringAPacketIsNotAskedAgainForIt() {
        // worm770 does this: a gated handler unsubscribes and subscribes again with the same
        // threshold and a wider filter. Another event for the same packet, through the same gate,
        // must get the answer already given, or the threshold would count the packet twice.
        int[] asked = new int[1];
        EventBus.Gate counted = v -> {
            asked[0]++;
            return true;
        };
        List<String> calls = new ArrayList<>();
        EventHandler later = counting(calls, "udp");
        EventHandler[] first = new EventHandler[1];
        first[0] = new EventHandler() {
            @Override
            public void handle(Object a, Object b) {
                calls.add("conn");
                bus.unsubscribe(EventType.NEW_CONNECTION, first[0]);
                bus.unsubscribe(EventType.UDP_REQUEST, later);
                bus.subscribe(EventType.UDP_REQUEST, later, 0, bus.filter("udp port 53"), counted);
            }

            @Override
            public String origin() {
                return "conn";
            }
        };
        bus.subscribe(EventType.NEW_CONNECTION, first[0], 0, bus.filter("udp"), counted);
        bus.subscribe(EventType.UDP_REQUEST, later, 0, bus.filter("udp"), counted);
        packet(1000);
        for (EventType e : List.of(EventType.NEW_CONNECTION, EventType.UDP_REQUEST)) {
            if (bus.wants(e)) {
                bus.publish(e, null, null);
            }
        }
        assertEquals(1, asked[0], "the gate is asked once for the packet");
        assertEquals(List.of("conn", "udp"), calls);
        packet(1001);
        assertTrue(bus.wants(EventType.UDP_REQUEST));
        assertEquals(2, asked[0], "and once for the next");
    }

    @Test
    void filtersNoHandlerUsesAreForgotten() {
        List<String> calls = new ArrayList<>();
        EventHandler kept = counting(calls, "kept");
        bus.subscribe(EventType.UDP_REQUEST, kept, 0, bus.filter("udp src port 7"));
        EventHandler moving = counting(calls, "moving");
        for (int port = 1000; port < 3000; port++) {
            bus.unsubscribe(EventType.UDP_REQUEST, moving);
            PacketFilter narrower = bus.filter("udp src port " + port);
            bus.subscribe(EventType.UDP_REQUEST, moving, 0, narrower);
        }
        assertTrue(bus.cachedFilters() <= 3, "compiled filters kept: " + bus.cachedFilters());
        packet(2999);
        bus.publish(EventType.UDP_REQUEST, null, null);
        packet(7);
        bus.publish(EventType.UDP_REQUEST, null, null);
        assertEquals(List.of("moving", "kept"), calls);
    }
}
