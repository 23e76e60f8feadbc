package dev.tattler.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `tattler run` end to end: good runs, weird.log, and every kind of bad input. */
class RunCommandTest {
    @TempDir
    Path dir;

    private Path script(String name, String code) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, code);
        return p;
    }

    private static void assertOneLineError(Cli r, int status, String fragment) {
        assertEquals(status, r.status, r.err);
        assertTrue(r.err.contains(fragment), r.err);
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r.err);
        assertFalse(r.err.contains("Exception"), "no exception names: " + r.err);
    }

    @Test
    void runsScriptsAndWritesAZeekWeirdLog() throws Exception {
        Path js = script("count.js", "let n = 0; tattler.on('udp_request', () => n++);"
                + " tattler.on('tattler_done', () => console.log('udp_request ' + n));");
        Path logs = dir.resolve("logs");
        Cli r = Cli.run("run", "-r", Cli.corpus("tcpdump/tests/udp-length-heapoverflow.pcap").toString(),
                "--log-dir", logs.toString(), js.toString());
        assertEquals(0, r.status, r.err);
        List<String> lines = Files.readAllLines(logs.resolve("weird.log"));
        assertEquals("#separator \\x09", lines.get(0));
        assertEquals("#set_separator\t,", lines.get(1));
        assertEquals("#empty_field\t(empty)", lines.get(2));
        assertEquals("#unset_field\t-", lines.get(3));
        assertEquals("#path\tweird", lines.get(4));
        assertTrue(lines.get(5).matches("#open\t\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d"), lines.get(5));
        assertEquals("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tname\taddl\tnotice\tpeer\tsource",
                lines.get(6));
        assertEquals("#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tstring\tbool\tstring\tstring", lines.get(7));
        assertTrue(lines.get(lines.size() - 1).matches("#close\t\\d{4}(-\\d\\d){5}"), lines.get(lines.size() - 1));
        // The one packet's UDP header is cut by the 38-byte snap length.
        List<String> rows = lines.stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(1, rows.size(), rows.toString());
        String[] f = rows.get(0).split("\t", -1);
        assertEquals(11, f.length);
        assertTrue(f[0].matches("\\d+\\.\\d{6}"), f[0]);
        assertEquals("internally_truncated_header", f[6]);
        assertEquals("UDP", f[10]);
    }

    /**
     * The issue's bar: a user's count.js agrees with tshark (MANIFEST.tsv counts) on ARP and UDP.
     * Files with no difference explained in EngineCorpusTest.
     */
    @Test
    void countScriptAgreesWithTshark() throws Exception {
        Path js = script("count.js", String.join("\n",
                "const n = { arp_request: 0, arp_reply: 0, udp: 0 };",
                "tattler.on('arp_request', () => n.arp_request++);",
                "tattler.on('arp_reply', () => n.arp_reply++);",
                "tattler.on('udp_request', () => n.udp++);",
                "tattler.on('udp_reply', () => n.udp++);",
                "tattler.on('tattler_done', () => console.log(`${n.arp_request} ${n.arp_reply} ${n.udp}`));"));
        // path -> "ARP requests, ARP replies, UDP" as tshark counted them
        String[][] cases = {
                {"tcpdump/tests/eapon1.pcap", "4 1 66"},
                {"suricata-verify/tests/sip-method/sip.pcap", "22 22 590"},
                {"zeek/testing/btest/Traces/smb/smb3_multichannel.pcap", "38 2 1"},
                {"zeek/testing/btest/Traces/linux_dlt_sll2.pcap", "1 0 0"},
                {"zeek/testing/btest/Traces/pcapng-multi-interface.pcapng", "0 0 6"},
                {"tcpdump/tests/dns-badcookie.pcap", "0 0 4"},
                {"tcpdump/tests/802.1ad_QinQ.pcap", "1 1 0"},
        };
        for (String[] c : cases) {
            // -C: tshark counts packets whatever their checksums (pcapng-multi-interface has
            // offloaded ones), while Tattler, like Zeek, ignores a UDP packet with a bad checksum.
            Cli r = Cli.run("run", "-r", Cli.corpus(c[0]).toString(), "-C", "--log-dir", dir.toString(), js.toString());
            assertEquals(0, r.status, r.err);
            assertEquals(c[1], r.out.trim(), c[0]);
        }
    }

    @Test
    void cutCaptureKeepsWhatWasReadAndExitsZeroWithAWeird() throws Exception {
        byte[] whole = Files.readAllBytes(Cli.corpus("tcpdump/tests/eapon1.pcap"));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 10));
        Path js = script("n.js", "let n = 0; tattler.on('raw_packet', () => n++);"
                + " tattler.on('tattler_done', () => console.log(n));");
        Cli r = Cli.run("run", "-r", cut.toString(), "--log-dir", dir.toString(), js.toString());
        assertEquals(0, r.status, r.err);
        assertEquals("113", r.out.trim(), "all but the cut record of eapon1's 114");
        assertTrue(r.err.contains("capture file ends inside record 114"), r.err);
        assertTrue(Files.readString(dir.resolve("weird.log")).contains("\tcapture_file_truncated\t"));
    }

    @Test
    void emptyCaptureIsFine() throws Exception {
        Path js = script("d.js", "tattler.on('tattler_done', () => console.log('done'));");
        Cli r = Cli.run("run", "-r", Cli.corpus("tcpdump/tests/empty.pcapng").toString(),
                "--log-dir", dir.toString(), js.toString());
        assertEquals(0, r.status, r.err);
        assertEquals("done", r.out.trim());
    }

    @Test
    void badInputGetsOneLineAndANonZeroExit() throws Exception {
        Path good = script("ok.js", "tattler.on('raw_packet', () => {});");
        String cap = Cli.corpus("zeek/testing/btest/Traces/arp-who-has.pcap").toString();
        assertOneLineError(Cli.run("run", "-r", dir.resolve("nope.pcap").toString(), good.toString()), 1, "no such file");
        assertOneLineError(Cli.run("run", "-r", good.toString()), 1, "not a pcap or pcapng capture");
        assertOneLineError(Cli.run("run", "-r", dir.toString()), 1, "is a directory");
        assertOneLineError(Cli.run("run", good.toString()), 2, "run needs a capture");
        assertOneLineError(Cli.run("run", "-r", cap, "--frobnicate"), 2, "unknown option --frobnicate");
        assertOneLineError(Cli.run("run", "-r", cap, "--local-nets", "192.168.1.0/33"), 2, "bad prefix length");
        assertOneLineError(Cli.run("run", "-r", cap, "nosuchscript"), 1, "no such script");
        assertOneLineError(Cli.run("run", "-r", cap, script("bad.js", "tattler.on('raw_packet', (p) => {\n").toString()),
                1, "bad.js:");
        assertOneLineError(Cli.run("run", "-r", cap, script("typo.js", "tattler.on('arp_reqest', () => {});").toString()),
                1, "did you mean 'arp_request'");
        assertOneLineError(Cli.run("frobnicate"), 2, "unknown command 'frobnicate'");
        Path corrupt = dir.resolve("corrupt.pcap");
        byte[] header = Arrays.copyOf(Files.readAllBytes(Path.of(cap)), 40);
        header[32] = (byte) 0xFF; // record caplen of 0xFF.. - absurd
        header[35] = (byte) 0x7F;
        Files.write(corrupt, header);
        Cli r = Cli.run("run", "-r", corrupt.toString(), "--log-dir", dir.toString());
        assertOneLineError(r, 1, "byte offset");
    }

    @Test
    void failingHandlerIsReportedAndTheRunCompletes() throws Exception {
        Path js = script("boom.js", "tattler.on('raw_packet', (p) => { p.nosuch.field = 1; });\n"
                + "tattler.on('tattler_done', () => console.log('finished'));");
        Cli r = Cli.run("run", "-r", Cli.corpus("tcpdump/tests/eapon1.pcap").toString(),
                "--log-dir", dir.toString(), js.toString());
        assertEquals(0, r.status, r.err);
        assertEquals("finished", r.out.trim());
        assertTrue(r.err.contains("boom.js:1:35: handler for 'raw_packet' (boom.js:1:26) failed: TypeError"), r.err);
        assertTrue(r.err.contains("handler for 'raw_packet' disabled after 100 errors"), r.err);
        assertTrue(r.err.lines().count() <= 9, "errors are capped, not 114 lines: " + r.err);
        String reporter = Files.readString(dir.resolve("reporter.log"));
        assertTrue(reporter.contains("disabled after 100 errors"), reporter);
    }

    @Test
    void everySubcommandHasHelp() {
        for (String command : new String[] {"run", "events", "demo", "version", "generate"}) {
            Cli r = Cli.run(command, "--help");
            assertEquals(0, r.status, command);
            assertTrue(r.out.startsWith("usage: tattler " + command), r.out);
        }
        Cli r = Cli.run("--help");
        assertEquals(0, r.status);
        assertTrue(r.out.contains("run -r FILE"), r.out);
    }

    @Test
    void eventsListsTheCatalogueWithFields() {
        Cli r = Cli.run("events");
        assertEquals(0, r.status);
        for (String line : new String[] {"udp_request(c: ConnInfo, p: PacketInfo)", "c.id.orig_h (string)",
                "arp.gratuitous (boolean)", "b.kind (string)", "bad_arp(arp: ArpInfo, explanation: string)",
                "w.name (string)", "tattler_init()"}) {
            assertTrue(r.out.contains(line), line + " missing from:\n" + r.out);
        }
    }

    @Test
    void versionSaysWhichJavaScriptRuntimeIsActive() {
        Cli r = Cli.run("--version");
        assertEquals(0, r.status);
        assertTrue(r.out.matches("(?s)tattler .*\nJDK: .*\nJavaScript: GraalJS .*, (optimized|interpreter) .*"), r.out);
    }
}
