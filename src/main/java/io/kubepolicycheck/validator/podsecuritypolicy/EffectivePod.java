package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.workload.PodTemplate;
import io.kubepolicycheck.validator.workload.SeccompAnnotations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod as one policy sees it while it defaults and validates: the submitted pod ({@link SubmittedPod}, read
 * once and shared by every policy) with an overlay of the defaults this policy applied. Each default is recorded as a {@link Mutation} with its path
 * relative to the object, so "admitted unchanged" means no mutation was recorded.
 */
public final class EffectivePod {
    public static final String SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";

    private final PodTemplate pod;
    private final SubmittedPod submitted;
    private final Node securityContext;
    private final SecurityContextSettings settings;
    private String runtimeClassNameDefault;
    private Map<String, String> annotationOverlay = Map.of();
    private final List<EffectiveContainer> containers;
    private final List<Default> defaults = new ArrayList<>();

    /**
     * A default this policy applied: the node it sets, or (when {@code annotation} is set) an annotation of the
     * pod. Its path is written only for the policy that admits the pod: the others' defaults are never shown.
     */
    private record Default(Node node, String annotation, Object value) {
    }

    /** The pod as one more policy sees it, sharing what the submitted manifest holds with the others. */
    public EffectivePod(SubmittedPod submitted) {
        this.pod = submitted.pod();
        this.submitted = submitted;
        this.securityContext = pod.podSecurityContext();
        this.settings = new SecurityContextSettings(securityContext, submitted.podSettings());
        List<EffectiveContainer> list = new ArrayList<>();
        for (int i = 0; i < submitted.containerCount(); i++) {
            list.add(new EffectiveContainer(this, submitted.container(i)));
        }
        this.containers = Collections.unmodifiableList(list);
    }

    public PodTemplate template() {
        return pod;
    }

    /** Init, regular, then ephemeral containers, as {@code VisitContainersWithPath} walks them. */
    public List<EffectiveContainer> containers() {
        return containers;
    }

    public List<Mutation> mutations() {
        List<Mutation> out = new ArrayList<>(defaults.size());
        for (Default d : defaults) {
            String path = d.annotation() == null ? pod.path(d.node())
                    : pod.path(pod.metadata()) + ".annotations[" + d.annotation() + "]";
            out.add(new Mutation(path, d.value()));
        }
        return Collections.unmodifiableList(out);
    }

    public boolean mutated() {
        return !defaults.isEmpty();
    }

    // ---- pod-level settings -------------------------------------------------------------------------

    public Value<Long> fsGroup() {
        return field(Setting.FS_GROUP);
    }

    public Value<List<Long>> supplementalGroups() {
        return field(Setting.SUPPLEMENTAL_GROUPS);
    }

    public Value<SeLinuxOptions> seLinuxOptions() {
        return field(Setting.SE_LINUX_OPTIONS);
    }

    /** {@code spec.securityContext.seccompProfile} in its annotation form ({@code runtime/default}, ...). */
    public Value<String> seccompProfile() {
        return field(Setting.SECCOMP_PROFILE);
    }

    /** The pod's seccomp profile as the admission plugins read it: its annotation, else its field. */
    public Value<String> podSeccompProfile() {
        Value<String> annotation = annotation(SECCOMP_POD_ANNOTATION);
        if ((annotation.value() == null || annotation.value().isEmpty()) && seccompProfile().isSet()) {
            return seccompProfile();
        }
        return annotation;
    }

    /** A container's: its field, else its annotation, else the pod's field, else the pod's annotation. */
    public Value<String> seccompProfileOf(EffectiveContainer c) {
        if (c.seccompProfile().isSet()) {
            return c.seccompProfile();
        }
        Value<String> annotation = c.seccompAnnotationValue();
        if (annotation.value() != null) {
            return annotation;
        }
        if (seccompProfile().isSet()) {
            return seccompProfile();
        }
        return annotation(SECCOMP_POD_ANNOTATION);
    }

    public Value<String> appArmorProfile() {
        return field(Setting.APP_ARMOR_PROFILE);
    }

    public Value<Boolean> hostNetwork() {
        return submitted.hostNetwork();
    }

