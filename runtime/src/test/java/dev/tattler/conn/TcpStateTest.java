package dev.tattler.conn;

import static dev.tattler.conn.Flows.MS;
import static dev.tattler.conn.Flows.SECOND;
import static dev.tattler.conn.Flows.summary;
import static dev.tattler.generate.FrameBuilder.TCP_ACK;
import static dev.tattler.generate.FrameBuilder.TCP_FIN;
import static dev.tattler.generate.FrameBuilder.TCP_PSH;
import static dev.tattler.generate.FrameBuilder.TCP_RST;
import static dev.tattler.generate.FrameBuilder.TCP_SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The TCP state machine and history on small hand-built exchanges: each test states the
 * conn_state, history, byte and packet counts Zeek gives the same packets.
 */
class TcpStateTest {
    private static final String C = "10.0.0.1";
    private static final String S = "192.0.2.80";
    private static final int CP = 40_000;

    /** SYN, SYN-ACK, ACK from the client with ISNs 1000 (client) and 5000 (server). */
    private static Flows handshake(Flows f) {
        f.tcp(C, CP, S, 80, 1000, 0, TCP_SYN, 0);
        f.after(MS).tcp(S, 80, C, CP, 5000, 1001, TCP_SYN | TCP_ACK, 0);
        f.after(MS).tcp(C, CP, S, 80, 1001, 5001, TCP_ACK, 0);
        return f;
    }

    @Test
    void aCompleteExchangeIsSfAndItsFinalAckIsNotInTheDuration() {
        Flows f = handshake(new Flows());
        f.after(MS).tcp(C, CP, S, 80, 1001, 5001, TCP_PSH | TCP_ACK, 100);
        f.after(MS).tcp(S, 80, C, CP, 5001, 1101, TCP_ACK, 0);
        f.after(MS).tcp(S, 80, C, CP, 5001, 1101, TCP_PSH | TCP_ACK, 300);
        f.after(MS).tcp(C, CP, S, 80, 1101, 5301, TCP_FIN | TCP_ACK, 0);
        f.after(MS).tcp(S, 80, C, CP, 5301, 1102, TCP_FIN | TCP_ACK, 0);
        f.after(MS).tcp(C, CP, S, 80, 1102, 5302, TCP_ACK, 0);
        f.tracker.flush();
        Connection c = f.only();
        assertEquals("ShADadFf SF 100 300 5 4", summary(c));
        assertEquals(7 * MS, c.durationNanos(), "the last ACK after both FINs does not extend the duration");
        assertEquals(List.of("new 40000>80", "established", "removed SF"), f.events);
    }

    @Test
    void anUnansweredSynIsAnAttemptAfterFiveSecondsAndLaterPacketsStartAFreshConnection() {
        Flows f = new Flows();
        f.tcp(C, CP, S, 80, 1000, 0, TCP_SYN, 0);
        f.after(3 * SECOND).tcp(C, CP, S, 80, 1000, 0, TCP_SYN, 0); // a retransmission
        f.after(2 * SECOND + 1).tick();
        assertEquals(List.of("new 40000>80", "attempt", "removed S0"), f.events);
        assertEquals("S S0 0 0 2 0", summary(f.only()));
        f.tcp(C, CP, S, 80, 1001, 7000, TCP_ACK | TCP_PSH, 10);
        f.tracker.flush();
        assertEquals(2, f.removed.size());
        assertEquals("D OTH 10 0 1 0", summary(f.removed.get(1)));
    }

    @Test
    void aRstAnsweringTheSynIsRej() {
        Flows f = new Flows();
        f.tcp(C, CP, S, 80, 1000, 0, TCP_SYN, 0);
        f.after(MS).tcp(S, 80, C, CP, 0, 1001, TCP_RST | TCP_ACK, 0);
        f.tracker.flush();
        assertEquals("Sr REJ 0 0 1 1", summary(f.only()));
    }

    @Test
    void theOriginatorsSynThenRstWithNoAnswerIsRstos0() {
        Flows f = new Flows();
        f.tcp(C, CP, S, 80, 1000, 0, TCP_SYN, 0);
        f.after(MS).tcp(C, CP, S, 80, 1001, 0, TCP_RST, 0);
        f.tracker.flush();
        assertEquals("SR RSTOS0 0 0 2 0", summary(f.only()));
    }

    @Test
    void resetsAfterTheHandshakeAreRstoAndRstr() {
        Flows f = handshake(new Flows());
        f.after(MS).tcp(C, CP, S, 80, 1001, 5001, TCP_PSH | TCP_ACK, 20);
        f.after(MS).tcp(C, CP, S, 80, 1021, 5001, TCP_RST | TCP_ACK, 0);
        f.tracker.flush();
        assertEquals("ShADR RSTO 20 0 4 1", summary(f.only()));

        Flows g = handshake(new Flows());
        g.after(MS).tcp(S, 80, C, CP, 5001, 1001, TCP_RST | TCP_ACK, 0);
        g.tracker.flush();
        assertEquals("ShAr RSTR 0 0 2 2", summary(g.only()));
    }

