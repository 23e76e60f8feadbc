package dev.tattler.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WeirdSamplerTest {
    @Test
    void reportsTheFirst25ThenOneInAThousandAndCountsAll() {
        WeirdSampler s = new WeirdSampler();
        int reported = 0;
        for (int i = 1; i <= 3025; i++) {
            if (s.count("truncated_IP")) {
                reported++;
            }
        }
        assertEquals(25 + 3, reported); // the 1025th, 2025th and 3025th
        assertEquals(3025L, s.totals().get("truncated_IP"));
        // names are sampled separately
        assertEquals(true, s.count("bad_IP_checksum"));
    }
}
