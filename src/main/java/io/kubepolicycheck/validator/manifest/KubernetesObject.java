package io.kubepolicycheck.validator.manifest;

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

    public Position position() {
        return root.position();
    }
}
