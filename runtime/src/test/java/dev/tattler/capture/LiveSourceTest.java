package dev.tattler.capture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The live source's errors, one line each, and the rule that it alone uses pcap4j. Capturing
 * real traffic is LiveCaptureTest's job (in the command-line module, in network namespaces).
 */
class LiveSourceTest {
    @Test
    void onlyTheLiveSourceImportsPcap4j() throws IOException {
        List<String> users = new ArrayList<>();
        for (String module : List.of("../runtime", "../scripts", "../repl")) {
            Path src = Path.of(module, "src", "main", "java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    if (Files.readString(f).contains("org.pcap4j")) {
                        users.add(f.getFileName().toString());
                    }
                }
            }
        }
        assertEquals(List.of("LiveSource.java"), users, "offline analysis must not need libpcap");
    }

    @Test
    void libpcapMessagesLoseThePcap4jWrapping() {
        assertEquals("can't parse filter expression: syntax error",
                LiveSource.libpcapMessage("Error occurred in pcap_compile: can't parse filter expression: syntax error"));
        assertEquals("eth9: No such device exists", LiveSource.libpcapMessage("eth9: No such device exists rc=-5"));
        assertEquals("The interface disappeared", LiveSource.libpcapMessage("Error occurred: The interface disappeared"));
    }

    @Test
    void anUnknownInterfaceIsNamedWithTheOnesThatExist() {
        assumeTrue(libpcapPresent(), "libpcap is not installed");
        LiveCaptureException e = assertThrows(LiveCaptureException.class, () -> LiveSource.open("nosuch9", null, 16));
        assertTrue(e.getMessage().startsWith("no interface 'nosuch9'; available: "), e.getMessage());
        assertTrue(e.getMessage().contains("lo"), e.getMessage());
    }

    @Test
    void aBadFilterGivesLibpcapsWordsAndTheExpression() {
        assumeTrue(libpcapPresent() && "root".equals(System.getProperty("user.name")), "needs root and libpcap");
        LiveCaptureException e = assertThrows(LiveCaptureException.class,
                () -> LiveSource.open("lo", "udp portt 53", 16));
        assertEquals("bad capture filter 'udp portt 53': can't parse filter expression: syntax error", e.getMessage());
    }

    @Test
    void aCaptureStoppedBeforeItStartsEndsAtOnce() throws IOException {
        assumeTrue(libpcapPresent() && "root".equals(System.getProperty("user.name")), "needs root and libpcap");
        LiveSource s = LiveSource.open("lo", "udp port 9", 16);
        try {
            assertTrue(s.description().startsWith("lo (live, filter 'udp port 9', "), s.description());
            s.stop();
            PacketRecord r = new PacketRecord();
            assertTrue(!s.next(r) && !s.idle(), "ended, not idle");
        } finally {
            s.close();
        }
        assertEquals(0, s.stats().kernelDropped);
    }

    private static boolean libpcapPresent() {
        try {
            LiveSource.interfaceNames();
            return true;
        } catch (LiveCaptureException e) {
            return false;
        }
    }
}
