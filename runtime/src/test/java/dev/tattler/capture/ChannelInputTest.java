package dev.tattler.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelInputTest {
    private static ChannelInput over(byte[] content, int capacity) {
        return new ChannelInput(Channels.newChannel(new ByteArrayInputStream(content)), capacity);
    }

    @Test
    void compactsAndTracksTheFileOffset() throws IOException {
        byte[] content = TestBytes.frame(100, 5);
        ChannelInput in = over(content, 16);
        for (int at = 0; at + 7 <= 100; at += 7) {
            assertTrue(in.request(7));
            assertEquals(at, in.offset());
            assertEquals(content[at], in.buffer()[in.position()]);
            assertEquals(content[at + 6], in.buffer()[in.position() + 6]);
            in.skip(7);
        }
        assertEquals(16, in.capacity());  // never needed to grow
        assertFalse(in.request(7));
        assertEquals(2, in.available());
        assertEquals(98, in.offset());
    }

    @Test
    void growsForALargeRequestButOnlyAsFarAsTheDataGoes() throws IOException {
        ChannelInput in = over(new byte[100], 16);
        assertFalse(in.request(1_000_000));
        assertEquals(100, in.available());
        assertTrue(in.capacity() <= 128, "capacity " + in.capacity());
        assertTrue(in.request(100));
    }

    @Test
    void growsToExactlyWhatARecordNeeds() throws IOException {
        byte[] content = TestBytes.frame(1000, 1);
        ChannelInput in = over(content, 16);
        in.request(4);
        in.skip(3);
        assertTrue(in.request(900));
        assertEquals(3, in.offset());
        assertEquals(content[902], in.buffer()[in.position() + 899]);
        assertTrue(in.capacity() >= 900 && in.capacity() <= 1024);
    }

    @Test
    void withASupplyItNeverWritesOverWhatItHandedOut() throws IOException {
        byte[] content = TestBytes.frame(5000, 7);
        ChannelInput in = over(content, 16);
        List<byte[]> taken = new ArrayList<>();
        List<Integer> asked = new ArrayList<>();
        in.readInto(atLeast -> {
            asked.add(atLeast);
            byte[] b = new byte[Math.max(atLeast, 40)];
            taken.add(b);
            return b;
        });
        // Every window handed out, where it lay: it must still hold the same bytes at the end.
        List<int[]> windows = new ArrayList<>();
        List<byte[]> arrays = new ArrayList<>();
        int at = 0;
        for (int n : new int[] {7, 13, 1, 30, 39, 2, 40, 17, 100, 5}) {
            for (int k = 0; k < 8 && at + n <= content.length; k++, at += n) {
                assertTrue(in.request(n));
                assertEquals(at, in.offset());
                windows.add(new int[] {in.position(), n, at});
                arrays.add(in.buffer());
                in.skip(n);
            }
        }
        for (int i = 0; i < windows.size(); i++) {
            int[] w = windows.get(i);
            assertArrayEquals(Arrays.copyOfRange(content, w[2], w[2] + w[1]),
                    Arrays.copyOfRange(arrays.get(i), w[0], w[0] + w[1]), "window " + i + " at file offset " + w[2]);
        }
        assertTrue(taken.size() > 5, "buffers taken: " + taken.size());
        // A large request asks for at most twice the buffer and grows as the data comes (a corrupt length).
        assertFalse(in.request(1_000_000));
        assertTrue(asked.get(asked.size() - 1) <= 2 * 100, "asked for " + asked);
        assertEquals(content.length - at, in.available());
    }

    @Test
    void withASupplyASeekKeepsWhatWasHandedOut() throws IOException {
        byte[] content = TestBytes.frame(200, 3);
        Path file = Files.createTempFile("seek", ".bin");
        try {
            Files.write(file, content);
            try (ChannelInput in = new ChannelInput(FileChannel.open(file), 64)) {
                in.readInto(atLeast -> new byte[Math.max(atLeast, 64)]);
                assertTrue(in.request(10));
                byte[] first = in.buffer();
                int p = in.position();
                in.skip(10);
                assertTrue(in.seek(150));
                assertTrue(in.request(20));
                assertEquals(150, in.offset());
                assertEquals(content[150], in.buffer()[in.position()]);
                assertEquals(content[169], in.buffer()[in.position() + 19]);
                assertArrayEquals(Arrays.copyOfRange(content, 0, 10), Arrays.copyOfRange(first, p, p + 10));
            }
        } finally {
            Files.delete(file);
        }
    }
}
