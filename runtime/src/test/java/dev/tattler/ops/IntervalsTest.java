package dev.tattler.ops;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntervalsTest {
    @Test
    void parsesTheUnitsOperatorsWrite() {
        assertEquals(Duration.ofSeconds(30), Intervals.parse("30s"));
        assertEquals(Duration.ofSeconds(60), Intervals.parse("60"));
        assertEquals(Duration.ofMinutes(10), Intervals.parse("10m"));
        assertEquals(Duration.ofHours(1), Intervals.parse("1H"));
        assertEquals(Duration.ofDays(1), Intervals.parse(" 1d "));
        assertEquals(Duration.ZERO, Intervals.parse("0"));
    }

    @Test
    void rejectsAnythingElseWithTheFormsThatWork() {
        for (String bad : new String[] {"", "h", "1.5h", "-1h", "1w", "1 hour"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Intervals.parse(bad));
            assertTrue(e.getMessage().contains("30s, 10m, 1h, 1d"), e.getMessage());
        }
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertEquals("1h", Intervals.format(Duration.ofHours(1)));
        assertEquals("90m", Intervals.format(Duration.ofMinutes(90)));
        assertEquals("45s", Intervals.format(Duration.ofSeconds(45)));
        assertEquals("2d", Intervals.format(Duration.ofDays(2)));
    }
}
