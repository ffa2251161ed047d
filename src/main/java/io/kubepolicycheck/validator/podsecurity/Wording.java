package io.kubepolicycheck.validator.podsecurity;

import java.util.List;

/** Upstream's small wording helpers ({@code policy/helpers.go}), so messages match Kubernetes' byte for byte. */
public final class Wording {
    private Wording() {
    }

    /** {@code "a", "b"}. */
    public static String joinQuote(List<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        return "\"" + String.join("\", \"", items) + "\"";
    }

    public static String pluralize(String singular, String plural, int count) {
        return count == 1 ? singular : plural;
    }
}
