package io.kubepolicycheck.validator.podsecuritypolicy;

import java.util.List;

/**
 * The PodSecurityPolicy annotations {@code apparmor.security.beta.kubernetes.io/allowedProfileNames} and
 * {@code .../defaultProfileName}: each container's profile (its annotation
 * {@code container.apparmor.security.beta.kubernetes.io/<name>}, or the {@code appArmorProfile} field) must be
 * listed; without the annotation any profile is allowed.
 */
public final class AppArmorStrategy {
    public static final String DEFAULT_ANNOTATION = "apparmor.security.beta.kubernetes.io/defaultProfileName";
    public static final String ALLOWED_ANNOTATION = "apparmor.security.beta.kubernetes.io/allowedProfileNames";

    private final String defaultProfile;
    private final String allowedProfiles;
    private final List<String> allowed;

    public AppArmorStrategy(String defaultProfile, String allowedProfiles) {
        this.defaultProfile = defaultProfile;
        this.allowedProfiles = allowedProfiles;
        this.allowed = allowedProfiles == null ? null : List.of(allowedProfiles.split(",", -1));
    }

    public String defaultProfile() {
        return defaultProfile;
    }

    public String allowedProfiles() {
        return allowedProfiles;
    }

    public void mutate(EffectiveContainer c) {
        Value<String> profile = profileFor(c);
        if (profile.value() != null && !profile.value().isEmpty() || defaultProfile == null || defaultProfile.isEmpty()) {
            return;
        }
        c.setAppArmorAnnotation(defaultProfile);
    }

    public void validate(EffectiveContainer c, List<FieldError> out) {
        if (allowed == null) {
            return;
        }
        Value<String> profile = profileFor(c);
        String p = profile.value() == null ? "" : profile.value();
        if (p.isEmpty()) {
            if (!allowed.isEmpty()) {
                out.add(FieldError.forbidden(path(c), "AppArmor profile must be set", profile.node(), ALLOWED_ANNOTATION));
            }
            return;
        }
        if (!allowed.contains(p)) {
            out.add(FieldError.forbidden(path(c), p + " is not an allowed profile. Allowed values: "
                    + GoValues.quote(allowedProfiles), profile.node(), ALLOWED_ANNOTATION));
        }
    }

    private static String path(EffectiveContainer c) {
        return "pod.metadata.annotations[" + c.appArmorAnnotation() + "]";
    }

    /** The container's annotation, else the {@code appArmorProfile} field (container's, else pod's). */
    static Value<String> profileFor(EffectiveContainer c) {
        Value<String> annotation = c.appArmorAnnotationValue();
        if (annotation.value() != null && !annotation.value().isEmpty()) {
            return annotation;
        }
        Value<String> field = c.appArmorProfile();
        return field.isSet() ? field : annotation;
    }
}
