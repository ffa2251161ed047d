package io.kubepolicycheck.validator.manifest;

import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Types plain scalars the way Kubernetes reads YAML: sigs.k8s.io/yaml converts YAML to JSON with go-yaml v2,
 * whose YAML 1.1 rules differ from SnakeYAML's. {@code y}, {@code Y}, {@code n}, {@code N} are booleans too
 * (so {@code privileged: y} is privileged); integers are what Go's {@code strconv.ParseInt(s, 0, 64)} accepts
 * once underscores are removed ({@code 0x1F}, {@code 0X1F}, {@code 0o17}, {@code 0777}, {@code 0b11}), with no
 * base-60 forms ({@code 1:20} stays a string); {@code ::1} and {@code 8.8.8.8} stay strings.
 */
final class KubernetesYamlResolver extends Resolver {
    private static final Set<String> TRUE = Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");
    private static final Set<String> FALSE = Set.of("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF");
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Set<String> SPECIAL_FLOATS = Set.of(".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
            "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF");
    /** go-yaml v2's {@code yamlStyleFloat}. */
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    /** What Go's {@code strconv.ParseFloat} accepts of a scalar that starts with a dot. */
    private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+([eE][-+]?[0-9]+)?");
    /** The first characters of every spelling below that is not a string. */
    private static final String TYPED_FIRST = "<~nNyYtToOfF.+-0123456789";
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
        if (kind != NodeId.scalar || !implicit) {
            return super.resolve(kind, value, implicit);
        }
        if (!value.isEmpty() && TYPED_FIRST.indexOf(value.charAt(0)) < 0) {
            return Tag.STR; // most names and images: no typed spelling starts like them, so no set is looked up
        }
        if (isPlainDecimal(value)) {
            return Tag.INT; // most numbers (user ids, ports): the general reading below is for the rare spellings
        }
        if (value.equals("<<")) {
            return Tag.MERGE;
        }
        if (NULLS.contains(value)) {
            return Tag.NULL;
        }
        if (TRUE.contains(value) || FALSE.contains(value)) {
            return Tag.BOOL;
        }
        if (SPECIAL_FLOATS.contains(value)) {
            return Tag.FLOAT;
        }
        char first = value.charAt(0);
        if (first == '.') {
            return DOT_FLOAT.matcher(value).matches() ? Tag.FLOAT : Tag.STR;
        }
        if (first == '+' || first == '-' || first >= '0' && first <= '9') {
            String plain = value.replace("_", "");
            if (integer(plain) != null) {
                return Tag.INT;
            }
            if (FLOAT.matcher(plain).matches()) {
                return Tag.FLOAT;
            }
        }
        return Tag.STR;
    }

    /** Digits only, without a leading zero (which Go reads as octal), short enough for any int64. */
    static boolean isPlainDecimal(String value) {
        int length = value.length();
        if (length == 0 || length > 18 || value.charAt(0) == '0' && length > 1) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean isTrue(String value) {
        return TRUE.contains(value);
    }

    /**
     * The value of {@code text} as go-yaml v2 reads an integer: underscores removed, then Go's base-0 syntax
     * (sign, {@code 0x}/{@code 0o}/{@code 0b} prefix or a leading 0 for octal), within int64, or uint64 when
     * unsigned. Null when it is not such an integer.
     */
    static BigInteger integer(String text) {
        String t = text.replace("_", "");
        boolean signed = t.startsWith("+") || t.startsWith("-");
        boolean negative = t.startsWith("-");
        String digits = signed ? t.substring(1) : t;
        int radix = 10;
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            switch (digits.charAt(1)) {
                case 'x', 'X' -> {
                    radix = 16;
                    digits = digits.substring(2);
                }
                case 'o', 'O' -> {
                    radix = 8;
                    digits = digits.substring(2);
                }
                case 'b', 'B' -> {
                    radix = 2;
                    digits = digits.substring(2);
                }
                default -> {
                    radix = 8;
                    digits = digits.substring(1);
                }
            }
        }
        if (digits.isEmpty()) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            int d = "0123456789abcdef".indexOf(Character.toLowerCase(digits.charAt(i)));
            if (d < 0 || d >= radix) {
                return null;
            }
        }
        BigInteger value = new BigInteger(digits, radix);
        value = negative ? value.negate() : value;
        boolean fitsInt64 = value.bitLength() < 64;
        boolean fitsUint64 = !signed && value.compareTo(UINT64_MAX) <= 0;
        return fitsInt64 || fitsUint64 ? value : null;
    }
}
