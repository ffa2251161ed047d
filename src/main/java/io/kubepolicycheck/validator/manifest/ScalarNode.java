package io.kubepolicycheck.validator.manifest;

/** A string, number, boolean or null, typed as Kubernetes' YAML decoder (YAML 1.1 rules) would type it. */
public final class ScalarNode extends Node {
    public enum Type { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    private final Type type;
    private final String text;
    private final Object value;

    ScalarNode(Node parent, String key, int index, Position position, Position keyPosition,
               Type type, String text, Object value) {
        super(parent, key, index, position, keyPosition);
        this.type = type;
        this.text = text;
        this.value = value;
    }

    public Type type() {
        return type;
    }

    /** The same scalar standing elsewhere in a tree. */
    ScalarNode copyTo(Node parent, String key, int index) {
        return new ScalarNode(parent, key, index, position(), keyPosition(), type, text, value);
    }

    @Override
    public boolean isNil() {
        return type == Type.NULL;
    }

    @Override
    public Boolean asBoolean() {
        return value instanceof Boolean b ? b : null;
    }

    /**
     * An integer, or a float with nothing after the point: YAML reaches the API server as JSON, where a whole
     * float is written as an integer ({@code runAsUser: 0.0} runs as root).
     */
    @Override
    public Long asLong() {
        if (value instanceof Double d && d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
            return d.longValue();
        }
        return value instanceof Long l ? l : null;
    }

    @Override
    public String asText() {
        return type == Type.NULL ? null : text;
    }
}
