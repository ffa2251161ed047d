package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.workload.Container;
import io.kubepolicycheck.validator.workload.ContainerType;
import io.kubepolicycheck.validator.workload.PodTemplate;
import io.kubepolicycheck.validator.workload.SeccompAnnotations;
import java.util.List;

/**
 * One container's effective security context: its own settings, else the pod's for the settings a container
 * inherits (runAsUser, runAsGroup, runAsNonRoot, seLinuxOptions, seccompProfile, appArmorProfile), with the
 * defaults its policy applied on top.
 */
public final class EffectiveContainer {
    private final EffectivePod pod;
    private final Container container;
    private final Node securityContext;
    private final SecurityContextSettings settings;
    private final SubmittedPod.SubmittedContainer submitted;
    private String appArmorAnnotationDefault;

    EffectiveContainer(EffectivePod pod, SubmittedPod.SubmittedContainer submitted) {
        this.pod = pod;
        this.container = submitted.container;
        this.submitted = submitted;
        this.securityContext = container.securityContext();
        this.settings = new SecurityContextSettings(securityContext, submitted.settings);
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
        return submitted.path();
    }

    /** {@code spec.containers[0].securityContext}, where the container's settings' errors point. */
    public String securityContextPath() {
        return submitted.securityContextPath();
    }

    /** The path relative to the pod spec, as OpenShift's visitor prints it: {@code containers[0]}. */
    public String specPath() {
        return submitted.specPath();
    }

    /** The pod annotation that holds this container's seccomp profile in the old form. */
    public String seccompAnnotation() {
        return container.seccompAnnotation();
    }

    /** The pod annotation that holds this container's AppArmor profile. */
    public String appArmorAnnotation() {
        return container.appArmorAnnotation();
    }

    /** This container's seccomp annotation, as submitted (no policy defaults it). */
    public Value<String> seccompAnnotationValue() {
        return submitted.seccompAnnotation;
    }

    /** This container's AppArmor annotation: this policy's default, else as submitted. */
    public Value<String> appArmorAnnotationValue() {
        Value<String> asSubmitted = submitted.appArmorAnnotation;
        return appArmorAnnotationDefault == null ? asSubmitted : new Value<>(appArmorAnnotationDefault, asSubmitted.node());
    }

    public Value<Long> runAsUser() {
        return inherited(Setting.RUN_AS_USER);
    }

    public Value<Long> runAsGroup() {
        return inherited(Setting.RUN_AS_GROUP);
    }

    public Value<Boolean> runAsNonRoot() {
        return inherited(Setting.RUN_AS_NON_ROOT);
    }

    public Value<SeLinuxOptions> seLinuxOptions() {
        return inherited(Setting.SE_LINUX_OPTIONS);
    }

    /** The container's own {@code seccompProfile}, in annotation form. */
    public Value<String> seccompProfile() {
        return own(Setting.SECCOMP_PROFILE);
    }

    public Value<String> appArmorProfile() {
        Value<String> own = own(Setting.APP_ARMOR_PROFILE);
        return own.isSet() ? own : pod.appArmorProfile();
    }

    public Value<Boolean> privileged() {
        return own(Setting.PRIVILEGED);
    }

    public Value<Boolean> readOnlyRootFilesystem() {
        return own(Setting.READ_ONLY_ROOT_FILESYSTEM);
    }

    public Value<Boolean> allowPrivilegeEscalation() {
        return own(Setting.ALLOW_PRIVILEGE_ESCALATION);
    }

    /** {@code procMount}; unset reads as {@code Default}, as the API server defaults it. */
    public Value<String> procMount() {
        Value<String> v = own(Setting.PROC_MOUNT);
        return v.isSet() ? v : new Value<>("Default", v.node());
    }

    public Value<Capabilities> capabilities() {
        return own(Setting.CAPABILITIES);
    }

    /**
     * The host ports the container uses, each defaulted on the host network (see {@link PodTemplate#podHostPort}):
     * what a policy judges is always a Pod, a workload's being created by its controller.
     */
    public List<Node> hostPorts() {
        return submitted.hostPorts(pod.template());
    }

    public List<Node> volumeMounts() {
        return container.node().get("volumeMounts").elements();
    }

    public String image() {
        return container.node().get("image").textOr("");
    }

    // ---- defaults ------------------------------------------------------------------------------------

    public void setRunAsUser(long uid) {
        set(Setting.RUN_AS_USER, uid, uid);
    }

    public void setRunAsGroup(long gid) {
        set(Setting.RUN_AS_GROUP, gid, gid);
    }

    public void setRunAsNonRoot(boolean value) {
        set(Setting.RUN_AS_NON_ROOT, value, value);
    }

    public void setSeLinuxOptions(SeLinuxOptions options) {
        set(Setting.SE_LINUX_OPTIONS, options, options.toMap());
    }

    public void setReadOnlyRootFilesystem(boolean value) {
        set(Setting.READ_ONLY_ROOT_FILESYSTEM, value, value);
    }

    public void setAllowPrivilegeEscalation(boolean value) {
        set(Setting.ALLOW_PRIVILEGE_ESCALATION, value, value);
    }

    /** Sets {@code capabilities}, reporting {@code add} and {@code drop} each where it changed. */
    public void setCapabilities(Capabilities caps) {
        Capabilities before = capabilities().value();
        settings.put(Setting.CAPABILITIES, caps);
        Node node = securityContext.get("capabilities");
        if (caps.add() != null && (before == null || !caps.add().equals(before.add()))) {
            pod.record(node.get("add"), caps.add());
        }
        if (caps.drop() != null && (before == null || !caps.drop().equals(before.drop()))) {
            pod.record(node.get("drop"), caps.drop());
        }
    }

    public void setAppArmorAnnotation(String profile) {
        appArmorAnnotationDefault = profile;
        pod.recordAnnotation(appArmorAnnotation(), profile);
    }

    /** Sets the container's {@code seccompProfile} from an annotation-form profile. */
    public void setSeccompProfile(String profile) {
        set(Setting.SECCOMP_PROFILE, profile, SeccompAnnotations.field(profile));
    }

    private void set(Setting setting, Object value, Object reported) {
        pod.record(settings.put(setting, value), reported);
    }

    /** The container's own setting: this policy's default, else as submitted. */
    private <T> Value<T> own(Setting setting) {
        return settings.get(setting);
    }

    private <T> Value<T> inherited(Setting setting) {
        Value<T> own = own(setting);
        if (own.isSet()) {
            return own;
        }
        Value<T> fromPod = pod.field(setting);
        return fromPod.isSet() ? fromPod : own;
    }
}
