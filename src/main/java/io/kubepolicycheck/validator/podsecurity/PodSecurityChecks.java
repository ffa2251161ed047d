package io.kubepolicycheck.validator.podsecurity;

import io.kubepolicycheck.validator.podsecurity.checks.Privileged;
import java.util.List;

/** Every Pod Security Standards check, as registered upstream. */
public final class PodSecurityChecks {
    private PodSecurityChecks() {
    }

    public static List<PodSecurityCheck> all() {
        return List.of(
                new Privileged());
    }
}
