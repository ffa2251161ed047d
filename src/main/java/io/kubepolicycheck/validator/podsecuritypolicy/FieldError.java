package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;

/**
 * One {@code field.Error} of the API server: {@code <field>: <type>[: <detail>]}, e.g.
 * {@code spec.containers[0].hostPort: Invalid value: 3306: Host port 3306 is not allowed to be used. Allowed ports: [80]}.
 *
 * @param field    the field path as Kubernetes prints it (relative to the pod)
 * @param badValue the offending value already in Go's rendering (for {@link Type#INVALID} only)
 * @param node     where the offending value stands (or would stand) in the submitted manifest
 * @param check    the policy's spec field behind the error ({@code hostPorts}, {@code runAsUser}, ...)
 */
public record FieldError(Type type, String field, String badValue, String detail, Node node, String check) {
    public enum Type { INVALID, REQUIRED, FORBIDDEN }

    public static FieldError invalid(String field, String badValue, String detail, Node node, String check) {
        return new FieldError(Type.INVALID, field, badValue, detail, node, check);
    }

    public static FieldError required(String field, String detail, Node node, String check) {
        return new FieldError(Type.REQUIRED, field, null, detail, node, check);
    }

    public static FieldError forbidden(String field, String detail, Node node, String check) {
        return new FieldError(Type.FORBIDDEN, field, null, detail, node, check);
    }

    /** {@code Invalid value: 0: must be in the ranges: [{1 65535}]}, {@code Required value}, {@code Forbidden: ...}. */
    public String body() {
        String head = switch (type) {
            case INVALID -> "Invalid value: " + badValue;
            case REQUIRED -> "Required value";
            case FORBIDDEN -> "Forbidden";
        };
        return detail == null || detail.isEmpty() ? head : head + ": " + detail;
    }

    @Override
    public String toString() {
        return field + ": " + body();
    }
}
