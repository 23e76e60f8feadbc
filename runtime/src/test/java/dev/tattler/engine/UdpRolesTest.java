package dev.tattler.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PacketRecord;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.decode.WeirdSink;
import org.junit.jupiter.api.Test;

/** Who originates a UDP flow whose first packet we see (Zeek's flip rule). */
class UdpRolesTest {

    /** Ethernet + IPv4 + UDP with 4 payload bytes; addresses as 8 hex digits. */
    private static boolean flip(String dstMac, String src, String dst, int sport, int dport) {
        String hex = dstMac + "001122334455 0800 4500 0020 0001 0000 4011 0000 " + src + dst
                + String.format("%04x%04x", sport, dport) + "000c 0000 41424344";
        hex = hex.replace(" ", "");
        byte[] frame = new byte[hex.length() / 2];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        PacketRecord r = new PacketRecord();
        r.set(frame, 0, frame.length, frame.length, 0, LinkTypes.ETHERNET, 0);
        PacketView v = new PacketView();
        new PacketDecoder(WeirdSink.IGNORE).decode(r, v);
        assertEquals(sport, v.srcPort());
        return UdpRoles.flip(v);
    }

    private static final String UNICAST = "66778899aabb";
    private static final String BCAST = "ffffffffffff";

    @Test
    void aReplySeenFirstFlips() {
        // DNS answer from 10.0.0.1:53 to an ephemeral port: the client is the originator
        assertEquals(true, flip(UNICAST, "0a000001", "0a000002", 53, 33000));
        assertEquals(true, flip(UNICAST, "0a000001", "0a000002", 123, 40000));
    }

    @Test
    void requestsAndServerToServerDoNotFlip() {
        assertEquals(false, flip(UNICAST, "0a000002", "0a000001", 33000, 53));
        // both ends likely servers (NTP 123 <-> 123, NetBIOS 138 <-> 138)
        assertEquals(false, flip(UNICAST, "0a000001", "0a000002", 123, 123));
        assertEquals(false, flip(UNICAST, "0a000001", "0a000002", 138, 53));
        // neither end a likely server
        assertEquals(false, flip(UNICAST, "0a000001", "0a000002", 40190, 7437));
    }

    @Test
    void broadcastAndMulticastDestinationsNeverFlip() {
        // a DHCP server answering to 255.255.255.255:68 from 67 would flip by ports alone
        assertEquals(false, flip(BCAST, "0a000001", "ffffffff", 67, 40000));
        // to a subnet broadcast address, to a broadcast MAC, to a multicast group
        assertEquals(false, flip(UNICAST, "0a000001", "0a0000ff", 53, 40000));
        assertEquals(false, flip(BCAST, "0a000001", "0a000007", 53, 40000));
        assertEquals(false, flip("01005e0000fb", "0a000001", "e00000fb", 5353, 40000));
    }
}
