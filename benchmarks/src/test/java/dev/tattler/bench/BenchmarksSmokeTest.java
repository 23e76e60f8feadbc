package dev.tattler.bench;

import dev.tattler.decode.PacketView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each benchmark's set-up and a few operations, untimed, so that a change elsewhere that breaks
 * a benchmark fails the build rather than the next benchmark run. Nothing here measures.
 */
class BenchmarksSmokeTest {
    @TempDir
    static Path cache;

    @BeforeAll
    static void cacheCaptureInTempDir() {
        System.setProperty("tattler.bench.dir", cache.toString());
    }

    @Test
    void readerReadsFramesAndStartsOverAtTheEnd() throws Exception {
        ReaderBenchmark b = new ReaderBenchmark();
        b.open();
        for (int i = 0; i < BenchCapture.PASS + 10; i++) {
            assertTrue(b.next() > 0, "frame " + i);
        }
        b.close();
    }

    @Test
    void readAheadHandsOverEveryFrameAndStartsOverAtTheEnd() throws Exception {
        for (String pass : new String[] {"none", "checksums"}) {
            ReadAheadBenchmark b = new ReadAheadBenchmark();
            b.pass = pass;
            b.open();
            // Untagged frames of EtherType 0x08xx: IPv4 and ARP; with the pass, IPv4 alone (verdict 7: checked, all right).
            int expected = 0x08 + ("checksums".equals(pass) ? 7 : 0);
            int matched = 0;
            for (int i = 0; i < BenchCapture.PASS + 10; i++) {
                if (b.next() == expected) {
                    matched++;
                }
            }
            b.close();
            assertTrue(matched > BenchCapture.PASS / 2, pass + ": frames " + matched);
        }
    }

    @Test
    void decoderFindsTheLinkLayer() {
        DecodeBenchmark b = new DecodeBenchmark();
        b.frames = 2048;
        b.read();
        for (int i = 0; i < 3000; i++) {
            assertTrue((b.decode() & PacketView.LINK) != 0, "frame " + i);
        }
    }

    @Test
    void trackerReportsConnectionsAndRemovesThemAll() {
        for (int cap : new int[] {200_000, 1000}) {
            ConnTrackerBenchmark b = new ConnTrackerBenchmark();
            b.cap = cap;
            b.decode();
            b.emptyTable();
            long calls = b.pass();
            // ~10,000 connections made and removed, ~60,000 UDP packets, handshakes: a fifth of the packets at least
            assertTrue(calls > BenchCapture.PASS / 5, "listener calls " + calls + ", cap " + cap);
            assertEquals(0, b.trackedAfterPass(), "flush removed every connection, cap " + cap);
        }
    }

    @Test
    void engineProcessesTheFrames() throws Exception {
        EngineBenchmark b = new EngineBenchmark();
        b.script = "none";
        b.start();
        for (int i = 0; i < 2000; i++) {
            b.process();
        }
        b.close();
    }

    @Test
    void jsHandlerSeesEveryPublishedEvent() throws Exception {
        JsDispatchBenchmark b = new JsDispatchBenchmark();
        b.handler = "js-map";
        b.install();
        for (int i = 0; i < 200; i++) {
            b.publish();
        }
        assertEquals(200, b.host().eval("check", "events").asInt());
        assertTrue(b.host().eval("check", "perSource.size").asInt() > 1);
        b.close();
    }

    @Test
    void javaHandlerSeesEveryPublishedEvent() throws Exception {
        JsDispatchBenchmark b = new JsDispatchBenchmark();
        b.handler = "java-empty";
        b.install();
        for (int i = 0; i < 100; i++) {
            b.publish();
        }
        assertEquals(100, b.javaCalls());
        b.close();
    }
}