    public Value<Boolean> hostPID() {
        return submitted.hostPID();
    }

    public Value<Boolean> hostIPC() {
        return submitted.hostIPC();
    }

    public Value<Boolean> hostUsers() {
        return submitted.hostUsers();
    }

    public Value<String> runtimeClassName() {
        Node node = pod.spec().get("runtimeClassName");
        return new Value<>(runtimeClassNameDefault != null ? runtimeClassNameDefault : node.asText(), node);
    }

    /** A pod annotation, defaults included; the node is the annotation's own (or where it would be). */
    public Value<String> annotation(String key) {
        Node node = pod.metadata().get("annotations").get(key);
        String value = hasDefault(key) ? annotationOverlay.get(key) : node.asText();
        return new Value<>(value, node);
    }

    private boolean hasDefault(String annotation) {
        return !annotationOverlay.isEmpty() && annotationOverlay.containsKey(annotation);
    }

    public List<Node> sysctls() {
        return securityContext.get("sysctls").elements();
    }

    public List<PodVolume> volumes() {
        return submitted.volumes();
    }

    public String serviceAccountName() {
        String sa = pod.spec().get("serviceAccountName").asText();
        return sa == null || sa.isEmpty() ? "default" : sa;
    }

    public boolean isWindows() {
        return pod.isWindows();
    }

    // ---- defaults ------------------------------------------------------------------------------------

    public void setFsGroup(long gid) {
        set(Setting.FS_GROUP, gid, gid);
    }

    public void setSupplementalGroups(List<Long> groups) {
        set(Setting.SUPPLEMENTAL_GROUPS, List.copyOf(groups), List.copyOf(groups));
    }

    public void setSeLinuxOptions(SeLinuxOptions options) {
        set(Setting.SE_LINUX_OPTIONS, options, options.toMap());
    }

    /** Sets {@code spec.securityContext.seccompProfile} from an annotation-form profile. */
    public void setSeccompProfile(String profile) {
        set(Setting.SECCOMP_PROFILE, profile, SeccompAnnotations.field(profile));
    }

    /** Defaults an annotation of the pod; a container's AppArmor annotation is defaulted on its container. */
    public void setAnnotation(String key, String value) {
        if (annotationOverlay.isEmpty()) {
            annotationOverlay = new LinkedHashMap<>();
        }
        annotationOverlay.put(key, value);
        recordAnnotation(key, value);
    }

    void recordAnnotation(String key, String value) {
        defaults.add(new Default(null, key, value));
    }

    public void setRuntimeClassName(String name) {
        runtimeClassNameDefault = name;
        record(pod.spec().get("runtimeClassName"), name);
    }

    private void set(Setting setting, Object value, Object reported) {
        record(settings.put(setting, value), reported);
    }

    void record(Node node, Object value) {
        defaults.add(new Default(node, null, value));
    }

    /** A pod-level setting of {@code securityContext}: this policy's default, else as submitted. */
    <T> Value<T> field(Setting setting) {
        return settings.get(setting);
    }

    // ---- readers -------------------------------------------------------------------------------------

    static List<Long> longs(Node list) {
        if (!list.isSequence()) {
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (Node n : list.elements()) {
            if (n.asLong() != null) {
                out.add(n.asLong());
            }
        }
        return out;
    }

    /** The annotation value a {@code seccompProfile} field stands for, as the API server converts it. */
    public static String seccompAnnotationForField(Node profile) {
        String type = profile.get("type").asText();
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "Unconfined" -> "unconfined";
            case "RuntimeDefault" -> "runtime/default";
            case "Localhost" -> profile.get("localhostProfile").asText() == null
                    ? "" : "localhost/" + profile.get("localhostProfile").asText();
            default -> "";
        };
    }

    /** The annotation value an {@code appArmorProfile} field stands for. */
    public static String appArmorAnnotationForField(Node profile) {
        String type = profile.get("type").asText();
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "Unconfined" -> "unconfined";
            case "RuntimeDefault" -> "runtime/default";
            case "Localhost" -> "localhost/" + profile.get("localhostProfile").textOr("");
            default -> "";
        };
    }
}
