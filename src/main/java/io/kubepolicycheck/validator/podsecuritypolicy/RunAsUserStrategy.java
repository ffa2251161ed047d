package io.kubepolicycheck.validator.podsecuritypolicy;

import java.util.List;

/** {@code spec.runAsUser} of a PodSecurityPolicy: the rule and its ranges. */
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

    /** The container must not run as root: runAsNonRoot true, or a non-zero runAsUser. */
    record MustRunAsNonRoot() implements RunAsUserStrategy {
        @Override
        public Long generate() {
            return null;
        }

        @Override
        public void validate(String scPath, EffectiveContainer c, List<FieldError> out) {
            nonRoot(scPath, c, out, CHECK);
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

    /** The non-root rule, shared by PodSecurityPolicy and SCC ({@code user/nonroot.go} in both). */
    static void nonRoot(String scPath, EffectiveContainer c, List<FieldError> out, String check) {
        Value<Boolean> nonRoot = c.runAsNonRoot();
        Value<Long> uid = c.runAsUser();
        if (!nonRoot.isSet() && !uid.isSet()) {
            out.add(FieldError.required(scPath + ".runAsNonRoot", "must be true", nonRoot.node(), check));
        } else if (Boolean.FALSE.equals(nonRoot.value())) {
            out.add(FieldError.invalid(scPath + ".runAsNonRoot", "false", "must be true", nonRoot.node(), check));
        } else if (uid.isSet() && uid.value() == 0) {
            out.add(FieldError.invalid(scPath + ".runAsUser", "0", "running with the root UID is forbidden",
                    uid.node(), check));
        }
    }
}
