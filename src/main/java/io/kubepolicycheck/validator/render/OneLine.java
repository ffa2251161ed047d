package io.kubepolicycheck.validator.render;

/**
 * Text from a manifest made safe for one line of a log or a terminal. A name or key may hold a line break, which
 * would start a line of its own (in a CI log, a line such as {@code ::error::...} is a command to the runner), or
 * an escape sequence a terminal would obey. Control characters are written as escapes instead, in Go's notation:
 * {@code \n}, {@code \t}, {@code \x1b}.
 */
public final class OneLine {
    private OneLine() {
    }

    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        int i = 0;
        while (i < text.length() && !isControl(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }
}
