package io.kubepolicycheck.validator.podsecuritypolicy;

import java.util.List;

/** {@code spec.runtimeClass}: the names a pod may use ({@code *} for any) and the one an unset pod gets. */
public record RuntimeClassStrategy(List<String> allowedRuntimeClassNames, String defaultRuntimeClassName) {
    public RuntimeClassStrategy {
        allowedRuntimeClassNames = List.copyOf(allowedRuntimeClassNames);
    }

    public void mutate(EffectivePod pod) {
        if (pod.runtimeClassName().value() == null && defaultRuntimeClassName != null) {
            pod.setRuntimeClassName(defaultRuntimeClassName);
        }
    }

    /** An unset name is always allowed. */
    public void validate(EffectivePod pod, List<FieldError> out) {
        Value<String> name = pod.runtimeClassName();
        if (name.value() == null || allowedRuntimeClassNames.contains("*")
                || allowedRuntimeClassNames.contains(name.value())) {
            return;
        }
        out.add(FieldError.invalid("spec.runtimeClassName", GoValues.quote(name.value()), "", name.node(), "runtimeClass"));
    }
}
