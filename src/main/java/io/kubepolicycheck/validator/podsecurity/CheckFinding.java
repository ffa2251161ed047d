package io.kubepolicycheck.validator.podsecurity;

/** A check's result for one pod, tagged with the check id. */
public record CheckFinding(String checkId, CheckResult result) {
}
