package dev.tattler.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
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
}
