package dev.tattler.log;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The bytes a row becomes, in both formats: Zeek's escaping (TSV \xHH, "(empty)", "\x2d";
 * JSON's escapes), six-decimal times, UTF-8, unset and missing values, and that a row given as
 * typed values and the same row given as objects are the same bytes.
 */
class LogRowTest {
    private static final LogSchema SCHEMA = LogSchema.of("t",
            "ts", "time", "s", "string", "n", "count", "b", "bool", "set", "set[string]", "d", "double");

    private final List<String> rows = new ArrayList<>();
    private final LogRow.Sink sink = row -> rows.add(row.text());

    private String tsv(Object... values) throws IOException {
        new TsvRow(SCHEMA, sink).values(values);
        return rows.remove(0);
    }

    private String json(Object... values) throws IOException {
        new JsonRow(SCHEMA, sink).values(values);
        return rows.remove(0);
    }

    @Test
    void tsvEscapesAsZeek() throws IOException {
        assertEquals("-\ta\\x09b\\x5cc\\x01\\x7fd e\t-\t-\t-\t-\n", tsv(null, "a\tb\\c\u0001\u007fd e"));
        assertEquals("-\t(empty)\t-\t-\t-\t-\n", tsv(null, ""));
        assertEquals("-\t\\x2d\t-\t-\t-\t-\n", tsv(null, "-"));
        assertEquals("-\t--\t-\t-\t-\t-\n", tsv(null, "--"));
        assertEquals("-\tcomma,ok\t-\t-\ta\\x2cb,,-,\\x0a\t-\n",
                tsv(null, "comma,ok", null, null, new ArrayList<>(Arrays.asList("a,b", "", "-", "\n"))));
        assertEquals("-\t-\t-\t-\t(empty)\t-\n", tsv(null, null, null, null, new LinkedHashSet<>()));
    }

    @Test
    void jsonEscapesAndLeavesOutUnset() throws IOException {
        assertEquals("{\"s\":\"q\\\"b\\\\n\\nr\\rt\\tc\\u0001d\\u007f\"}\n", json(null, "q\"b\\n\nr\rt\tc\u0001d\u007f"));
        assertEquals("{\"s\":\"\",\"set\":[\"a,b\",1,true,2.500000]}\n",
                json(null, "", null, null, Arrays.asList("a,b", 1L, true, 2.5)));
        assertEquals("{}\n", json());
        assertEquals("{\"d\":null}\n", json(null, null, null, null, null, Double.NaN));
    }

    @Test
    void textIsUtf8AndLoneSurrogatesBecomeQuestionMarks() throws IOException {
        String s = "é€\uD83D\uDE00x\uD800y";
        assertEquals("-\té€\uD83D\uDE00x?y\t-\t-\t-\t-\n", tsv(null, s));
        assertEquals("{\"s\":\"é€\uD83D\uDE00x?y\"}\n", json(null, s));
        byte[] latin1 = "Sé".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("-\tSé\t-\t-\t-\t-\n", typed(new TsvRow(SCHEMA, sink).unset().string(latin1, 0, 2)));
    }

    @Test
    void timesHaveSixDecimalsRoundedToTheMicrosecond() throws IOException {
        assertEquals("0.000000", tsv(TimeValue.ofNanos(0)).split("\t")[0]);
        assertEquals("1.000000", tsv(TimeValue.ofNanos(999_999_500L)).split("\t")[0]);
        assertEquals("0.999999", tsv(TimeValue.ofNanos(999_999_499L)).split("\t")[0]);
        assertEquals("1714986000.148676", tsv(TimeValue.ofNanos(1_714_986_000_148_676_000L)).split("\t")[0]);
        // before 1970 (never network time): floor seconds and a positive fraction, as TimeValue.format
        assertEquals("-3.500000", tsv(TimeValue.ofNanos(-2_500_000_000L)).split("\t")[0]);
        assertEquals("12.250000", tsv(12.25).split("\t")[0], "seconds as a double in a time column");
        for (long nanos : new long[] {1, 123_456_789_012L, -1, -999, Long.MAX_VALUE / 2}) {
            assertEquals(TimeValue.format(nanos), tsv(TimeValue.ofNanos(nanos)).split("\t")[0]);
        }
    }

