package io.kubepolicycheck.validator.podsecurity.checks;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.podsecurity.CheckResult;
import io.kubepolicycheck.validator.podsecurity.FieldViolation;
import io.kubepolicycheck.validator.podsecurity.Level;
import io.kubepolicycheck.validator.podsecurity.PodSecurityCheck;
import io.kubepolicycheck.validator.podsecurity.Version;
import io.kubepolicycheck.validator.podsecurity.VersionedCheck;
import io.kubepolicycheck.validator.podsecurity.Wording;
import io.kubepolicycheck.validator.workload.Container;
import io.kubepolicycheck.validator.workload.PodTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * Privilege escalation (such as via set-user-ID or set-group-ID file mode) must not be allowed.
 * Restricted fields: {@code spec.{initContainers,containers,ephemeralContainers}[*].securityContext.allowPrivilegeEscalation}.
 * Allowed values: false. From v1.8, when the field was added; from v1.25 pods with {@code spec.os.name: windows}
 * are exempt (API validation forbids the field on them).
 */
public final class AllowPrivilegeEscalation implements PodSecurityCheck {
    @Override
    public String id() {
        return "allowPrivilegeEscalation";
    }

    @Override
    public Level level() {
        return Level.RESTRICTED;
    }

    @Override
    public List<VersionedCheck> versions() {
        return List.of(
                new VersionedCheck(Version.of(1, 8), AllowPrivilegeEscalation::allowPrivilegeEscalation1_8),
                new VersionedCheck(Version.of(1, 25), AllowPrivilegeEscalation::allowPrivilegeEscalation1_25));
    }

    static CheckResult allowPrivilegeEscalation1_8(PodTemplate pod) {
        List<String> badContainers = new ArrayList<>();
        List<FieldViolation> fields = new ArrayList<>();
        for (Container c : pod.containers()) {
            Node allow = c.securityContext().get("allowPrivilegeEscalation");
            if (!allow.isFalse()) {
                badContainers.add(c.name());
                fields.add(new FieldViolation(allow, mustSet(Wording.container(c.name()))));
            }
        }
        if (badContainers.isEmpty()) {
            return CheckResult.allow();
        }
        return CheckResult.forbidden("allowPrivilegeEscalation != false", mustSet(Wording.containers(badContainers)), fields);
    }

    static CheckResult allowPrivilegeEscalation1_25(PodTemplate pod) {
        return pod.isWindows() ? CheckResult.allow() : allowPrivilegeEscalation1_8(pod);
    }

    private static String mustSet(String containers) {
        return containers + " must set securityContext.allowPrivilegeEscalation=false";
    }
}
