package io.kubepolicycheck.validator.manifest;

import java.util.List;
import java.util.Map;

/**
 * A read-only YAML/JSON tree that remembers where every value and key stands in the submitted text.
 *
 * <p>Lookups never fail: {@link #get(String)} on anything returns a node, a {@link MissingNode} when the
 * field is absent, so checks read like the Go structs they mirror ({@code pod.get("spec").get("hostPID")}).
 * Each node knows its parent, so the Kubernetes-style field path of any node (even a missing one) can be
 * computed relative to the object it belongs to.
 */
public abstract sealed class Node permits MappingNode, SequenceNode, ScalarNode, MissingNode {
    private final Node parent;
    private final String key;
    private final int index;
    private final Position position;
    private final Position keyPosition;

    Node(Node parent, String key, int index, Position position, Position keyPosition) {
        this.parent = parent;
        this.key = key;
        this.index = index;
        this.position = position;
        this.keyPosition = keyPosition;
    }

    public Node parent() {
        return parent;
    }

    /** The field name under which this node stands in its parent mapping, or null. */
    public String key() {
        return key;
    }

    /** The index of this node in its parent sequence, or -1. */
    public int index() {
        return index;
    }

    /** Where the value starts. */
    public Position position() {
        return position;
    }

    /** Where the key of this mapping entry stands, or null (an element of a sequence, a missing field). */
    Position keyPosition() {
        return keyPosition;
    }

    /**
     * Where a finding about this node should point: the key of a mapping entry, the value of a sequence
     * item, and, for a field that is missing, the start of the object that should have held it.
     */
    public Position anchor() {
        return keyPosition != null ? keyPosition : position();
    }

    public Node get(String field) {
        return new MissingNode(this, field, -1);
    }

    /**
     * The field named {@code prefix + suffix} (a container's annotation, say), found without building and hashing
     * that name.
     */
    public Node get(String prefix, String suffix) {
        return new MissingNode(this, prefix + suffix, -1);
    }

    /** True when this is a mapping holding the field (null or not): a test that builds no missing node. */
    public boolean has(String field) {
        return false;
    }

    public Node get(int i) {
        return new MissingNode(this, null, i);
    }

    public boolean isMissing() {
        return false;
    }

    /** True when the field is absent or explicitly null: Go's nil. */
    public boolean isNil() {
        return false;
    }

    public boolean isMapping() {
        return false;
    }

    public boolean isSequence() {
        return false;
    }

    /** Elements of a sequence; empty for anything else. */
    public List<Node> elements() {
        return List.of();
    }

    /** Entries of a mapping in document order; empty for anything else. */
    public Map<String, Node> fields() {
        return Map.of();
    }

    /** A boolean value, or null when the node is not a YAML boolean. */
    public Boolean asBoolean() {
        return null;
    }

    /** An integer value, or null when the node is not a YAML integer. */
    public Long asLong() {
        return null;
    }

    /** The scalar's text (for any scalar but null), or null. */
    public String asText() {
        return null;
    }

    public boolean isTrue() {
        return Boolean.TRUE.equals(asBoolean());
    }

    public boolean isFalse() {
        return Boolean.FALSE.equals(asBoolean());
    }

    /** The text of this scalar, or the given default when it is absent, null or not a scalar. */
    public String textOr(String fallback) {
        String text = asText();
        return text == null ? fallback : text;
    }

    /** The Kubernetes field path of this node relative to {@code root}, e.g. {@code spec.containers[0].image}. */
    public String pathFrom(Node root) {
        int depth = 0;
        for (Node n = this; n != root && n.parent != null; n = n.parent) {
            depth++;
        }
        // from the root down, without recursion: a recursive walk compiled into one very large method
        Node[] chain = new Node[depth];
        for (Node n = this; n != root && n.parent != null; n = n.parent) {
            chain[--depth] = n;
        }
        StringBuilder out = new StringBuilder(96); // room for a container field's path without growing
        for (Node n : chain) {
            n.appendSegment(out);
        }
        return out.toString();
    }

    private void appendSegment(StringBuilder out) {
        if (key != null && isFieldName(key)) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(key);
        } else if (key != null) {
            // A map key such as an annotation name, written as Kubernetes' field.Path writes it.
            out.append('[').append(key).append(']');
        } else {
            out.append('[').append(index).append(']');
        }
    }

    private static boolean isFieldName(String key) {
        if (key.isEmpty() || !isLetter(key.charAt(0))) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!isLetter(c) && !(c >= '0' && c <= '9' || c >= 0x80 && Character.isLetterOrDigit(c))) {
                return false;
            }
        }
        return true;
    }

    /** {@link Character#isLetter}, answered without a table lookup for ASCII, where every field name is. */
    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 && Character.isLetter(c);
    }

    /** The topmost ancestor: the document (or list item) this node belongs to. */
    public Node root() {
        Node n = this;
        while (n.parent != null) {
            n = n.parent;
        }
        return n;
    }
}
