package io.kubepolicycheck.validator.manifest;

import java.util.Map;

/** Copies a subtree so that it becomes a root of its own, keeping every position. */
final class Rebaser {
    Node copy(Node n, Node parent, String key, int index, Position keyPos) {
        if (n instanceof MappingNode m) {
            MappingNode out = new MappingNode(parent, key, index, m.position(), keyPos);
            for (Map.Entry<String, Node> e : m.fields().entrySet()) {
                out.put(e.getKey(), copy(e.getValue(), out, e.getKey(), -1, e.getValue().anchor()));
            }
            return out;
        }
        if (n instanceof SequenceNode s) {
            SequenceNode out = new SequenceNode(parent, key, index, s.position(), keyPos);
            int i = 0;
            for (Node e : s.elements()) {
                out.add(copy(e, out, null, i++, null));
            }
            return out;
        }
        return ((ScalarNode) n).copyTo(parent, key, index);
    }
}
