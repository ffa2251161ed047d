package io.kubepolicycheck.validator.workload;

import io.kubepolicycheck.validator.manifest.Node;

/** One container of a pod template, with the list it stands in. */
public record Container(Node node, ContainerType type) {
    public String name() {
        return node.get("name").textOr("");
    }

    public Node securityContext() {
        return node.get("securityContext");
    }
}
