package io.kubepolicycheck.validator.workload;

import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The pod an object is or would create: its metadata and PodSpec, found where the object's kind keeps them.
 * Paths of findings stay relative to the object, e.g. {@code spec.jobTemplate.spec.template.spec.containers[0]}.
 */
public final class PodTemplate {
    private final KubernetesObject object;
    private final Node metadata;
    private final Node spec;
    private List<Container> containers;

    PodTemplate(KubernetesObject object, Node metadata, Node spec) {
        this.object = object;
        this.metadata = metadata;
        this.spec = spec;
    }

    public KubernetesObject object() {
        return object;
    }

    /** True when the object is a Pod itself rather than a workload that templates pods. */
    public boolean isPod() {
        return "Pod".equals(object.kind());
    }

    public Node metadata() {
        return metadata;
    }

    public Node spec() {
        return spec;
    }

    public Node podSecurityContext() {
        return spec.get("securityContext");
    }

    /** An annotation of the pod, or null. */
    public String annotation(String name) {
        return metadata.get("annotations").get(name).asText();
    }

    /** Init, regular, then ephemeral containers, as upstream's visitor walks them. */
    public List<Container> containers() {
        if (containers == null) {
            List<Container> all = new ArrayList<>();
            for (ContainerType type : ContainerType.values()) {
                for (Node c : spec.get(type.field()).elements()) {
                    if (c.isMapping()) {
                        all.add(new Container(c, type));
                    }
                }
            }
            containers = Collections.unmodifiableList(all);
        }
        return containers;
    }

    /**
     * A port's {@code hostPort} as admission sees it: the API server defaults an unset (or 0) hostPort to the
     * containerPort in a Pod (not a template) on the host network, for init and regular containers.
     */
    public Node hostPort(Container container, Node port) {
        Node hostPort = port.get("hostPort");
        Long number = hostPort.asLong();
        if ((number == null || number == 0) && isPod() && spec.get("hostNetwork").isTrue()
                && container.type() != ContainerType.EPHEMERAL) {
            return port.get("containerPort");
        }
        return hostPort;
    }

    public List<Node> volumes() {
        return spec.get("volumes").elements();
    }

    /** True when the pod declares {@code spec.os.name: windows}. */
    public boolean isWindows() {
        return "windows".equals(spec.get("os").get("name").asText());
    }

    /**
     * True when the pod runs in its own user namespace ({@code spec.hostUsers: false}), which relaxes some Pod
     * Security checks from v1.35 (upstream's {@code relaxPolicyForUserNamespacePod}).
     */
    public boolean inUserNamespace() {
        return spec.get("hostUsers").isFalse();
    }

    /** The field path of a node relative to the object, as findings report it. */
    public String path(Node node) {
        return node.pathFrom(object.root());
    }
}
