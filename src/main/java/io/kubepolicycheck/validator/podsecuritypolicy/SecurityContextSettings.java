package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;

/**
 * A {@code securityContext}'s settings as one policy sees them: the submitted values, read on first use into an
 * array shared by every policy that judges the pod, under this policy's own defaults.
 */
final class SecurityContextSettings {
    private final Node securityContext;
    private final Value<?>[] submitted;
    /** This policy's defaults, by {@link Setting} ordinal; allocated by the first. */
    private Object[] defaults;

    SecurityContextSettings(Node securityContext, Value<?>[] submitted) {
        this.securityContext = securityContext;
        this.submitted = submitted;
    }

    /** This policy's default, else the submitted value; either way at the submitted setting's node. */
    @SuppressWarnings("unchecked")
    <T> Value<T> get(Setting setting) {
        Value<?> value = submitted[setting.ordinal()];
        if (value == null) {
            value = setting.read(securityContext);
            submitted[setting.ordinal()] = value;
        }
        Object defaulted = defaults == null ? null : defaults[setting.ordinal()];
        return defaulted != null ? new Value<>((T) defaulted, value.node()) : (Value<T>) value;
    }

    /** Sets this policy's default; returns the node it stands at, for the mutation's path. */
    Node put(Setting setting, Object value) {
        if (defaults == null) {
            defaults = new Object[Setting.COUNT];
        }
        defaults[setting.ordinal()] = value;
        return securityContext.get(setting.field);
    }
}
