package io.kubepolicycheck.validator.podsecuritypolicy;

import java.util.List;

/**
 * The PodSecurityPolicy annotations {@code seccomp.security.alpha.kubernetes.io/allowedProfileNames} (comma
 * separated, {@code *} allows any) and {@code .../defaultProfileName}. A profile is read from the annotations
 * or, as the API server converts them, from the {@code seccompProfile} fields.
 */
public final class SeccompStrategy {
    public static final String DEFAULT_ANNOTATION = "seccomp.security.alpha.kubernetes.io/defaultProfileName";
    public static final String ALLOWED_ANNOTATION = "seccomp.security.alpha.kubernetes.io/allowedProfileNames";
    private static final String CHECK = ALLOWED_ANNOTATION;

    private final String defaultProfile;
    private final String allowedProfiles;
    private final List<String> allowed;

    public SeccompStrategy(String defaultProfile, String allowedProfiles) {
        this.defaultProfile = defaultProfile;
        this.allowedProfiles = allowedProfiles;
        this.allowed = allowedProfiles == null ? List.of() : List.of(allowedProfiles.split(",", -1));
    }

    public String defaultProfile() {
        return defaultProfile;
    }

    public String allowedProfiles() {
        return allowedProfiles;
    }

    /** Sets the pod's profile annotation to the default when the pod names no profile at all. */
    public void mutate(EffectivePod pod) {
        Value<String> annotation = pod.annotation(EffectivePod.SECCOMP_POD_ANNOTATION);
        if (annotation.value() != null && !annotation.value().isEmpty() || pod.seccompProfile().isSet()) {
            return;
        }
        if (defaultProfile != null && !defaultProfile.isEmpty()) {
            pod.setAnnotation(EffectivePod.SECCOMP_POD_ANNOTATION, defaultProfile);
        }
    }

    public void validatePod(EffectivePod pod, List<FieldError> out) {
        check(EffectivePod.SECCOMP_POD_ANNOTATION, pod.podSeccompProfile(), out);
    }

    public void validateContainer(EffectivePod pod, EffectiveContainer c, List<FieldError> out) {
        check(c.seccompAnnotation(), pod.seccompProfileOf(c), out);
    }

    /** {@code annotation} names the annotation the profile stands for, which the error's path prints. */
    private void check(String annotation, Value<String> profile, List<FieldError> out) {
        String p = profile.value() == null ? "" : profile.value();
        boolean any = allowed.contains("*");
        if (!any && allowed.isEmpty() && !p.isEmpty()) {
            out.add(FieldError.forbidden(path(annotation), "seccomp may not be set", profile.node(), CHECK));
            return;
        }
        boolean ok = allowed.isEmpty() && p.isEmpty() || any || allowed.contains(p);
        if (!ok) {
            out.add(FieldError.forbidden(path(annotation), p + " is not an allowed seccomp profile. Valid values are "
                    + allowedProfiles, profile.node(), CHECK));
        }
    }

    private static String path(String annotation) {
        return "pod.metadata.annotations[" + annotation + "]";
    }
}
