package dev.tattler.scripts;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketSource;
import dev.tattler.engine.EngineConfig;
import dev.tattler.engine.EventEngine;
import dev.tattler.event.EventBus;
import dev.tattler.generate.GroundTruth;
import dev.tattler.generate.LanScenario;
import dev.tattler.log.Reporter;
import dev.tattler.script.JsRuntime;
import dev.tattler.script.ScriptHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled summary script, run over generated LANs whose content is known exactly. */
class SummaryScriptTest {
    @TempDir
    Path dir;

    private String summarise(Path capture, String localNet) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> failures = new ArrayList<>();
        EventBus bus = new EventBus((e, h, x) -> failures.add(x.getMessage()));
        try (JsRuntime js = new JsRuntime(); ScriptHost host = new ScriptHost(js, bus, out, out)) {
            host.load("summary.js", BundledScripts.source("summary"));
            try (PacketSource src = CaptureFiles.open(capture);
                 EventEngine engine = new EventEngine(new EngineConfig(List.of(localNet), null, 1), bus,
                         new Reporter(new PrintStream(new ByteArrayOutputStream())))) {
                engine.run(src);
            }
        }
        assertEquals(List.of(), failures);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long count(String text, String label) {
        Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(label) + "\\s+(\\d+)$").matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void countsMatchWhatTheGeneratorWrote() throws Exception {
        for (long seed : new long[] {1, 2, 3}) {
            Path f = dir.resolve("lan" + seed + ".pcap");
            GroundTruth truth = LanScenario.write(f, seed, LanScenario.Options.defaults().withSubnet("172.20.4.0/24"));
            String text = summarise(f, "172.20.4.0/24");
            assertTrue(text.startsWith("Packets: " + truth.frames() + " over "), text);
            assertEquals(truth.arpRequests(), count(text, "arp_request"), text);
            assertEquals(truth.arpReplies(), count(text, "arp_reply"), text);
            assertEquals(truth.udpPackets(), count(text, "udp_request") + count(text, "udp_reply"), text);
            assertEquals(truth.udpToDirectedBroadcast(), count(text, "directed 172.20.4.255"), text);
            assertEquals(truth.udpToLimitedBroadcast(), count(text, "limited  255.255.255.255"), text);
            // ARP requests go to ff:ff:ff:ff:ff:ff; they are the non-IP Ethernet broadcasts here.
            long ipBroadcast = truth.udpToDirectedBroadcast() + truth.udpToLimitedBroadcast();
            assertEquals(truth.ethernetBroadcast() - ipBroadcast, count(text, "ethernet ff:ff:ff:ff:ff:ff"), text);
        }
    }

    @Test
    void isBundledUnderItsName() {
        assertNotNull(BundledScripts.source("summary"));
        assertEquals(null, BundledScripts.source("no-such-script"));
    }
}