    @Test
    void aSynThenFinWithNoAnswerIsSh() {
        Flows f = new Flows();
        f.tcp(C, CP, S, 80, 1000, 0, TCP_SYN, 0);
        f.after(MS).tcp(C, CP, S, 80, 1001, 0, TCP_FIN, 0);
        f.tracker.flush();
        assertEquals("SF SH 0 0 2 0", summary(f.only()));
    }

    @Test
    void halfClosedConnectionsAreS2AndS3() {
        Flows f = handshake(new Flows());
        f.after(MS).tcp(C, CP, S, 80, 1001, 5001, TCP_FIN | TCP_ACK, 0);
        f.tracker.flush();
        assertEquals("ShAF S2 0 0 3 1", summary(f.only()));

        Flows g = handshake(new Flows());
        g.after(MS).tcp(S, 80, C, CP, 5001, 1001, TCP_FIN | TCP_ACK, 0);
        g.tracker.flush();
        assertEquals("ShAf S3 0 0 2 2", summary(g.only()));
    }

    @Test
    void anEstablishedConnectionThatIsNeverClosedIsS1() {
        Flows f = handshake(new Flows());
        f.tracker.flush();
        assertEquals("ShA S1 0 0 2 1", summary(f.only()));
    }

    @Test
    void midStreamTrafficFromALikelyServerPortIsFlipped() {
        // The first packet seen comes from port 80 to an ephemeral port: the receiver is the originator.
        Flows f = new Flows();
        f.tcp(S, 80, C, CP, 5000, 1000, TCP_ACK | TCP_PSH, 1460);
        f.tracker.flush();
        Connection c = f.only();
        assertEquals("^d OTH 0 1460 0 1", summary(c));
        assertEquals(CP, c.origPort());
        assertEquals("10.0.0.1", c.origH());
    }

    @Test
    void aSynAckSeenFirstFlipsAndTheLaterAckEstablishes() {
        Flows f = new Flows();
        f.tcp(S, 80, C, CP, 5000, 1001, TCP_SYN | TCP_ACK, 0);
        f.after(MS).tcp(C, CP, S, 80, 1001, 5001, TCP_ACK, 0);
        f.after(MS).tcp(C, CP, S, 80, 1001, 5001, TCP_ACK | TCP_PSH, 50);
        f.tracker.flush();
        assertEquals("^hAD S1 50 0 2 1", summary(f.only()));
    }

    @Test
    void aResponderSeenAloneIsShrOrRstrh() {
        // Only the server side: a SYN-ACK (flipped: it comes from port 80) and then its FIN or RST.
        Flows f = new Flows();
        f.tcp(S, 80, C, CP, 5000, 1001, TCP_SYN | TCP_ACK, 0);
        f.after(MS).tcp(S, 80, C, CP, 5001, 1001, TCP_FIN | TCP_ACK, 0);
        f.tracker.flush();
        assertEquals("^hf SHR 0 0 0 2", summary(f.only()));

        Flows g = new Flows();
        g.tcp(S, 80, C, CP, 5000, 1001, TCP_SYN | TCP_ACK, 0);
        g.after(MS).tcp(S, 80, C, CP, 5001, 1001, TCP_RST | TCP_ACK, 0);
        g.tracker.flush();
        assertEquals("^hr RSTRH 0 0 0 2", summary(g.only()));
    }

    @Test
    void multiFlagSegmentsAreQAndI() {
        Flows f = handshake(new Flows());
        f.after(MS).tcp(C, CP, S, 80, 1001, 5001, TCP_FIN | TCP_RST | TCP_ACK, 0);
        f.after(MS).tcp(S, 80, C, CP, 5001, 1001, TCP_SYN | TCP_FIN | TCP_ACK, 0);
        f.tracker.flush();
        assertEquals("ShAIq", f.only().history());
    }

    @Test
    void retransmissionsAreMarkedAtTheFirstTenthAndHundredth() {
        Flows f = handshake(new Flows());
        f.after(MS).tcp(C, CP, S, 80, 1001, 5001, TCP_ACK | TCP_PSH, 10);
        for (int i = 0; i < 100; i++) {
            f.after(MS).tcp(C, CP, S, 80, 1001, 5001, TCP_ACK | TCP_PSH, 10);
        }
        f.tracker.flush();
        // 100 retransmissions: T at the 1st, 10th and 100th
        assertEquals("ShADTTT S1", f.only().history() + " " + f.only().connState());
    }

