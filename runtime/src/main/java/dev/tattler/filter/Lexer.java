package dev.tattler.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a filter into words (keywords, numbers, addresses, named constants such as
 * {@code tcp-syn}) and operators. A colon belongs to a word (a MAC or IPv6 address) except
 * inside brackets, where it separates offset and size ({@code arp[14:4]}); a hyphen belongs to a
 * word only when the word began with a letter ({@code icmp-echo}, not {@code 1-1024}).
 */
final class Lexer {
    /** One token and where it starts (1-based), for error messages. */
    static final class Token {
        final String text;
        final boolean word;
        final int position;

        Token(String text, boolean word, int position) {
            this.text = text;
            this.word = word;
            this.position = position;
        }

        boolean is(String s) {
            return text.equals(s);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final String[] TWO_CHAR = {"&&", "||", "==", "!=", "<=", ">=", "<<", ">>"};
    private static final String ONE_CHAR = "()[]:+-*/%&|^=!<>";

    private Lexer() {
    }

    /** The tokens of {@code text}, ending with an empty token at its end. */
    static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int depth = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (startsWord(c, depth)) {
                int start = i;
                boolean letterFirst = Character.isLetter(c);
                i++;
                while (i < text.length() && continuesWord(text.charAt(i), depth, letterFirst)) {
                    i++;
                }
                out.add(new Token(text.substring(start, i), true, start + 1));
                continue;
            }
            String op = operator(text, i);
            if (op == null) {
                throw new FilterException("unexpected character '" + c + "'", i + 1, null);
            }
            depth += op.equals("[") ? 1 : op.equals("]") ? -1 : 0;
            out.add(new Token(op, false, i + 1));
            i += op.length();
        }
        out.add(new Token("", false, text.length() + 1));
        return out;
    }

    private static boolean startsWord(char c, int depth) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || (c == ':' && depth == 0);
    }

    private static boolean continuesWord(char c, int depth, boolean letterFirst) {
        return startsWord(c, depth) || (c == '-' && letterFirst);
    }

    private static String operator(String text, int i) {
        for (String two : TWO_CHAR) {
            if (text.startsWith(two, i)) {
                return two;
            }
        }
        char c = text.charAt(i);
        return ONE_CHAR.indexOf(c) >= 0 ? String.valueOf(c) : null;
    }
}
