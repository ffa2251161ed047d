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
 * The default /proc masks are set up to reduce attack surface, and are required by the baseline policy unless
 * the pod is in a user namespace ({@code hostUsers: false}, from v1.35).
 * Restricted fields: {@code spec.{initContainers,containers,ephemeralContainers}[*].securityContext.procMount}.
 * Allowed values: undefined/null, {@code Default}; from v1.35 any value when {@code spec.hostUsers} is false.
 */
public final class ProcMount implements PodSecurityCheck {
    static final String ID = "procMount";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Level level() {
        return Level.BASELINE;
    }

    @Override
    public List<VersionedCheck> versions() {
        return List.of(
                new VersionedCheck(Version.of(1, 0), ProcMount::procMount1_0),
                new VersionedCheck(Version.of(1, 35), ProcMount::procMount1_35Baseline));
    }

    /** Any procMount but {@code Default} is forbidden, whatever {@code hostUsers} says. */
    static CheckResult procMount1_0(PodTemplate pod) {
        List<String> badContainers = new ArrayList<>();
        List<String> forbiddenProcMountTypes = new ArrayList<>();
        List<FieldViolation> fields = new ArrayList<>();
        for (Container c : pod.containers()) {
            Node procMount = c.securityContext().get("procMount");
            if (!procMount.isNil() && !"Default".equals(procMount.textOr(""))) {
                badContainers.add(c.name());
                forbiddenProcMountTypes.add(procMount.textOr(""));
                fields.add(new FieldViolation(procMount, mustNotSet(Wording.container(c.name()),
                        List.of(procMount.textOr("")))));
            }
        }
        if (badContainers.isEmpty()) {
            return CheckResult.allow();
        }
        return CheckResult.forbidden("procMount",
                mustNotSet(Wording.containers(badContainers), Wording.sortedSet(forbiddenProcMountTypes)), fields);
    }

    static CheckResult procMount1_35Baseline(PodTemplate pod) {
        return pod.inUserNamespace() ? CheckResult.allow() : procMount1_0(pod);
    }

    private static String mustNotSet(String containers, List<String> types) {
        return containers + " must not set securityContext.procMount to " + Wording.joinQuote(types);
    }
}
