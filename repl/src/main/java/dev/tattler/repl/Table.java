package dev.tattler.repl;

import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table: numbers right-aligned, text left-aligned, and, when the rows do not
 * fit the terminal, the widest columns cut with "…" (never the narrow ones, which are usually
 * the counts the reader is after).
 */
final class Table {
    private static final int MIN_CUT_WIDTH = 8;

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    void add(List<String> cells) {
        List<String> row = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            String c = i < cells.size() && cells.get(i) != null ? cells.get(i) : "";
            row.add(c.replace('\n', ' ').replace('\t', ' '));
        }
        rows.add(row);
    }

    int size() {
        return rows.size();
    }

    String render(int maxWidth) {
        int n = headers.size();
        int[] widths = new int[n];
        boolean[] numeric = new boolean[n];
        for (int i = 0; i < n; i++) {
            widths[i] = headers.get(i).length();
            numeric[i] = !rows.isEmpty();
            for (List<String> row : rows) {
                String c = row.get(i);
                widths[i] = Math.max(widths[i], c.length());
                if (!c.isEmpty() && !isNumber(c)) {
                    numeric[i] = false;
                }
            }
        }
        fit(widths, maxWidth);
        StringBuilder sb = new StringBuilder();
        line(sb, headers, widths, numeric); // a number column's header sits over its digits
        for (List<String> row : rows) {
            sb.append('\n');
            line(sb, row, widths, numeric);
        }
        return sb.toString();
    }

    /** Shrinks the widest columns until the table fits (two spaces between columns). */
    private static void fit(int[] widths, int maxWidth) {
        int total = 2 * (widths.length - 1);
        for (int w : widths) {
            total += w;
        }
        while (total > maxWidth) {
            int widest = 0;
            for (int i = 1; i < widths.length; i++) {
                if (widths[i] > widths[widest]) {
                    widest = i;
                }
            }
            if (widths[widest] <= MIN_CUT_WIDTH) {
                return; // nothing sensible left to cut: let the terminal wrap
            }
            int cut = Math.min(total - maxWidth, widths[widest] - MIN_CUT_WIDTH);
            widths[widest] -= cut;
            total -= cut;
        }
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths, boolean[] right) {
        int start = sb.length();
        for (int i = 0; i < widths.length; i++) {
            String c = cells.get(i);
            if (c.length() > widths[i]) {
                c = c.substring(0, Math.max(0, widths[i] - 1)) + "…";
            }
            if (i > 0) {
                sb.append("  ");
            }
            String pad = " ".repeat(widths[i] - c.length());
            sb.append(right[i] ? pad + c : c + (i == widths.length - 1 ? "" : pad));
        }
        // No trailing blanks: piped output is compared and grepped.
        int end = sb.length();
        while (end > start && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
    }

    private static boolean isNumber(String s) {
        if (s.equals("-")) {
            return true;
        }
        try {
            Double.parseDouble(s.replace(",", "").replace("%", ""));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
