package io.kubepolicycheck.validator.podsecuritypolicy;

import java.util.Arrays;
import java.util.List;

/**
 * The PodSecurityPolicy annotations {@code apparmor.security.beta.kubernetes.io/allowedProfileNames} and
 * {@code .../defaultProfileName}: each container's profile (its annotation
 * {@code container.apparmor.security.beta.kubernetes.io/<name>}, or the {@code appArmorProfile} field) must be
 * listed; without the annotation any profile is allowed.
 */
public record AppArmorStrategy(String defaultProfile, String allowedProfiles) {
    public static final String DEFAULT_ANNOTATION = "apparmor.security.beta.kubernetes.io/defaultProfileName";
    public static final String ALLOWED_ANNOTATION = "apparmor.security.beta.kubernetes.io/allowedProfileNames";

    public void mutate(EffectivePod pod, EffectiveContainer c) {
        Value<String> profile = profileFor(pod, c);
        if (profile.value() != null && !profile.value().isEmpty() || defaultProfile == null || defaultProfile.isEmpty()) {
            return;
        }
        pod.setAnnotation(EffectivePod.APPARMOR_CONTAINER_ANNOTATION_PREFIX + c.name(), defaultProfile);
    }

    public void validate(EffectivePod pod, EffectiveContainer c, List<FieldError> out) {
        if (allowedProfiles == null) {
            return;
        }
        List<String> allowed = Arrays.asList(allowedProfiles.split(",", -1));
        String path = "pod.metadata.annotations[" + EffectivePod.APPARMOR_CONTAINER_ANNOTATION_PREFIX + c.name() + "]";
        Value<String> profile = profileFor(pod, c);
        String p = profile.value() == null ? "" : profile.value();
        if (p.isEmpty()) {
            if (!allowed.isEmpty()) {
                out.add(FieldError.forbidden(path, "AppArmor profile must be set", profile.node(), ALLOWED_ANNOTATION));
            }
            return;
        }
        if (!allowed.contains(p)) {
            out.add(FieldError.forbidden(path, p + " is not an allowed profile. Allowed values: "
                    + GoValues.quote(allowedProfiles), profile.node(), ALLOWED_ANNOTATION));
        }
    }

    /** The container's annotation, else the {@code appArmorProfile} field (container's, else pod's). */
    static Value<String> profileFor(EffectivePod pod, EffectiveContainer c) {
        Value<String> annotation = pod.annotation(EffectivePod.APPARMOR_CONTAINER_ANNOTATION_PREFIX + c.name());
        if (annotation.value() != null && !annotation.value().isEmpty()) {
            return annotation;
        }
        Value<String> field = c.appArmorProfile();
        return field.isSet() ? field : annotation;
    }
}
