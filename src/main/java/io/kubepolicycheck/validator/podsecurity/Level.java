package io.kubepolicycheck.validator.podsecurity;

import java.util.Locale;

/** The Pod Security Standards levels. */
public enum Level {
    PRIVILEGED, BASELINE, RESTRICTED;

    /** Worded once: every evaluation writes it into its messages. */
    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    public static Level parse(String text) {
        for (Level level : values()) {
            if (level.label().equals(text)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown Pod Security level \"" + text
                + "\" (expected privileged, baseline or restricted)");
    }
}
