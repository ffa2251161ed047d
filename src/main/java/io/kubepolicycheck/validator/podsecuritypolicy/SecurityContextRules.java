package io.kubepolicycheck.validator.podsecuritypolicy;

import java.util.List;

/**
 * The rules PodSecurityPolicy and SCC admission have in common, in the same words: upstream's PSP provider and
 * OpenShift's SCC provider were one code base, and these parts never diverged.
 */
public final class SecurityContextRules {
    private SecurityContextRules() {
    }

    /** A policy that requires a read-only root filesystem defaults a container that does not say to true. */
    public static void defaultReadOnlyRootFilesystem(boolean required, EffectiveContainer c) {
        if (required && !c.readOnlyRootFilesystem().isSet()) {
            c.setReadOnlyRootFilesystem(true);
        }
    }

    /** A policy that forbids privilege escalation defaults a container that does not say to false. */
    public static void defaultNoPrivilegeEscalation(boolean allowed, EffectiveContainer c) {
        if (!allowed && !c.allowPrivilegeEscalation().isSet()) {
            c.setAllowPrivilegeEscalation(false);
        }
    }

    public static void readOnlyRootFilesystem(boolean required, String scPath, EffectiveContainer c,
                                              List<FieldError> out) {
        Value<Boolean> readOnly = c.readOnlyRootFilesystem();
        if (!required) {
            return;
        }
        if (!readOnly.isSet()) {
            out.add(FieldError.invalid(scPath + ".readOnlyRootFilesystem", GoValues.NULL,
                    "ReadOnlyRootFilesystem may not be nil and must be set to true", readOnly.node(), "readOnlyRootFilesystem"));
        } else if (!readOnly.value()) {
            out.add(FieldError.invalid(scPath + ".readOnlyRootFilesystem", "false",
                    "ReadOnlyRootFilesystem must be set to true", readOnly.node(), "readOnlyRootFilesystem"));
        }
    }

    public static void allowPrivilegeEscalation(boolean allowed, String scPath, EffectiveContainer c,
                                                List<FieldError> out) {
        Value<Boolean> escalation = c.allowPrivilegeEscalation();
        if (!allowed && !Boolean.FALSE.equals(escalation.value())) {
            out.add(FieldError.invalid(scPath + ".allowPrivilegeEscalation", GoValues.of(escalation.value()),
                    "Allowing privilege escalation for containers is not allowed", escalation.node(),
                    "allowPrivilegeEscalation"));
        }
    }

    /** {@code hostNetwork}, {@code hostPID} or {@code hostIPC} used where the policy does not allow it. */
    public static void hostNamespace(Value<Boolean> used, boolean allowed, String path, String what, String check,
                                     List<FieldError> out) {
        if (!allowed && Boolean.TRUE.equals(used.value())) {
            out.add(FieldError.invalid(path, "true", what + " is not allowed to be used", used.node(), check));
        }
    }
}
