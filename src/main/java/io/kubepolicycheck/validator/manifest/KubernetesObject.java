package io.kubepolicycheck.validator.manifest;

import java.util.Map;

/**
 * One Kubernetes object of the input: a document, an element of a JSON array, or an item of a List.
 * Field paths in findings are relative to {@link #root()}.
 */
public record KubernetesObject(int document, Node root, String source) {
    public String apiVersion() {
        return root.get("apiVersion").textOr("");
    }

    public String kind() {
        return root.get("kind").textOr("");
    }

    public String name() {
        Node metadata = root.get("metadata");
        String name = metadata.get("name").asText();
        return name != null ? name : metadata.get("generateName").asText();
    }

    public String namespace() {
        return root.get("metadata").get("namespace").asText();
    }

    /**
     * True when the object was written in YAML. The API server converts YAML to JSON through a Go map, so its
     * decoder meets every mapping's keys sorted; JSON it meets as written.
     */
    public boolean writtenInYaml() {
        return root.get("kind") instanceof ScalarNode kind && kind.fromYaml();
    }

    public Position position() {
        return root.position();
    }

    /**
     * This object with values set at field paths relative to it, written as findings write them
     * ({@code spec.containers[0].securityContext.runAsNonRoot}, {@code metadata.annotations[a.b/c]}). Nodes keep
     * their place in the submitted text; a value that was not there points at the object's start.
     */
    public KubernetesObject with(Map<String, Object> values) {
        return values.isEmpty() ? this : new KubernetesObject(document, new Overlay(root, values).apply(), source);
    }
}
