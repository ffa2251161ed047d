package io.kubepolicycheck.validator.podsecuritypolicy;

import java.util.List;

/**
 * A {@code runAsUser} strategy: a PodSecurityPolicy's {@code spec.runAsUser} (its rule and ranges) or an SCC's
 * (its type, with a uid or a range resolved for the pod's namespace). The rules both have are one implementation.
 */
public sealed interface RunAsUserStrategy {
    String CHECK = "runAsUser";

    /** The uid to default an unset {@code runAsUser} to, or null. */
    Long generate();

    void validate(String scPath, EffectiveContainer c, List<FieldError> out);

    String rule();

    /** The uid must be set and inside one of the ranges; defaults to the first range's minimum. */
    record MustRunAs(List<IdRange> ranges) implements RunAsUserStrategy {
        @Override
        public Long generate() {
            return ranges.get(0).min();
        }

        @Override
        public void validate(String scPath, EffectiveContainer c, List<FieldError> out) {
            Value<Long> uid = c.runAsUser();
            if (!uid.isSet()) {
                out.add(FieldError.required(scPath + ".runAsUser", "", uid.node(), CHECK));
            } else if (!IdRange.anyContains(ranges, uid.value())) {
                out.add(FieldError.invalid(scPath + ".runAsUser", GoValues.of(uid.value()),
                        "must be in the ranges: " + GoValues.list(ranges), uid.node(), CHECK));
            }
        }

        @Override
        public String rule() {
            return "MustRunAs";
        }
    }

    /** An SCC's {@code MustRunAs}: exactly one uid. */
    record MustRunAsUid(long uid) implements RunAsUserStrategy {
        @Override
        public Long generate() {
            return uid;
        }

        @Override
        public void validate(String scPath, EffectiveContainer c, List<FieldError> out) {
            Value<Long> v = c.runAsUser();
            if (!v.isSet()) {
                out.add(FieldError.required(scPath + ".runAsUser", "", v.node(), CHECK));
            } else if (v.value() != uid) {
                out.add(FieldError.invalid(scPath + ".runAsUser", GoValues.of(v.value()), "must be: " + uid, v.node(),
                        CHECK));
            }
        }

        @Override
        public String rule() {
            return "MustRunAs";
        }
    }

    /** An SCC's {@code MustRunAsRange}: a uid in {@code [min, max]}; defaults to {@code min}. */
    record MustRunAsRange(long min, long max) implements RunAsUserStrategy {
        @Override
        public Long generate() {
            return min;
        }

        @Override
        public void validate(String scPath, EffectiveContainer c, List<FieldError> out) {
            Value<Long> v = c.runAsUser();
            if (!v.isSet()) {
                out.add(FieldError.required(scPath + ".runAsUser", "", v.node(), CHECK));
            } else if (v.value() < min || v.value() > max) {
                out.add(FieldError.invalid(scPath + ".runAsUser", GoValues.of(v.value()),
                        "must be in the ranges: [" + min + ", " + max + "]", v.node(), CHECK));
            }
        }

        @Override
        public String rule() {
            return "MustRunAsRange";
        }
    }

    /** The container must not run as root: runAsNonRoot true, or a non-zero runAsUser ({@code user/nonroot.go}). */
    record MustRunAsNonRoot() implements RunAsUserStrategy {
        @Override
        public Long generate() {
            return null;
        }

        @Override
        public void validate(String scPath, EffectiveContainer c, List<FieldError> out) {
            Value<Boolean> nonRoot = c.runAsNonRoot();
            Value<Long> uid = c.runAsUser();
            if (!nonRoot.isSet() && !uid.isSet()) {
                out.add(FieldError.required(scPath + ".runAsNonRoot", "must be true", nonRoot.node(), CHECK));
            } else if (Boolean.FALSE.equals(nonRoot.value())) {
                out.add(FieldError.invalid(scPath + ".runAsNonRoot", "false", "must be true", nonRoot.node(), CHECK));
            } else if (uid.isSet() && uid.value() == 0) {
                out.add(FieldError.invalid(scPath + ".runAsUser", "0", "running with the root UID is forbidden",
                        uid.node(), CHECK));
            }
        }

        @Override
        public String rule() {
            return "MustRunAsNonRoot";
        }
    }

    record RunAsAny() implements RunAsUserStrategy {
        @Override
        public Long generate() {
            return null;
        }

        @Override
        public void validate(String scPath, EffectiveContainer c, List<FieldError> out) {
            // any uid is allowed
        }

        @Override
        public String rule() {
            return "RunAsAny";
        }
    }
}
