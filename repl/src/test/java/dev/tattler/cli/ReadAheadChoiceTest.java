package dev.tattler.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a run reads its capture on a second thread without being asked (docs/benchmarks.md has
 * the measurements behind each case): never on one core; always on three or more; on two,
 * with scripts or past {@link CaptureRun.Input#LONG_CAPTURE_BYTES}, the launcher's boundary
 * between short and long runs.
 */
class ReadAheadChoiceTest {
    private static final long LONG = CaptureRun.Input.LONG_CAPTURE_BYTES;

    @Test
    void twoCoresReadAheadForScriptsAndLongCapturesOnly() {
        assertFalse(CaptureRun.Input.readAheadPays(2, false, 1_400_000_000L), "2 M bench packets, no script");
        assertFalse(CaptureRun.Input.readAheadPays(2, false, LONG), "the boundary itself is short");
        assertTrue(CaptureRun.Input.readAheadPays(2, false, LONG + 1));
        assertTrue(CaptureRun.Input.readAheadPays(2, true, 0));
    }

    @Test
    void oneCoreNeverAndThreeAlways() {
        assertFalse(CaptureRun.Input.readAheadPays(1, true, 100 * LONG));
        assertTrue(CaptureRun.Input.readAheadPays(3, false, 0));
    }

    @Test
    void theSizeIsTheFilesAndAMissingFileCountsAsEmpty(@TempDir Path dir) throws IOException {
        Path sparse = dir.resolve("big.pcap");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(LONG + 1); // sparse: no disk used
        }
        assertEquals(LONG + 1, CaptureRun.Input.sizeOf(sparse));
        assertEquals(0, CaptureRun.Input.sizeOf(dir.resolve("missing.pcap")));
    }
}
