package dev.tattler.repl;

import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

import java.util.ArrayList;
import java.util.List;

/**
 * How jline reads the prompt's input. Enter on JavaScript with an open bracket, string,
 * template or comment continues on the next line (jline's EOFError) instead of evaluating
 * half a function. For completion it splits a line into words: a command's arguments at
 * blanks (file names, event names), JavaScript into identifier chains such as
 * {@code c.id.resp_p}, so that Tab completes the member after the last dot.
 */
final class ReplParser implements Parser {

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) throws EOFError {
        if (context == ParseContext.ACCEPT_LINE && !isCommand(line) && JsLexer.incomplete(line)) {
            throw new EOFError(-1, cursor, "incomplete JavaScript", "...");
        }
        return isCommand(line) ? commandWords(line, cursor) : jsWords(line, cursor);
    }

    static boolean isCommand(String line) {
        String s = line.stripLeading();
        return s.length() > 1 && s.charAt(0) == '.' && Character.isLetter(s.charAt(1));
    }

    /** Words at blanks; the one under the cursor is the current word. */
    private static ParsedLine commandWords(String line, int cursor) {
        List<String> words = new ArrayList<>();
        int wordIndex = -1;
        int wordCursor = 0;
        int i = 0;
        while (true) {
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i == line.length()) {
                break;
            }
            int start = i;
            while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (wordIndex < 0 && cursor >= start && cursor <= i) {
                wordIndex = words.size();
                wordCursor = cursor - start;
            }
            words.add(line.substring(start, i));
        }
        if (wordIndex < 0) { // the cursor is on blanks: a new, empty word there
            wordIndex = 0;
            while (wordIndex < words.size() && line.indexOf(words.get(wordIndex)) < cursor) {
                wordIndex++;
            }
            words.add(wordIndex, "");
        }
        return new Words(line, cursor, words, wordIndex, wordCursor);
    }

    /** The identifier chain ending at the cursor is the current word; what precedes it is one word. */
    private static ParsedLine jsWords(String line, int cursor) {
        int start = cursor;
        while (start > 0 && isChainChar(line.charAt(start - 1))) {
            start--;
        }
        int end = cursor;
        while (end < line.length() && Character.isJavaIdentifierPart(line.charAt(end))) {
            end++;
        }
        List<String> words = new ArrayList<>();
        if (start > 0) {
            words.add(line.substring(0, start));
        }
        words.add(line.substring(start, end));
        return new Words(line, cursor, words, words.size() - 1, cursor - start);
    }

    private static boolean isChainChar(char c) {
        return Character.isJavaIdentifierPart(c) || c == '.';
    }

    /** A parsed line: the words and which one the cursor is in. Words are never quoted or escaped. */
    record Words(String line, int cursor, List<String> words, int wordIndex, int wordCursor)
            implements CompletingParsedLine {
        @Override
        public String word() {
            return words.get(wordIndex);
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return wordCursor;
        }

        @Override
        public int rawWordLength() {
            return word().length();
        }
    }
}
