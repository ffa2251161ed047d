package io.kubepolicycheck.api;

import java.util.Map;

/** The API's own settings from the environment (CONTRACT section 4): {@code MAX_MANIFEST_BYTES}. */
public record ApiSettings(int maxManifestBytes) {
    public static final int DEFAULT_MAX_MANIFEST_BYTES = 1 << 20;
    public static final ApiSettings DEFAULT = new ApiSettings(DEFAULT_MAX_MANIFEST_BYTES);

    public ApiSettings {
        if (maxManifestBytes <= 0) {
            throw new IllegalArgumentException("MAX_MANIFEST_BYTES must be a positive number of bytes");
        }
    }

    public static ApiSettings fromEnvironment(Map<String, String> env) {
        String value = env.get("MAX_MANIFEST_BYTES");
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            return new ApiSettings(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("MAX_MANIFEST_BYTES must be a number of bytes, not \"" + value + "\"");
        }
    }
}
