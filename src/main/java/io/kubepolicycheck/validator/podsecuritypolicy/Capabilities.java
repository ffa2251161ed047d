package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;
import java.util.ArrayList;
import java.util.List;

/** A container's {@code securityContext.capabilities}: {@code add} and {@code drop}, each null when absent. */
public record Capabilities(List<String> add, List<String> drop) {
    public static Capabilities of(Node node) {
        if (!node.isMapping()) {
            return null;
        }
        return new Capabilities(strings(node.get("add")), strings(node.get("drop")));
    }

    private static List<String> strings(Node list) {
        if (!list.isSequence()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Node n : list.elements()) {
            if (n.asText() != null) {
                out.add(n.asText());
            }
        }
        return out;
    }

    public List<String> addOrEmpty() {
        return add == null ? List.of() : add;
    }

    public List<String> dropOrEmpty() {
        return drop == null ? List.of() : drop;
    }
}
