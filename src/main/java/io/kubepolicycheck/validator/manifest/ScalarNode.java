package io.kubepolicycheck.validator.manifest;

import java.math.BigDecimal;
import java.util.Locale;

/** A string, number, boolean or null, typed as Kubernetes' YAML decoder (YAML 1.1 rules) would type it. */
public final class ScalarNode extends Node {
    public enum Type { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    private final Type type;
    private final String text;
    private final Object value;
    private final boolean yaml;

    ScalarNode(Node parent, String key, int index, Position position, Position keyPosition,
               Type type, String text, Object value, boolean yaml) {
        super(parent, key, index, position, keyPosition);
        this.type = type;
        this.text = text;
        this.value = value;
        this.yaml = yaml;
    }

    public Type type() {
        return type;
    }

    /** True when the scalar was written in YAML, which reaches the API server converted to JSON. */
    public boolean fromYaml() {
        return yaml;
    }

    /** The same scalar standing elsewhere in a tree. */
    ScalarNode copyTo(Node parent, String key, int index) {
        return new ScalarNode(parent, key, index, position(), keyPosition(), type, text, value, yaml);
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

    /**
     * The integer Go's JSON decoder reads from this number into an integer field ({@code strconv.ParseInt} of the
     * JSON text), or null when it reads none. JSON's text must be a whole number without point or exponent
     * ({@code 80.0} is refused); a YAML float becomes JSON as Go writes a float64, so a whole one within
     * {@code 1e21} is written, and read, as an integer.
     */
    public Long jsonInteger() {
        if (type == Type.INTEGER) {
            return value instanceof Long l ? l : null;
        }
        if (type == Type.FLOAT && yaml && value instanceof Double d && d == Math.rint(d)
                && d >= -0x1p63 && d < 0x1p63) {
            return d.longValue();
        }
        return null;
    }

    /**
     * This number as the JSON the API server decodes spells it, or null when it is not a number JSON can carry
     * ({@code .inf}, {@code .nan}). JSON's text is kept as written; a YAML number is the value go-yaml read,
     * written out as Go's {@code encoding/json} writes it ({@code 0x1F} is {@code 31}, {@code 1.50} is
     * {@code 1.5}, {@code 1e3} is {@code 1000}).
     */
    public String jsonNumber() {
        if (type != Type.INTEGER && type != Type.FLOAT) {
            return null;
        }
        if (!yaml) {
            return text;
        }
        if (type == Type.INTEGER) {
            return value != null ? value.toString() : KubernetesYamlResolver.integer(text).toString();
        }
        return value instanceof Double d && Double.isFinite(d) ? goFloat(d) : null;
    }

    /** {@code +Inf}, {@code -Inf} or {@code NaN}: a YAML float JSON cannot carry, as Go names it; else null. */
    public String unencodable() {
        if (!yaml || type != Type.FLOAT || value instanceof Double d && Double.isFinite(d)) {
            return null;
        }
        String t = text.toLowerCase(Locale.ROOT);
        return t.contains("nan") ? "NaN" : t.startsWith("-") ? "-Inf" : "+Inf";
    }

    /** A float64 as Go's {@code encoding/json} writes it: shortest digits, an exponent below 1e-6 and from 1e21. */
    private static String goFloat(double d) {
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal digits = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return digits.toPlainString();
        }
        String unscaled = digits.unscaledValue().abs().toString();
        int exponent = unscaled.length() - 1 - digits.scale();
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "").append(unscaled.charAt(0));
        if (unscaled.length() > 1) {
            out.append('.').append(unscaled, 1, unscaled.length());
        }
        return out.append(exponent < 0 ? "e-" : "e+").append(Math.abs(exponent)).toString();
    }
}
