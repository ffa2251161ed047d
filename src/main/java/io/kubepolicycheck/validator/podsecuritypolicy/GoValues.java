package io.kubepolicycheck.validator.podsecuritypolicy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Values as {@code field.Invalid} prints them: numbers and booleans plainly, strings quoted ({@code %q}), a nil
 * pointer as {@code "null"}, slices in Go syntax ({@code %#v}), e.g. {@code []int64{5}}.
 */
public final class GoValues {
    /** How a nil pointer prints. */
    public static final String NULL = "\"null\"";

    private GoValues() {
    }

    public static String of(Long value) {
        return value == null ? NULL : value.toString();
    }

    public static String of(Boolean value) {
        return value == null ? NULL : value.toString();
    }

    /** Go's {@code %q}: a double-quoted string with Go escapes. */
    public static String quote(String s) {
        if (s == null) {
            return NULL;
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** {@code []int64{5, 6}}; an absent list is {@code []int64(nil)}. */
    public static String int64s(List<Long> values) {
        if (values == null) {
            return "[]int64(nil)";
        }
        return values.stream().map(String::valueOf).collect(Collectors.joining(", ", "[]int64{", "}"));
    }

    /** {@code []core.Capability{"KILL"}}; an absent list is {@code []core.Capability(nil)}. */
    public static String capabilities(List<String> values) {
        if (values == null) {
            return "[]core.Capability(nil)";
        }
        return values.stream().map(GoValues::quote).collect(Collectors.joining(", ", "[]core.Capability{", "}"));
    }

    /** Go's {@code %v} of a slice of structs or strings: {@code [{1 65535} {70000 80000}]}, {@code [a b]}. */
    public static String list(List<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(" ", "[", "]"));
    }
}