    @Test
    void numbersAndBools() throws IOException {
        assertEquals("-\t-\t9223372036854775807\tT\t-\t0.333333\n", tsv(null, null, Long.MAX_VALUE, true, null, 1 / 3.0));
        assertEquals("-\t-\t-9223372036854775808\tF\t-\t-\n", tsv(null, null, Long.MIN_VALUE, false));
        assertEquals("-\t-\t7\t-\t-\t-\n", tsv(null, null, 7.9), "a double in a count column is truncated");
        assertEquals("{\"n\":0,\"b\":false}\n", json(null, null, 0, false));
        for (long n = 1; n > 0 && n < Long.MAX_VALUE / 9; n = n * 10 + n % 7) {
            assertEquals("-\t-\t" + n + "\t-\t-\t-\n", tsv(null, null, n));
        }
        // Around the line where the digits go from long to int arithmetic.
        long max = Integer.MAX_VALUE;
        for (long n : new long[] {max - 1, max, max + 1, max * 10, max * 100 + 99, 10 * max + 7, 100_000_000_000L}) {
            assertEquals("-\t-\t" + n + "\t-\t-\t-\n", tsv(null, null, n), "" + n);
            assertEquals("-\t-\t-" + n + "\t-\t-\t-\n", tsv(null, null, -n), "-" + n);
        }
    }

    @Test
    void typedRowsAreTheSameBytesAsObjectRows() throws IOException {
        LogRow t = new TsvRow(SCHEMA, sink);
        LogRow j = new JsonRow(SCHEMA, sink);
        for (LogRow row : new LogRow[] {t, j}) {
            String typed = typed(row.time(1_500_000_000L).string("x\ty").count(42).bool(true));
            assertEquals(row == t ? tsv(TimeValue.ofNanos(1_500_000_000L), "x\ty", 42, true)
                    : json(TimeValue.ofNanos(1_500_000_000L), "x\ty", 42, true), typed);
            // the same object makes the next row from scratch
            assertEquals(row == t ? tsv() : json(), typed(row));
        }
    }

    @Test
    void valuesPastTheLastColumnAreIgnored() throws IOException {
        assertEquals("-\t-\t-\t-\t-\t-\n", typed(new TsvRow(SCHEMA, sink).unset().unset().unset().unset().unset().unset().count(1)));
        assertEquals("{}\n", typed(new JsonRow(SCHEMA, sink).unset().unset().unset().unset().unset().unset().string("x")));
    }

    @Test
    void headerAndTrailerAreZeeks() {
        String header = new String(TsvRow.header(LogSchema.of("conn", "ts", "time", "uid", "string"),
                java.time.LocalDateTime.of(2026, 11, 27, 19, 30, 0)), StandardCharsets.UTF_8);
        assertEquals("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
                + "#open\t2026-11-27-19-30-00\n#fields\tts\tuid\n#types\ttime\tstring\n", header);
        assertEquals("#close\t2026-11-27-19-30-02\n", new String(TsvRow.trailer(
                java.time.LocalDateTime.of(2026, 11, 27, 19, 30, 2)), StandardCharsets.UTF_8));
    }

    @Test
    void theReplQuotesStringsAsJsonLogsDo() {
        StringBuilder sb = new StringBuilder();
        JsonRow.appendString(sb, "a\"\u0002é");
        assertEquals("\"a\\\"\\u0002é\"", sb.toString());
    }

    @Test
    void aRowForOldColumnsIsRefusedAfterAReload(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        try (LogManager logs = new LogManager(dir, LogFormat.TSV)) {
            LogRow old = logs.open(LogSchema.of("s", "a", "count")).row();
            old.count(1).end();
            logs.open(LogSchema.of("s", "a", "count", "b", "count")).write(2, 3);
            assertThrows(IOException.class, () -> old.count(4).end());
        }
    }

    private String typed(LogRow row) throws IOException {
        row.end();
        return rows.remove(0);
    }
}
