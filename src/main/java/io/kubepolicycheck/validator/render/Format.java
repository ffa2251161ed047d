package io.kubepolicycheck.validator.render;

import java.util.Locale;

/** The verdict formats of the contract, with the media type each is served as. */
public enum Format {
    JSON("application/json"),
    TEXT("text/plain; charset=utf-8"),
    MARKDOWN("text/markdown; charset=utf-8"),
    SARIF("application/sarif+json"),
    JUNIT("application/xml; charset=utf-8");

    private final String mediaType;

    Format(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Format parse(String text) {
        for (Format f : values()) {
            if (f.label().equals(text)) {
                return f;
            }
        }
        throw new IllegalArgumentException("format must be json, text, markdown, sarif or junit, not \"" + text + "\"");
    }
}
