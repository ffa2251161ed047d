package io.kubepolicycheck.validator.workload;

import io.kubepolicycheck.validator.manifest.Node;

/**
 * One container of a pod template, with the list it stands in. Its name and security context are read once:
 * every check of a level reads them for every container.
 */
public final class Container {
    /** Before the {@code appArmorProfile} field, a pod annotation with this prefix named a container's profile. */
    public static final String APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

    private final Node node;
    private final ContainerType type;
    private final String name;
    private final Node securityContext;
    private String seccompAnnotation;
    private String appArmorAnnotation;

    public Container(Node node, ContainerType type) {
        this.node = node;
        this.type = type;
        this.name = node.get("name").textOr("");
        this.securityContext = node.get("securityContext");
    }

    public Node node() {
        return node;
    }

    public ContainerType type() {
        return type;
    }

    public String name() {
        return name;
    }

    public Node securityContext() {
        return securityContext;
    }

    /** The pod annotation that held this container's seccomp profile before the field. */
    public String seccompAnnotation() {
        if (seccompAnnotation == null) {
            seccompAnnotation = SeccompAnnotations.CONTAINER_PREFIX + name;
        }
        return seccompAnnotation;
    }

    /** This container's seccomp annotation among the pod's {@code annotations}, or where it would stand. */
    public Node seccompAnnotationIn(Node annotations) {
        return annotations.get(SeccompAnnotations.CONTAINER_PREFIX, name);
    }

    /** This container's AppArmor annotation among the pod's {@code annotations}, or where it would stand. */
    public Node appArmorAnnotationIn(Node annotations) {
        return annotations.get(APPARMOR_ANNOTATION_PREFIX, name);
    }

    /** The pod annotation that holds this container's AppArmor profile in the old form. */
    public String appArmorAnnotation() {
        if (appArmorAnnotation == null) {
            appArmorAnnotation = APPARMOR_ANNOTATION_PREFIX + name;
        }
        return appArmorAnnotation;
    }
}
