package io.kubepolicycheck.validator.podsecurity.checks;

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
 * Privileged Pods disable most security mechanisms and must be disallowed.
 * Restricted fields: {@code spec.{initContainers,containers,ephemeralContainers}[*].securityContext.privileged}.
 * Allowed values: false, undefined/null.
 */
public final class Privileged implements PodSecurityCheck {
    @Override
    public String id() {
        return "privileged";
    }

    @Override
    public Level level() {
        return Level.BASELINE;
    }

    @Override
    public List<VersionedCheck> versions() {
        return List.of(new VersionedCheck(Version.of(1, 0), Privileged::privileged1_0));
    }

    static CheckResult privileged1_0(PodTemplate pod) {
        List<String> names = new ArrayList<>();
        List<FieldViolation> fields = new ArrayList<>();
        for (Container c : pod.containers()) {
            var privileged = c.securityContext().get("privileged");
            if (privileged.isTrue()) {
                names.add(c.name());
                fields.add(new FieldViolation(privileged,
                        "container \"" + c.name() + "\" must not set securityContext.privileged=true"));
            }
        }
        if (names.isEmpty()) {
            return CheckResult.allow();
        }
        return CheckResult.forbidden("privileged", Wording.pluralize("container", "containers", names.size()) + " "
                + Wording.joinQuote(names) + " must not set securityContext.privileged=true", fields);
    }
}
