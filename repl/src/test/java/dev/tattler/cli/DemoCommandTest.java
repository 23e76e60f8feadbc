package dev.tattler.cli;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;
import dev.tattler.decode.WeirdSink;
import dev.tattler.generate.FrameBuilder;
import dev.tattler.generate.Worm770Scenario;
import dev.tattler.generate.Worm770Truth;
import dev.tattler.testing.ZeekLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `tattler demo`: the incident report names the right host; the evidence pcap holds its packets. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void reportsTheInfectedHostAndKeepsTheEvidence() throws Exception {
        Worm770Truth truth = Worm770Scenario.write(dir.resolve("truth.pcap"), 1, Worm770Scenario.Options.defaults());
        Worm770Truth.InfectedHost infected = truth.infected().get(0);
        String ip = infected.ipString();
        Path keep = dir.resolve("demo");
        Cli r = Cli.run("demo", "--keep", keep.toString());
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("Infected host  " + ip + "   MAC " + FrameBuilder.macString(infected.mac())), r.out);
        assertTrue(r.out.contains("What to do now"), r.out);
        assertTrue(r.out.contains("Block UDP source port 770"), r.out);

        ZeekLog notices = ZeekLog.read(keep.resolve("notice.log"));
        assertTrue(notices.rows.stream().anyMatch(n -> n.get("note").equals("Worm770::Infected_Host")
                && n.get("src").equals(ip) && n.get("advice").contains("isolate " + ip)));
        ZeekLog report = ZeekLog.read(keep.resolve("worm770_report.log"));
        assertTrue(report.rows.stream().anyMatch(l -> l.get("line").contains("Infected host  " + ip)), "report kept");

        // The evidence: the self-ARP, and bursts of 5 x 28 bytes from port 770, all from the host.
        Path evidence = keep.resolve("worm770-evidence-" + ip + ".pcap");
        PacketDecoder decoder = new PacketDecoder(WeirdSink.IGNORE);
        PacketView v = new PacketView();
        PacketRecord rec = new PacketRecord();
        int frames = 0;
        int burstPackets = 0;
        int selfArps = 0;
        try (PacketSource s = CaptureFiles.open(evidence)) {
            while (s.next(rec)) {
                frames++;
                decoder.decode(rec, v);
                if (v.has(PacketView.ARP) && v.i32(v.arpSpa()) == v.i32(v.arpTpa())) {
                    selfArps++;
                } else {
                    assertTrue(v.has(PacketView.UDP), "UDP evidence");
                    assertEquals(infected.ip(), v.ipv4Src(), "evidence is from the infected host");
                    if (v.srcPort() == 770) {
                        assertEquals(28, v.payloadLength());
                        burstPackets++;
                    }
                }
            }
        }
        assertEquals(1, selfArps, "the self-ARP");
        assertTrue(burstPackets >= 10 && burstPackets % 5 == 0, "whole bursts: " + burstPackets);
        assertEquals(frames, selfArps + burstPackets + burstPackets / 5, "each burst with the packet that triggered it");
    }
}
