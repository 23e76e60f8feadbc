package dev.tattler.repl;

import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Colours the line being typed: JavaScript by token ({@link JsLexer}), a known command in bold
 * and an unknown one in red, and the JavaScript after the commands that take a condition or
 * expression ({@code .watch}, {@code .break}, {@code .packets}, {@code .conns}, {@code .save}).
 */
final class ReplHighlighter implements Highlighter {
    private static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
    private static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle REGEX = AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);
    private static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle COMMAND = AttributedStyle.BOLD;
    private static final AttributedStyle UNKNOWN = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    /** Commands whose arguments after the first (or all, for .packets/.conns) are JavaScript. */
    private static final Set<String> JS_AFTER_FIRST = Set.of(".watch", ".break", ".save");
    private static final Set<String> JS_ALL = Set.of(".packets", ".conns");

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        if (!ReplParser.isCommand(buffer)) {
            js(sb, buffer);
            return sb.toAttributedString();
        }
        int lead = buffer.length() - buffer.stripLeading().length();
        String rest = buffer.substring(lead);
        int nameEnd = end(rest, 0);
        String name = rest.substring(0, nameEnd);
        sb.append(buffer.substring(0, lead));
        sb.styled(Commands.find(name) != null ? COMMAND : UNKNOWN, name);
        int jsFrom = JS_ALL.contains(name) ? nameEnd : JS_AFTER_FIRST.contains(name) ? end(rest, skipBlanks(rest, nameEnd)) : rest.length();
        sb.append(rest.substring(nameEnd, jsFrom));
        js(sb, rest.substring(jsFrom));
        return sb.toAttributedString();
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int end(String s, int i) {
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void js(AttributedStringBuilder sb, String code) {
        for (JsLexer.Token t : JsLexer.tokens(code)) {
            String text = code.substring(t.start(), t.end());
            switch (t.kind()) {
                case KEYWORD -> sb.styled(KEYWORD, text);
                case STRING, TEMPLATE -> sb.styled(STRING, text);
                case NUMBER -> sb.styled(NUMBER, text);
                case REGEX -> sb.styled(REGEX, text);
                case COMMENT -> sb.styled(COMMENT, text);
                default -> sb.append(text);
            }
        }
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {
        // no error marking: a mistake is reported once, when the line is run
    }

    @Override
    public void setErrorIndex(int errorIndex) {
        // as above
    }
}
