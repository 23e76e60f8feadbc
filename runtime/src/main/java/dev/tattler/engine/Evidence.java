package dev.tattler.engine;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketRecord;
import dev.tattler.capture.PacketSource;
import dev.tattler.capture.PcapWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Evidence files: scripts name the frames behind a finding ({@code tattler.evidence(file,
 * [p.number, ...])}) and, once the run is over, those frames are copied byte for byte from the
 * capture into {@code file} in the log directory — a pcap that Wireshark and tcpdump open.
 *
 * <pre>
 *   during the run:  request("worm770-evidence-192.168.1.5.pcap", [17, 18, 19, ...])   (numbers only)
 *                    indexed(r): the file offset of every 1024th frame
 *   after the run:   writeFrom(capture, logDir)  — one more pass over the file, no copies kept before,
 *                    seeking past the stretches without a wanted frame where the file allows
 * </pre>
 *
 * Keeping frame numbers instead of bytes costs the packet loop nothing; the price is a second
 * pass over the capture at the end, which only offline runs can do. On an uncompressed pcap, or
 * pcapng whose interfaces are all described before its first packet, the index makes it read
 * only the 1024-frame blocks that hold wanted frames.
 */
public final class Evidence {
    /** Frames a run may ask for in all: evidence, not a second capture. */
    public static final int MAX_FRAMES = 1_000_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,200}\\.pcap");

    /** Frames per index entry: the index of a 20 M-frame capture is 160 KB. */
    static final int INDEX_EVERY = 1024; // a power of two (indexed() masks with it)

    private final Map<String, TreeSet<Long>> requests = new LinkedHashMap<>();
    private int total;
    private long[] index = new long[64]; // file offset of frame 1 + k * INDEX_EVERY
    private int indexed;
    private int seeks; // in the last writeFrom, for tests

    /**
     * Notes where frames start in the file, as the run reads them (engine thread; cheap for all
     * but every 1024th frame). Frames must come in order from 1, as a file's do.
     */
    public void indexed(PacketRecord r) {
        // A mask, not %: C1, which compiles the engine on short runs with scripts, makes a long
        // remainder a call into the VM, once per packet.
        if (((r.number - 1) & (INDEX_EVERY - 1)) != 0) {
            return;
        }
        long block = (r.number - 1) / INDEX_EVERY;
        synchronized (this) {
            if (block != indexed || r.fileOffset < 0 || block >= Integer.MAX_VALUE / 2) {
                return; // a source that cannot seek (live, compressed) or numbers out of order: no index beyond
            }
            if (indexed == index.length) {
                index = Arrays.copyOf(index, index.length * 2);
            }
            index[indexed++] = r.fileOffset;
        }
    }

    /** Adds frames (by 1-based number) to evidence file {@code name}; throws with a clear message on bad input. */
    public synchronized void request(String name, long[] numbers) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("evidence file must be a plain name ending in .pcap"
                    + " (letters, digits, . _ - :), got '" + name + "'");
        }
        TreeSet<Long> set = requests.computeIfAbsent(name, k -> new TreeSet<>());
        for (long n : numbers) {
            if (n < 1) {
                throw new IllegalArgumentException("evidence frame numbers start at 1, got " + n);
            }
            if (set.add(n) && ++total > MAX_FRAMES) {
                throw new IllegalArgumentException("more than " + MAX_FRAMES + " evidence frames requested");
            }
        }
    }

    /**
     * Seeks to the indexed block holding frame {@code target} when that is past the block being
     * read; returns the number of the frame before the one the source will give next.
     */
    private long skipTowards(PacketSource source, long number, long target) throws IOException {
        long block = (target - 1) / INDEX_EVERY;
        long first = block * INDEX_EVERY + 1;
        if (first <= number + 1 || block >= indexed) {
            return number;
        }
        if (!source.seek(index[(int) block], first)) {
            return number;
        }
        seeks++;
        return first - 1;
    }

    /** Seeks the last {@link #writeFrom} made, for tests. */
    int seeks() {
        return seeks;
    }

    /** Every requested frame number, of all files, sorted and without repeats. */
    private long[] wanted() {
        TreeSet<Long> all = new TreeSet<>();
        for (TreeSet<Long> set : requests.values()) {
            all.addAll(set);
        }
        long[] numbers = new long[all.size()];
        int i = 0;
        for (long n : all) {
            numbers[i++] = n;
        }
        return numbers;
    }

    public synchronized boolean isEmpty() {
        return requests.isEmpty();
    }

    /**
     * Copies the requested frames out of {@code capture} into files in {@code dir}. Frames of a
     * link type other than the file's first one (pcapng with several interfaces) are left out.
     *
     * @return the files written
     */
    public synchronized List<Path> writeFrom(Path capture, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        if (requests.isEmpty()) {
            return written;
        }
        long[] wanted = wanted();
        long last = wanted[wanted.length - 1];
        int next = 0; // the next wanted frame is wanted[next]: most frames cost one comparison
        Map<String, PcapWriter> writers = new LinkedHashMap<>();
        Map<String, Integer> linkTypes = new LinkedHashMap<>();
        PacketRecord r = new PacketRecord();
        seeks = 0;
        try (PacketSource source = CaptureFiles.open(capture)) {
            long number = 0;
            while (number < last) {
                number = skipTowards(source, number, wanted[next]);
                if (!source.next(r)) {
                    break;
                }
                number = r.number > 0 ? r.number : number + 1;
                while (next < wanted.length && wanted[next] < number) {
                    next++;
                }
                if (next == wanted.length || wanted[next] != number) {
                    continue;
                }
                for (Map.Entry<String, TreeSet<Long>> e : requests.entrySet()) {
                    if (!e.getValue().contains(number)) {
                        continue;
                    }
                    PcapWriter w = writers.get(e.getKey());
                    if (w == null) {
                        Path file = dir.resolve(e.getKey());
                        w = PcapWriter.create(file, r.linkType, PcapWriter.DEFAULT_SNAPLEN);
                        writers.put(e.getKey(), w);
                        linkTypes.put(e.getKey(), r.linkType);
                        written.add(file);
                    }
                    if (linkTypes.get(e.getKey()) == r.linkType) {
                        w.write(r);
                    }
                }
            }
        } finally {
            for (PcapWriter w : writers.values()) {
                w.close();
            }
        }
        return written;
    }
}
