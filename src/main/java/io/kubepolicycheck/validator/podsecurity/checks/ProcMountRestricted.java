package io.kubepolicycheck.validator.podsecurity.checks;

import io.kubepolicycheck.validator.podsecurity.Level;
import io.kubepolicycheck.validator.podsecurity.PodSecurityCheck;
import io.kubepolicycheck.validator.podsecurity.Version;
import io.kubepolicycheck.validator.podsecurity.VersionedCheck;
import java.util.List;

/**
 * The default /proc masks are required by the restricted policy, in a user namespace too. From v1.35 (when the
 * baseline {@code procMount} check started to relax for {@code hostUsers: false}) this check runs the
 * unconditional rule at restricted and replaces the baseline one there.
 * Restricted fields: {@code spec.{initContainers,containers,ephemeralContainers}[*].securityContext.procMount}.
 * Allowed values: undefined/null, {@code Default}.
 */
public final class ProcMountRestricted implements PodSecurityCheck {
    @Override
    public String id() {
        return "procMount_restricted";
    }

    @Override
    public Level level() {
        return Level.RESTRICTED;
    }

    @Override
    public List<VersionedCheck> versions() {
        return List.of(new VersionedCheck(Version.of(1, 35), ProcMount::procMount1_0, List.of(ProcMount.ID)));
    }
}
