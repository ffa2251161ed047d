package io.kubepolicycheck.validator.workload;

/** The three lists of a PodSpec that hold containers, in the order Kubernetes visits them. */
public enum ContainerType {
    INIT("initContainers"), REGULAR("containers"), EPHEMERAL("ephemeralContainers");

    private final String field;

    ContainerType(String field) {
        this.field = field;
    }

    public String field() {
        return field;
    }
}
