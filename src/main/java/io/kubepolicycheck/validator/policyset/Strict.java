package io.kubepolicycheck.validator.policyset;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.podsecuritypolicy.IdRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict reading of one policy document: every field must be known and of its type, else the set is refused
 * naming the document, the line and the field's path, so a typo ({@code privilaged: false}) never weakens a
 * policy silently. A null value reads as the field's zero value, as Kubernetes' decoder reads it.
 */
final class Strict {
    private final String key;
    private final int document;
    private final String what;
    private final Node root;

    /** {@code what} names the object in messages, e.g. {@code PodSecurityPolicy "restricted"}. */
    Strict(String key, int document, String what, Node root) {
        this.key = key;
        this.document = document;
        this.what = what;
        this.root = root;
    }

    String what() {
        return what;
    }

    InvalidPolicySetException error(Node at, String message) {
        return new InvalidPolicySetException(key, document, at.anchor().line(), what + ": " + message);
    }

    String path(Node node) {
        return node.pathFrom(root);
    }

    /** Refuses any field of the mapping that is not known. */
    void known(Node map, Collection<String> fields) throws InvalidPolicySetException {
        if (map.isNil()) {
            return;
        }
        if (!map.isMapping()) {
            throw error(map, path(map) + " must be an object");
        }
        for (Map.Entry<String, Node> e : map.fields().entrySet()) {
            if (!fields.contains(e.getKey())) {
                throw error(e.getValue(), "unknown field \"" + path(e.getValue()) + "\"");
            }
        }
    }

    void known(Node map, String... fields) throws InvalidPolicySetException {
        known(map, Set.of(fields));
    }

    boolean bool(Node node) throws InvalidPolicySetException {
        Boolean b = optionalBool(node);
        return b != null && b;
    }

    Boolean optionalBool(Node node) throws InvalidPolicySetException {
        if (node.isNil()) {
            return null;
        }
        if (node.asBoolean() == null) {
            throw error(node, path(node) + " must be true or false, not \"" + node.textOr("") + "\"");
        }
        return node.asBoolean();
    }

    Long optionalLong(Node node) throws InvalidPolicySetException {
        if (node.isNil()) {
            return null;
        }
        if (node.asLong() == null) {
            throw error(node, path(node) + " must be an integer, not \"" + node.textOr("") + "\"");
        }
        return node.asLong();
    }

    /** A Go {@code int32} field: a value outside its range is refused, as the API server's decoder refuses it. */
    Integer optionalInt32(Node node) throws InvalidPolicySetException {
        Long value = optionalLong(node);
        if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            throw error(node, path(node) + " must be a 32-bit integer, not " + value);
        }
        return value == null ? null : value.intValue();
    }

    long requiredLong(Node node) throws InvalidPolicySetException {
        Long value = optionalLong(node);
        if (value == null) {
            throw error(node.isMissing() ? node.parent() : node, path(node) + " is required");
        }
        return value;
    }

    String text(Node node) throws InvalidPolicySetException {
        if (node.isNil()) {
            return null;
        }
        if (node.isMapping() || node.isSequence()) {
            throw error(node, path(node) + " must be a string");
        }
        return node.asText();
    }

    String requiredText(Node node) throws InvalidPolicySetException {
        String text = text(node);
        if (text == null || text.isEmpty()) {
            throw error(node.isMissing() ? node.parent() : node, path(node) + " is required");
        }
        return text;
    }

    /** One of the given values; {@code required} refuses an absent one. */
    String oneOf(Node node, boolean required, String... values) throws InvalidPolicySetException {
        String text = text(node);
        if (text == null || text.isEmpty()) {
            if (required) {
                throw error(node.isMissing() ? node.parent() : node, path(node) + " is required (one of "
                        + String.join(", ", values) + ")");
            }
            return null;
        }
        if (!List.of(values).contains(text)) {
            throw error(node, path(node) + ": unsupported value \"" + text + "\" (one of " + String.join(", ", values) + ")");
        }
        return text;
    }

    List<Node> list(Node node) throws InvalidPolicySetException {
        if (node.isNil()) {
            return List.of();
        }
        if (!node.isSequence()) {
            throw error(node, path(node) + " must be a list");
        }
        return node.elements();
    }

    List<String> strings(Node node) throws InvalidPolicySetException {
        List<String> out = new ArrayList<>();
        for (Node n : list(node)) {
            String s = text(n);
            if (s == null) {
                throw error(n, path(n) + " must be a string");
            }
            out.add(s);
        }
        return out;
    }

    Map<String, String> stringMap(Node node) throws InvalidPolicySetException {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isNil()) {
            return out;
        }
        if (!node.isMapping()) {
            throw error(node, path(node) + " must be an object");
        }
        for (Map.Entry<String, Node> e : node.fields().entrySet()) {
            out.put(e.getKey(), e.getValue().isNil() ? "" : text(e.getValue()));
        }
        return out;
    }

    /** {@code [{min, max}]}, each with min <= max. */
    List<IdRange> ranges(Node node) throws InvalidPolicySetException {
        List<IdRange> out = new ArrayList<>();
        for (Node r : list(node)) {
            known(r, "min", "max");
            long min = requiredLong(r.get("min"));
            long max = requiredLong(r.get("max"));
            if (min > max || min < 0) {
                throw error(r, path(r) + ": min must be between 0 and max, found min " + min + ", max " + max);
            }
            out.add(new IdRange(min, max));
        }
        return out;
    }
}
