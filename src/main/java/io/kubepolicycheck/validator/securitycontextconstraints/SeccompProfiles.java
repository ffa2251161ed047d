package io.kubepolicycheck.validator.securitycontextconstraints;

import io.kubepolicycheck.validator.podsecuritypolicy.EffectiveContainer;
import io.kubepolicycheck.validator.podsecuritypolicy.EffectivePod;
import io.kubepolicycheck.validator.podsecuritypolicy.FieldError;
import io.kubepolicycheck.validator.podsecuritypolicy.GoValues;
import io.kubepolicycheck.validator.podsecuritypolicy.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * An SCC's {@code seccompProfiles}: {@code *} allows any; the first other entry is the default; an empty
 * list allows only no profile. {@code docker/default} and {@code runtime/default} stand for each other.
 */
final class SeccompProfiles {
    private static final String CHECK = "seccompProfiles";
    private final List<String> allowed = new ArrayList<>();
    private final boolean allowAny;
    private final boolean runtimeDefaultAllowed;

    SeccompProfiles(List<String> profiles) {
        boolean any = false;
        boolean runtimeDefault = false;
        for (String p : profiles) {
            if ("*".equals(p)) {
                any = true;
                continue;
            }
            runtimeDefault |= "docker/default".equals(p) || "runtime/default".equals(p);
            allowed.add(p);
        }
        this.allowAny = any;
        this.runtimeDefaultAllowed = runtimeDefault;
    }

    /** Sets the pod's profile (annotation and field) to the default when the pod names none. */
    void mutate(EffectivePod pod) {
        Value<String> annotation = pod.annotation(EffectivePod.SECCOMP_POD_ANNOTATION);
        if (annotation.value() != null && !annotation.value().isEmpty() || pod.seccompProfile().isSet() || allowed.isEmpty()) {
            return;
        }
        pod.setAnnotation(EffectivePod.SECCOMP_POD_ANNOTATION, allowed.get(0));
        pod.setSeccompProfile(allowed.get(0));
    }

    void validatePod(EffectivePod pod, List<FieldError> out) {
        check("pod.metadata.annotations[" + EffectivePod.SECCOMP_POD_ANNOTATION + "]", pod.podSeccompProfile(), out);
    }

    void validateContainer(EffectivePod pod, EffectiveContainer c, List<FieldError> out) {
        check("pod.metadata.annotations[" + c.seccompAnnotation() + "]", pod.seccompProfileOf(c), out);
    }

    private void check(String path, Value<String> profile, List<FieldError> out) {
        String p = profile.value() == null ? "" : profile.value();
        if (!allowAny && allowed.isEmpty() && !p.isEmpty()) {
            out.add(FieldError.forbidden(path, "seccomp may not be set", profile.node(), CHECK));
            return;
        }
        if (allowed.isEmpty() && p.isEmpty() || allowAny || allowed.contains(p)
                || runtimeDefaultAllowed && ("docker/default".equals(p) || "runtime/default".equals(p))) {
            return;
        }
        out.add(FieldError.forbidden(path, p + " is not an allowed seccomp profile. Valid values are "
                + GoValues.list(allowed), profile.node(), CHECK));
    }
}
