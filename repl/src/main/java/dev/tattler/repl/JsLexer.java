package dev.tattler.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A small JavaScript tokenizer for the prompt: enough to colour a line ({@link ReplHighlighter})
 * and to tell whether input is complete or still has an open bracket, string, template or
 * comment ({@link ReplParser}, {@link ScriptedRepl}). It never fails: whatever it does not
 * understand is a {@link Kind#PUNCTUATION} token.
 *
 * <p>The one ambiguity of JavaScript's lexical grammar, {@code /} as division or as the start
 * of a regular expression, is settled as most editors do: a regex may start where an operand
 * is expected (after an operator, an opening bracket, a comma, a keyword such as return, or
 * at the start).
 */
final class JsLexer {
    enum Kind { KEYWORD, IDENTIFIER, NUMBER, STRING, TEMPLATE, REGEX, COMMENT, PUNCTUATION, SPACE }

    /** A token: [start, end) in the text; {@code open} when the text ended inside it. */
    record Token(Kind kind, int start, int end, boolean open) {
    }

    static final Set<String> KEYWORDS = Set.of("break", "case", "catch", "class", "const", "continue",
            "debugger", "default", "delete", "do", "else", "export", "extends", "false", "finally", "for",
            "function", "if", "import", "in", "instanceof", "let", "new", "null", "of", "return", "static",
            "super", "switch", "this", "throw", "true", "try", "typeof", "undefined", "var", "void", "while",
            "with", "yield", "async", "await");

    /** Keywords after which an operand, so possibly a regex, comes next. */
    private static final Set<String> BEFORE_OPERAND = Set.of("return", "typeof", "instanceof", "in", "of",
            "new", "delete", "void", "throw", "case", "do", "else", "yield", "await");

    private JsLexer() {
    }

    static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        Token significant = null;
        while (i < n) {
            char c = s.charAt(i);
            int start = i;
            Token t;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                t = new Token(Kind.SPACE, start, i, false);
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? n : nl;
                t = new Token(Kind.COMMENT, start, i, false);
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int close = s.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                t = new Token(Kind.COMMENT, start, i, close < 0);
            } else if (c == '\'' || c == '"') {
                i = quoted(s, i + 1, c);
                t = new Token(Kind.STRING, start, Math.min(i, n), i > n);
                i = Math.min(i, n);
            } else if (c == '`') {
                i = template(s, i + 1);
                t = new Token(Kind.TEMPLATE, start, Math.min(i, n), i > n);
                i = Math.min(i, n);
            } else if (c == '/' && operandExpected(s, significant)) {
                i = regex(s, i + 1);
                t = new Token(Kind.REGEX, start, Math.min(i, n), i > n);
                i = Math.min(i, n);
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_')) {
                    i++;
                }
                t = new Token(Kind.NUMBER, start, i, false);
            } else if (Character.isJavaIdentifierStart(c)) {
                while (i < n && Character.isJavaIdentifierPart(s.charAt(i))) {
                    i++;
                }
                boolean member = significant != null && significant.kind == Kind.PUNCTUATION
                        && s.charAt(significant.start) == '.';
                Kind k = !member && KEYWORDS.contains(s.substring(start, i)) ? Kind.KEYWORD : Kind.IDENTIFIER;
                t = new Token(k, start, i, false);
            } else {
                i++;
                t = new Token(Kind.PUNCTUATION, start, i, false);
            }
            out.add(t);
            if (t.kind != Kind.SPACE && t.kind != Kind.COMMENT) {
                significant = t;
            }
        }
        return out;
    }

    /**
     * True when {@code s} cannot be complete JavaScript yet: an unclosed bracket, string,
     * template literal or block comment, or a trailing backslash. Extra closing brackets count
     * as complete: the evaluation then reports the syntax error.
     */
    static boolean incomplete(String s) {
        int depth = 0;
        for (Token t : tokens(s)) {
            if (t.open) {
                return true;
            }
            if (t.kind == Kind.TEMPLATE) {
                // ${ ... } inside a template is balanced by construction of template()
                continue;
            }
            if (t.kind == Kind.PUNCTUATION) {
                char c = s.charAt(t.start);
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                }
            }
        }
        return depth > 0 || s.stripTrailing().endsWith("\\");
    }

    private static boolean operandExpected(String s, Token previous) {
        if (previous == null) {
            return true;
        }
        switch (previous.kind) {
            case NUMBER:
            case STRING:
            case TEMPLATE:
            case REGEX:
            case IDENTIFIER:
                return false;
            case KEYWORD:
                return BEFORE_OPERAND.contains(s.substring(previous.start, previous.end));
            default:
                char c = s.charAt(previous.start);
                return c != ')' && c != ']' && c != '}';
        }
    }

    /** The index after the closing quote, or length + 1 when the string is not closed. */
    private static int quoted(String s, int i, char quote) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                return i + 1;
            }
            if (c == '\n') {
                return n + 1; // a plain string cannot span lines unless escaped
            }
            i++;
        }
        return n + 1;
    }

    /** After the closing backquote, skipping ${...} (with nested strings and templates). */
    private static int template(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '`') {
                return i + 1;
            } else if (c == '$' && i + 1 < n && s.charAt(i + 1) == '{') {
                i = substitution(s, i + 2);
            } else {
                i++;
            }
        }
        return n + 1;
    }

    private static int substitution(String s, int i) {
        int n = s.length();
        int depth = 1;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = quoted(s, i + 1, c);
            } else if (c == '`') {
                i = template(s, i + 1);
            } else {
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return i + 1;
                }
                i++;
            }
        }
        return n + 1;
    }

    private static int regex(String s, int i) {
        int n = s.length();
        boolean inClass = false;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '\n') {
                return n + 1;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                i++;
                while (i < n && Character.isLetter(s.charAt(i))) {
                    i++; // flags
                }
                return i;
            }
            i++;
        }
        return n + 1;
    }
}
