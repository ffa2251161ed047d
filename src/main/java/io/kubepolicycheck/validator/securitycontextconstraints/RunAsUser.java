package io.kubepolicycheck.validator.securitycontextconstraints;

import io.kubepolicycheck.validator.podsecuritypolicy.EffectiveContainer;
import io.kubepolicycheck.validator.podsecuritypolicy.FieldError;
import io.kubepolicycheck.validator.podsecuritypolicy.GoValues;
import io.kubepolicycheck.validator.podsecuritypolicy.RunAsUserStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.Value;
import java.util.List;

/** An SCC's {@code runAsUser} strategy, its range resolved for the pod's namespace. */
sealed interface RunAsUser {
    String CHECK = "runAsUser";

    Long generate();

    void validate(String path, EffectiveContainer c, List<FieldError> out);

    /** Exactly one uid. */
    record MustRunAs(long uid) implements RunAsUser {
        @Override
        public Long generate() {
            return uid;
        }

        @Override
        public void validate(String path, EffectiveContainer c, List<FieldError> out) {
            Value<Long> v = c.runAsUser();
            if (!v.isSet()) {
                out.add(FieldError.required(path + ".runAsUser", "", v.node(), CHECK));
            } else if (v.value() != uid) {
                out.add(FieldError.invalid(path + ".runAsUser", GoValues.of(v.value()), "must be: " + uid, v.node(), CHECK));
            }
        }
    }

    /** A uid in {@code [min, max]}; defaults to {@code min}. */
    record MustRunAsRange(long min, long max) implements RunAsUser {
        @Override
        public Long generate() {
            return min;
        }

        @Override
        public void validate(String path, EffectiveContainer c, List<FieldError> out) {
            Value<Long> v = c.runAsUser();
            if (!v.isSet()) {
                out.add(FieldError.required(path + ".runAsUser", "", v.node(), CHECK));
            } else if (v.value() < min || v.value() > max) {
                out.add(FieldError.invalid(path + ".runAsUser", GoValues.of(v.value()),
                        "must be in the ranges: [" + min + ", " + max + "]", v.node(), CHECK));
            }
        }
    }

    record MustRunAsNonRoot() implements RunAsUser {
        @Override
        public Long generate() {
            return null;
        }

        @Override
        public void validate(String path, EffectiveContainer c, List<FieldError> out) {
            RunAsUserStrategy.nonRoot(path, c, out, CHECK);
        }
    }

    record RunAsAny() implements RunAsUser {
        @Override
        public Long generate() {
            return null;
        }

        @Override
        public void validate(String path, EffectiveContainer c, List<FieldError> out) {
            // any uid is allowed
        }
    }
}
