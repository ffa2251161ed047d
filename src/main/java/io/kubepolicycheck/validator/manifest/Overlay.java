package io.kubepolicycheck.validator.manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A copy of an object's tree with values set at field paths, as the API server's defaulting would leave it.
 * Nodes keep their place in the submitted text; a value that replaces one keeps that one's place, and a value
 * that was not there points at the object's start, as a missing field does.
 */
final class Overlay {
    /** The edits under one node: a value to put there, or edits of its children (by field name or index). */
    private static final class Edit {
        private boolean set;
        private Object value;
        private final Map<String, Edit> children = new LinkedHashMap<>();

        Edit child(String segment) {
            return children.computeIfAbsent(segment, s -> new Edit());
        }
    }

    private final Node root;
    private final Edit edits = new Edit();

    Overlay(Node root, Map<String, Object> values) {
        this.root = root;
        values.forEach((path, value) -> {
            Edit e = edits;
            for (String segment : FieldPath.segments(path)) {
                e = e.child(segment);
            }
            e.set = true;
            e.value = value;
        });
    }

    Node apply() {
        return copy(root, null, null, -1, edits);
    }

    /** {@code source} is a node of the submitted tree, or a missing one that edits put a value or children in. */
    private Node copy(Node source, Node parent, String key, int index, Edit edit) {
        if (edit != null && edit.set) {
            return build(edit.value, parent, key, index, source);
        }
        boolean editsChildren = edit != null && !edit.children.isEmpty();
        if (source instanceof SequenceNode list) {
            SequenceNode seq = new SequenceNode(parent, key, index, source.position(), source.keyPosition());
            List<Node> elements = list.elements();
            for (int i = 0; i < elements.size(); i++) {
                seq.add(copy(elements.get(i), seq, null, i, child(edit, String.valueOf(i))));
            }
            return seq;
        }
        if (source instanceof ScalarNode scalar && !editsChildren) {
            return scalar.copyTo(parent, key, index);
        }
        // A mapping, or what defaulting turns into one: a missing field, or a null it sets fields of.
        MappingNode map = new MappingNode(parent, key, index, source.position(), source.keyPosition());
        for (Map.Entry<String, Node> f : source.fields().entrySet()) {
            map.put(f.getKey(), copy(f.getValue(), map, f.getKey(), -1, child(edit, f.getKey())));
        }
        if (editsChildren) {
            edit.children.forEach((field, e) -> {
                if (!map.has(field)) {
                    map.put(field, copy(source.get(field), map, field, -1, e));
                }
            });
        }
        return map;
    }

    private static Edit child(Edit edit, String segment) {
        return edit == null ? null : edit.children.get(segment);
    }

    /** A node for a value set by defaulting, standing where {@code replaced} stood (or at the object's start). */
    private Node build(Object value, Node parent, String key, int index, Node replaced) {
        Position at = replaced.isMissing() ? root.position() : replaced.position();
        Position keyAt = replaced.isMissing() ? null : replaced.keyPosition();
        if (value instanceof Map<?, ?> fields) {
            MappingNode map = new MappingNode(parent, key, index, at, keyAt);
            fields.forEach((k, v) -> map.put(k.toString(), build(v, map, k.toString(), -1, replaced.get(k.toString()))));
            return map;
        }
        if (value instanceof List<?> items) {
            SequenceNode seq = new SequenceNode(parent, key, index, at, keyAt);
            for (int i = 0; i < items.size(); i++) {
                seq.add(build(items.get(i), seq, null, i, replaced.get(i)));
            }
            return seq;
        }
        if (value instanceof Boolean b) {
            return new ScalarNode(parent, key, index, at, keyAt, ScalarNode.Type.BOOLEAN, b.toString(), b, false);
        }
        if (value instanceof Number n) {
            return new ScalarNode(parent, key, index, at, keyAt, ScalarNode.Type.INTEGER, n.toString(), n.longValue(),
                    false);
        }
        if (value == null) {
            return new ScalarNode(parent, key, index, at, keyAt, ScalarNode.Type.NULL, "null", null, false);
        }
        String text = value.toString();
        return new ScalarNode(parent, key, index, at, keyAt, ScalarNode.Type.STRING, text, text, false);
    }
}
