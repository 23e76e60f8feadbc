package dev.tattler.capture;

import dev.tattler.testing.SharedCorpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Reads the shared third-party corpus (shared/corpus/MANIFEST.tsv): every capture to its end,
 * with the packet count tshark reported, and timestamps against tcpdump's expected outputs.
 * Skipped when the corpus is not beside the checkout.
 */
class CorpusTest {
    private static final Path CORPUS = SharedCorpus.orNull();

    /** One MANIFEST.tsv row, the columns used here. */
    private static final class Entry {
        final String path;
        final long packets;
        final String oracles;

        Entry(String[] columns) {
            path = columns[0];
            packets = Long.parseLong(columns[7]);
            oracles = columns[9];
        }
    }

    private static List<Entry> manifest() throws IOException {
        assumeTrue(CORPUS != null, "shared/corpus not found; set -Dtattler.shared");
        List<Entry> entries = new ArrayList<>();
        List<String> lines = Files.readAllLines(CORPUS.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                entries.add(new Entry(line.split("\t", -1)));
            }
        }
        return entries;
    }

    /** Order-sensitive digest of what a source produced: times, lengths, link types, bytes. */
    private static final class Digest {
        long count;
        long hash;
        final Map<Long, Long> timestamps = new HashMap<>();

        void add(PacketRecord r) {
            count++;
            long h = hash * 31 + r.timestampNanos;
            h = h * 31 + r.capturedLength;
            h = h * 31 + r.wireLength;
            h = h * 31 + r.linkType;
            for (int i = r.offset, end = r.offset + r.capturedLength; i < end; i++) {
                h = h * 31 + r.data[i];
            }
            hash = h;
        }
    }

    private static Digest read(Path file, int capacity, boolean keepTimes) throws IOException {
        Digest d = new Digest();
        try (PacketSource s = CaptureFiles.open(file, capacity)) {
            PacketRecord r = new PacketRecord();
            while (s.next(r)) {
                assertEquals(d.count + 1, r.number);
                d.add(r);
                if (keepTimes) {
                    d.timestamps.put(r.number, r.timestampNanos);
                }
            }
            // None of the corpus files is cut inside a record: tshark's counts match ours exactly
            // (zeek trunc-hdr.pcap and friends are truncated at the protocol level, not in the file).
            assertNull(s.truncation(), file + ": " + s.truncation());
        }
        return d;
    }

    @TestFactory
    Stream<DynamicTest> everyCaptureReadsToTheEndWithTsharksCount() throws IOException {
        return manifest().stream().map(e -> DynamicTest.dynamicTest(e.path, () -> {
            Path file = CORPUS.resolve(e.path);
            Digest d = read(file, ChannelInput.DEFAULT_CAPACITY, false);
            assertEquals(e.packets, d.count, e.path);
            // The same file through a tiny buffer (compaction on nearly every record, growth for
            // large ones) must yield exactly the same records.
            Digest small = read(file, 256, false);
            assertEquals(d.count, small.count);
            assertEquals(d.hash, small.hash, "records differ with a 256-byte initial buffer");
        }));
    }

    /** "    1  2004-03-23 15:17:28.958610 IP ...": tcpdump's default (-tttt-like) time, in UTC. */
    private static final Pattern DATE_TIME =
            Pattern.compile("^\\s*(\\d+)  (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)\\.(\\d{6}|\\d{9}) ");
    /** "    1  1418145369.924505488 IP ...": -tt. */
    private static final Pattern EPOCH = Pattern.compile("^\\s*(\\d+)  (\\d+)\\.(\\d{6}|\\d{9}) ");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * tcpdump's test suite runs with TZ=GMT0 and prints each packet's number and time; every
     * .out oracle of a tcpdump capture whose lines carry an absolute time is checked line by line
     * (fraction truncated to the printed digits, as tcpdump does).
     */
    @Test
    void timestampsMatchTcpdumpOracles() throws IOException {
        int checked = 0;
        for (Entry e : manifest()) {
            if (!e.path.startsWith("tcpdump/") || e.oracles.equals("-")) {
                continue;
            }
            Map<Long, Long> times = read(CORPUS.resolve(e.path), ChannelInput.DEFAULT_CAPACITY, true).timestamps;
            for (String oracle : e.oracles.split(";")) {
                String name = oracle.trim().split(" ")[0];
                Path out = CORPUS.resolve("tcpdump").resolve(name);
                if (!name.endsWith(".out") || !Files.isRegularFile(out)) {
                    continue;
                }
                for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                    Matcher m = DATE_TIME.matcher(line);
                    long seconds;
                    if (m.find()) {
                        seconds = LocalDateTime.parse(m.group(2), FORMAT).toEpochSecond(ZoneOffset.UTC);
                    } else if ((m = EPOCH.matcher(line)).find()) {
                        seconds = Long.parseLong(m.group(2));
                    } else {
                        continue;
                    }
                    long number = Long.parseLong(m.group(1));
                    String fraction = m.group(3);
                    Long ts = times.get(number);
                    assertTrue(ts != null, name + ": no packet " + number + " in " + e.path);
                    long digitsScale = fraction.length() == 6 ? 1000 : 1;
                    assertEquals(seconds, Math.floorDiv(ts, 1_000_000_000L), name + " packet " + number);
                    assertEquals(Long.parseLong(fraction), Math.floorMod(ts, 1_000_000_000L) / digitsScale,
                            name + " packet " + number);
                    checked++;
                }
            }
        }
        // Sanity: the oracles were found and parsed (eapon1 alone has 4 x 114 timed lines).
        assertTrue(checked > 500, "only " + checked + " oracle lines checked");
    }

    /** The first and last packet times, spelled out; from tcpdump's tests/*.out (TZ=GMT0). */
    @Test
    void firstAndLastTimesOfTwoKnownFiles() throws IOException {
        manifest();
        // tests/eapon1.out, lines 1 and 114: microsecond pcap.
        Map<Long, Long> eapon = read(CORPUS.resolve("tcpdump/tests/eapon1.pcap"), ChannelInput.DEFAULT_CAPACITY, true)
                .timestamps;
        assertEquals(nanos("2004-03-23T15:17:28.958610Z"), eapon.get(1L));
        assertEquals(nanos("2004-03-23T15:19:16.024149Z"), eapon.get(114L));
        // tests/tcp-handshake-nano-tt.out: 1418145369.924505488 and 1418145370.052115157.
        Map<Long, Long> nano = read(CORPUS.resolve("tcpdump/tests/tcp-handshake-nano.pcap"),
                ChannelInput.DEFAULT_CAPACITY, true).timestamps;
        assertEquals(1_418_145_369_924_505_488L, nano.get(1L));
        assertEquals(1_418_145_370_052_115_157L, nano.get(3L));
        assertEquals(3, nano.size());
    }

    @Test
    void descriptionsOfSomeFormats() throws IOException {
        manifest();
        assertEquals("pcap (big-endian, microseconds, EN10MB)", describe("tcpdump/tests/pptp.pcap"));
        assertEquals("pcap (little-endian, nanoseconds, LINUX_SLL)", describe("tcpdump/tests/tcp-handshake-nano.pcap"));
        assertEquals("pcap (little-endian, microseconds, EN10MB)", describe("tcpdump/tests/udp-length-heapoverflow.pcap"));
        assertEquals("pcap (little-endian, microseconds, EN10MB, gzip)",
                describe("zeek/testing/btest/Traces/echo-connections.pcap.gz"));
        assertTrue(describe("zeek/testing/btest/Traces/pcapng-multi-interface.pcapng").startsWith("pcapng (little-endian"));
    }

    private static String describe(String path) throws IOException {
        try (PacketSource s = CaptureFiles.open(CORPUS.resolve(path))) {
            s.next(new PacketRecord());
            return s.description();
        }
    }

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