    @Test
    void aZeroWindowIsW() {
        Flows f = handshake(new Flows());
        f.after(MS).tcp(S, 80, C, CP, 5001, 1001, TCP_ACK, 0, 0);
        f.tracker.flush();
        assertEquals("ShAaw", f.only().history());
    }

    @Test
    void aContentGapIsGAndMissedBytes() {
        Flows f = handshake(new Flows());
        f.after(MS).tcp(C, CP, S, 80, 1001, 5001, TCP_ACK | TCP_PSH, 100);
        // bytes 1101..1200 never seen, 1201..1300 arrive, the server acks everything
        f.after(MS).tcp(C, CP, S, 80, 1201, 5001, TCP_ACK | TCP_PSH, 100);
        f.after(MS).tcp(S, 80, C, CP, 5001, 1301, TCP_ACK, 0);
        f.tracker.flush();
        Connection c = f.only();
        assertEquals("ShADaG S1 300 0 4 2", summary(c));
        assertEquals(100, c.missedBytes());
    }

    @Test
    void sequenceNumbersWrappingPast2To32CountCorrectly() {
        Flows f = new Flows();
        long isn = 0xFFFF_FF00L;
        f.tcp(C, CP, S, 80, isn, 0, TCP_SYN, 0);
        f.after(MS).tcp(S, 80, C, CP, 5000, isn + 1, TCP_SYN | TCP_ACK, 0);
        f.after(MS).tcp(C, CP, S, 80, isn + 1, 5001, TCP_ACK, 0);
        long seq = isn + 1;
        for (int i = 0; i < 4; i++) {
            f.after(MS).tcp(C, CP, S, 80, seq, 5001, TCP_ACK | TCP_PSH, 1000);
            seq += 1000;
            f.after(MS).tcp(S, 80, C, CP, 5001, seq, TCP_ACK, 0);
        }
        f.tracker.flush();
        assertEquals("ShADa S1 4000 0 6 5", summary(f.only()));
    }

    @Test
    void aBadChecksumIsCAndTheSegmentIsNotCounted() {
        Flows f = new Flows();
        f.fb.tcp(Flows.SERVER_MAC, Flows.CLIENT_MAC, 1, 64, dev.tattler.generate.FrameBuilder.ip(C),
                dev.tattler.generate.FrameBuilder.ip(S), CP, 80, 1000, 0, TCP_SYN, 1024, new byte[0], 0, 0);
        f.fb.buffer()[14 + 20 + 16] ^= 0x55; // corrupt the TCP checksum
        f.send();
        f.tracker.flush();
        assertEquals("C OTH 0 0 0 0", summary(f.only()));
        assertTrue(f.weirds.contains("bad_TCP_checksum"));

        Flows g = new Flows(ConnConfig.defaults().withIgnoreChecksums(true));
        g.send(f.fb.buffer(), f.fb.length());
        g.tracker.flush();
        assertEquals("S S0 0 0 1 0", summary(g.only()), "-C: the segment counts");
    }

    @Test
    void aNewSynOnAClosedTupleStartsAnotherConnection() {
        Flows f = handshake(new Flows());
        f.after(MS).tcp(C, CP, S, 80, 1001, 5001, TCP_FIN | TCP_ACK, 0);
        f.after(MS).tcp(S, 80, C, CP, 5001, 1002, TCP_FIN | TCP_ACK, 0);
        f.after(MS).tcp(C, CP, S, 80, 1002, 5002, TCP_ACK, 0);
        f.after(MS).tcp(C, CP, S, 80, 90_000, 0, TCP_SYN, 0);
        assertEquals(1, f.removed.size(), "the SYN removed the first connection");
        assertEquals("SF", f.removed.get(0).connState());
        f.tracker.flush();
        assertEquals("S S0", f.removed.get(1).history() + " " + f.removed.get(1).connState());
    }

    @Test
    void closedConnectionsLingerFiveSecondsThenGo() {
        Flows f = handshake(new Flows());
        f.after(MS).tcp(C, CP, S, 80, 1001, 5001, TCP_FIN | TCP_ACK, 0);
        f.after(MS).tcp(S, 80, C, CP, 5001, 1002, TCP_FIN | TCP_ACK, 0);
        f.after(5 * SECOND - MS).tick();
        assertTrue(f.removed.isEmpty());
        f.after(MS).tick();
        assertEquals("SF", f.only().connState());
    }

    @Test
    void establishedConnectionsTimeOutAfterFiveMinutesOfSilence() {
        Flows f = handshake(new Flows());
        f.after(299 * SECOND).tick();
        assertTrue(f.removed.isEmpty());
        f.after(SECOND + MS).tick();
        assertEquals("S1", f.only().connState());
        assertEquals(List.of("new 40000>80", "established", "removed S1"), f.events);
    }
}
