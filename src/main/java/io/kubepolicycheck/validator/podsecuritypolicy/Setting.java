package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;
import java.util.function.Function;

/**
 * A field of a pod's or a container's {@code securityContext} that the policies default and validate, with how
 * its value is read. Its ordinal indexes the values read once per pod ({@link SubmittedPod}) and each
 * policy's defaults, so a policy asking for a setting costs an array access, not a map lookup.
 */
enum Setting {
    RUN_AS_USER("runAsUser", Node::asLong),
    RUN_AS_GROUP("runAsGroup", Node::asLong),
    RUN_AS_NON_ROOT("runAsNonRoot", Node::asBoolean),
    SE_LINUX_OPTIONS("seLinuxOptions", SeLinuxOptions::of),
    SECCOMP_PROFILE("seccompProfile", EffectivePod::seccompAnnotationForField),
    APP_ARMOR_PROFILE("appArmorProfile", EffectivePod::appArmorAnnotationForField),
    FS_GROUP("fsGroup", Node::asLong),
    SUPPLEMENTAL_GROUPS("supplementalGroups", EffectivePod::longs),
    PRIVILEGED("privileged", Node::asBoolean),
    READ_ONLY_ROOT_FILESYSTEM("readOnlyRootFilesystem", Node::asBoolean),
    ALLOW_PRIVILEGE_ESCALATION("allowPrivilegeEscalation", Node::asBoolean),
    PROC_MOUNT("procMount", Node::asText),
    CAPABILITIES("capabilities", Capabilities::of);

    static final int COUNT = values().length;

    final String field;
    private final Function<Node, ?> reader;

    Setting(String field, Function<Node, ?> reader) {
        this.field = field;
        this.reader = reader;
    }

    /** The setting as submitted in a {@code securityContext}: its value (null when unset) and its node. */
    Value<?> read(Node securityContext) {
        Node node = securityContext.get(field);
        return new Value<>(node.isNil() ? null : reader.apply(node), node);
    }
}
