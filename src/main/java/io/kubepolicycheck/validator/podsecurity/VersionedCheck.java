package io.kubepolicycheck.validator.podsecurity;

import io.kubepolicycheck.validator.workload.PodTemplate;
import java.util.List;
import java.util.function.Function;

/**
 * One revision of a check: the first policy version it applies to, the function that judges a pod, and the
 * baseline checks it switches off at the restricted level (upstream's {@code OverrideCheckIDs}).
 */
public record VersionedCheck(Version minimumVersion, Function<PodTemplate, CheckResult> check, List<String> overrides) {
    public VersionedCheck(Version minimumVersion, Function<PodTemplate, CheckResult> check) {
        this(minimumVersion, check, List.of());
    }
}
