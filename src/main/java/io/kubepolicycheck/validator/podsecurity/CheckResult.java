package io.kubepolicycheck.validator.podsecurity;

import java.util.List;

/**
 * What one check says of one pod, as upstream's {@code CheckResult}: allowed, or forbidden with a reason and a
 * detail in Kubernetes' wording, plus the fields that caused it so a finding can point at each of them.
 */
public record CheckResult(boolean allowed, String forbiddenReason, String forbiddenDetail, List<FieldViolation> fields) {
    private static final CheckResult ALLOWED = new CheckResult(true, "", "", List.of());

    public static CheckResult allow() {
        return ALLOWED;
    }

    public static CheckResult forbidden(String reason, String detail, List<FieldViolation> fields) {
        return new CheckResult(false, reason, detail, List.copyOf(fields));
    }
}
