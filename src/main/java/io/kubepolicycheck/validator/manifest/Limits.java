package io.kubepolicycheck.validator.manifest;

/** Bounds that keep a hostile manifest from costing more than a large honest one. */
public record Limits(int maxBytes, int maxDepth, int maxAliases, int maxNodes) {
    public static final Limits DEFAULT = new Limits(1 << 20, 100, 100, 1_000_000);

    public Limits withMaxBytes(int bytes) {
        return new Limits(bytes, maxDepth, maxAliases, maxNodes);
    }
}
