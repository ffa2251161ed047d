package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;

/**
 * A setting of the pod as a policy sees it, and where it stands in the manifest: the node that holds it (the
 * container's own, or the pod's when inherited), or, when unset or defaulted, the missing node where it belongs.
 */
public record Value<T>(T value, Node node) {
    /** A text setting as submitted. */
    public static Value<String> text(Node node) {
        return new Value<>(node.asText(), node);
    }

    public boolean isSet() {
        return value != null;
    }
}
