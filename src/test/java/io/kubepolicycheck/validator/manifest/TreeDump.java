package io.kubepolicycheck.validator.manifest;

import java.util.Map;

/** A located tree as one line of text (positions, anchors, keys, types, values), for comparing two readings. */
final class TreeDump {
    private TreeDump() {
    }

    static String dump(Node node) {
        if (node == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        dump(node, out);
        return out.toString();
    }

    private static void dump(Node node, StringBuilder out) {
        out.append(node.position()).append(node.anchor() == null ? "" : "@" + node.anchor());
        if (node.isMapping()) {
            out.append('{');
            for (Map.Entry<String, Node> e : node.fields().entrySet()) {
                out.append(e.getKey()).append('=');
                dump(e.getValue(), out);
                out.append(',');
            }
            out.append('}');
        } else if (node.isSequence()) {
            out.append('[');
            for (Node e : node.elements()) {
                dump(e, out);
                out.append(',');
            }
            out.append(']');
        } else if (node instanceof ScalarNode s) {
            out.append(s.type()).append(':').append(s.asText()).append(s.fromYaml() ? "" : "(json)");
        } else {
            out.append("nil");
        }
    }
}
