package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.workload.Container;
import io.kubepolicycheck.validator.workload.ContainerType;
import io.kubepolicycheck.validator.workload.PodTemplate;
import io.kubepolicycheck.validator.workload.SeccompAnnotations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One container's effective security context: its own settings, else the pod's for the settings a container
 * inherits (runAsUser, runAsGroup, runAsNonRoot, seLinuxOptions, seccompProfile, appArmorProfile), with the
 * defaults its policy applied on top.
 */
public final class EffectiveContainer {
    private final EffectivePod pod;
    private final Container container;
    private final Node securityContext;
    private final Map<String, Object> overlay = new HashMap<>(8);
    private final Map<String, Value<?>> submitted;
    private String path;

    EffectiveContainer(EffectivePod pod, Container container, Map<String, Value<?>> submitted) {
        this.pod = pod;
        this.container = container;
        this.submitted = submitted;
        this.securityContext = container.securityContext();
    }

    public String name() {
        return container.name();
    }

    public ContainerType type() {
        return container.type();
    }

    public Node node() {
        return container.node();
    }

    /** The container's path relative to the pod, as Kubernetes prints it: {@code spec.initContainers[0]}. */
    public String path() {
        if (path == null) {
            path = "spec." + specPath();
        }
        return path;
    }

    /** The path relative to the pod spec, as OpenShift's visitor prints it: {@code containers[0]}. */
    public String specPath() {
        return container.type().field() + "[" + container.node().index() + "]";
    }

    /** The pod annotation that holds this container's seccomp profile in the old form. */
    public String seccompAnnotation() {
        return container.seccompAnnotation();
    }

    /** The pod annotation that holds this container's AppArmor profile. */
    public String appArmorAnnotation() {
        return container.appArmorAnnotation();
    }

    public Value<Long> runAsUser() {
        return inherited("runAsUser", Node::asLong);
    }

    public Value<Long> runAsGroup() {
        return inherited("runAsGroup", Node::asLong);
    }

    public Value<Boolean> runAsNonRoot() {
        return inherited("runAsNonRoot", Node::asBoolean);
    }

    public Value<SeLinuxOptions> seLinuxOptions() {
        return inherited("seLinuxOptions", SeLinuxOptions::of);
    }

    /** The container's own {@code seccompProfile}, in annotation form. */
    public Value<String> seccompProfile() {
        return own("seccompProfile", EffectivePod::seccompAnnotationForField);
    }

    public Value<String> appArmorProfile() {
        Value<String> own = own("appArmorProfile", EffectivePod::appArmorAnnotationForField);
        return own.isSet() ? own : pod.appArmorProfile();
    }

    public Value<Boolean> privileged() {
        return own("privileged", Node::asBoolean);
    }

    public Value<Boolean> readOnlyRootFilesystem() {
        return own("readOnlyRootFilesystem", Node::asBoolean);
    }

    public Value<Boolean> allowPrivilegeEscalation() {
        return own("allowPrivilegeEscalation", Node::asBoolean);
    }

    /** {@code procMount}; unset reads as {@code Default}, as the API server defaults it. */
    public Value<String> procMount() {
        Value<String> v = own("procMount", Node::asText);
        return v.isSet() ? v : new Value<>("Default", v.node());
    }

    public Value<Capabilities> capabilities() {
        return own("capabilities", Capabilities::of);
    }

    public List<Node> ports() {
        return container.node().get("ports").elements();
    }

    /**
     * A port's {@code hostPort}, defaulted on the host network (see {@link PodTemplate#podHostPort}): what a policy
     * judges is always a Pod, a workload's being created by its controller.
     */
    public Node hostPort(Node port) {
        return pod.template().podHostPort(container, port);
    }

    public List<Node> volumeMounts() {
        return container.node().get("volumeMounts").elements();
    }

    public String image() {
        return container.node().get("image").textOr("");
    }

    // ---- defaults ------------------------------------------------------------------------------------

    public void setRunAsUser(long uid) {
        set("runAsUser", uid);
    }

    public void setRunAsGroup(long gid) {
        set("runAsGroup", gid);
    }

    public void setRunAsNonRoot(boolean value) {
        set("runAsNonRoot", value);
    }

    public void setSeLinuxOptions(SeLinuxOptions options) {
        overlay.put("seLinuxOptions", options);
        pod.record(securityContext.get("seLinuxOptions"), options.toMap());
    }

    public void setReadOnlyRootFilesystem(boolean value) {
        set("readOnlyRootFilesystem", value);
    }

    public void setAllowPrivilegeEscalation(boolean value) {
        set("allowPrivilegeEscalation", value);
    }

    /** Sets {@code capabilities}, reporting {@code add} and {@code drop} each where it changed. */
    public void setCapabilities(Capabilities caps) {
        Capabilities before = capabilities().value();
        overlay.put("capabilities", caps);
        Node node = securityContext.get("capabilities");
        if (caps.add() != null && (before == null || !caps.add().equals(before.add()))) {
            pod.record(node.get("add"), caps.add());
        }
        if (caps.drop() != null && (before == null || !caps.drop().equals(before.drop()))) {
            pod.record(node.get("drop"), caps.drop());
        }
    }

    /** Sets the container's {@code seccompProfile} from an annotation-form profile. */
    public void setSeccompProfile(String profile) {
        overlay.put("seccompProfile", profile);
        pod.record(securityContext.get("seccompProfile"), SeccompAnnotations.field(profile));
    }

    private void set(String field, Object value) {
        overlay.put(field, value);
        pod.record(securityContext.get(field), value);
    }

    /** The container's own setting: this policy's default, else as submitted. */
    @SuppressWarnings("unchecked")
    private <T> Value<T> own(String field, Function<Node, T> reader) {
        Value<T> submittedValue = EffectivePod.submitted(submitted, securityContext, field, reader);
        return overlay.containsKey(field) ? new Value<>((T) overlay.get(field), submittedValue.node()) : submittedValue;
    }

    private <T> Value<T> inherited(String field, Function<Node, T> reader) {
        Value<T> own = own(field, reader);
        if (own.isSet()) {
            return own;
        }
        Value<T> fromPod = pod.field(field, reader);
        return fromPod.isSet() ? fromPod : own;
    }
}
