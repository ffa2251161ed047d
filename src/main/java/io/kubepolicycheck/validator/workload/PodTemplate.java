package io.kubepolicycheck.validator.workload;

import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod an object is or would create: its metadata and PodSpec, found where the object's kind keeps them.
 * Paths of findings stay relative to the object, e.g. {@code spec.jobTemplate.spec.template.spec.containers[0]}.
 */
public final class PodTemplate {
    private final KubernetesObject object;
    private final Node metadata;
    private final Node spec;
    private final Node podSecurityContext;
    private final List<Container> containers;

    PodTemplate(KubernetesObject object, Node metadata, Node spec) {
        this.object = object;
        this.metadata = metadata;
        this.spec = spec;
        this.podSecurityContext = spec.get("securityContext");
        // found once, here: every check asks for them, and an accessor that built them on first use was among the
        // JIT's costliest compilations on a big input (its rare path compiled into every caller's hot one)
        List<Container> all = new ArrayList<>();
        for (ContainerType type : ContainerType.values()) {
            for (Node c : spec.get(type.field()).elements()) {
                if (c.isMapping()) {
                    all.add(new Container(c, type));
                }
            }
        }
        this.containers = List.copyOf(all);
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

    /** Read once: most checks read it, each for a setting or two. */
    public Node podSecurityContext() {
        return podSecurityContext;
    }

    /** An annotation of the pod, or null. */
    public String annotation(String name) {
        return metadata.get("annotations").get(name).asText();
    }

    /** Init, regular, then ephemeral containers, as upstream's visitor walks them. */
    public List<Container> containers() {
        return containers;
    }

    /**
     * A port's {@code hostPort} as admission of this object sees it: defaulted as in {@link #podHostPort} in a
     * Pod, as submitted in a template (the API server no longer defaults templates).
     */
    public Node hostPort(Container container, Node port) {
        return isPod() ? podHostPort(container, port) : port.get("hostPort");
    }

    /**
     * A port's {@code hostPort} in a Pod of this template: the API server defaults an unset (or 0) hostPort to
     * the containerPort in a Pod on the host network, for init and regular containers.
     */
    public Node podHostPort(Container container, Node port) {
        Node hostPort = port.get("hostPort");
        Long number = hostPort.asLong();
        if ((number == null || number == 0) && spec.get("hostNetwork").isTrue() && container.type() != ContainerType.EPHEMERAL) {
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

    /**
     * The pod as validating admission sees it once mutating admission set {@code defaults} (values by field path
     * relative to the object): the defaults applied, then, as the API server prepares a pod for creation (1.19 to
     * 1.26), each seccomp annotation whose field is unset copied to the field.
     */
    public PodTemplate withDefaults(Map<String, Object> defaults) {
        PodTemplate defaulted = PodTemplates.of(object.with(defaults)).orElseThrow();
        Map<String, Object> fields = new LinkedHashMap<>();
        Node annotations = defaulted.metadata.get("annotations");
        defaulted.seccompField(annotations.get(SeccompAnnotations.POD), defaulted.podSecurityContext(), fields);
        for (Container c : defaulted.containers()) {
            defaulted.seccompField(c.seccompAnnotationIn(annotations), c.securityContext(), fields);
        }
        return fields.isEmpty() ? defaulted : PodTemplates.of(defaulted.object.with(fields)).orElseThrow();
    }

    private void seccompField(Node annotation, Node securityContext, Map<String, Object> fields) {
        Map<String, String> field = SeccompAnnotations.field(annotation.textOr(""));
        if (!field.isEmpty() && securityContext.get("seccompProfile").isNil()) {
            fields.put(path(securityContext) + ".seccompProfile", field);
        }
    }

    /** The field path of a node relative to the object, as findings report it. */
    public String path(Node node) {
        return node.pathFrom(object.root());
    }
}
