package io.kubepolicycheck.validator.podsecurity;

import io.kubepolicycheck.validator.manifest.GoStringOrder;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Upstream's small wording helpers ({@code policy/helpers.go}, Go's {@code sort.Strings} and {@code %q}), so
 * messages match Kubernetes' byte for byte.
 */
public final class Wording {
    private Wording() {
    }

    /** {@code "a", "b"}. */
    public static String joinQuote(List<String> items) {
        return switch (items.size()) {
            case 0 -> "";
            case 1 -> "\"" + items.get(0) + "\"";
            default -> "\"" + String.join("\", \"", items) + "\"";
        };
    }

    public static String pluralize(String singular, String plural, int count) {
        return count == 1 ? singular : plural;
    }

    /** {@code container "a"} or {@code containers "a", "b"}: how upstream names the containers at fault. */
    public static String containers(List<String> names) {
        return pluralize("container", "containers", names.size()) + " " + joinQuote(names);
    }

    /** {@code container "a"}: one container at fault. */
    public static String container(String name) {
        return "container \"" + name + "\"";
    }

    /** The distinct items in Go's order, as {@code sets.String.List()} returns them. */
    public static List<String> sortedSet(Collection<String> items) {
        TreeSet<String> set = new TreeSet<>(GoStringOrder.ORDER);
        set.addAll(items);
        return List.copyOf(set);
    }

    /** Go's {@code %q} of a string ({@code strconv.Quote}): escapes quotes, backslashes and unprintable runes. */
    public static String goQuote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> appendQuoted(out, Character.isSurrogate((char) c) && c <= 0xFFFF ? 0xFFFD : c));
        return out.append('"').toString();
    }

    private static void appendQuoted(StringBuilder out, int c) {
        if (c == '"' || c == '\\') {
            out.append('\\').appendCodePoint(c);
            return;
        }
        if (isGoPrintable(c)) {
            out.appendCodePoint(c);
            return;
        }
        switch (c) {
            case 0x07 -> out.append("\\a");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 0x0B -> out.append("\\v");
            default -> {
                if (c < ' ' || c == 0x7F) {
                    out.append(String.format("\\x%02x", c));
                } else if (c < 0x10000) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.append(String.format("\\U%08x", c));
                }
            }
        }
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isGoPrintable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL ->
                    true;
            default -> false;
        };
    }
}
