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
 * Containers must not set {@code runAsUser: 0} (from v1.23), unless (from v1.35) the pod is in a user namespace
 * ({@code spec.hostUsers: false}).
 * Restricted fields: {@code spec.securityContext.runAsUser},
 * {@code spec.{initContainers,containers,ephemeralContainers}[*].securityContext.runAsUser}.
 * Allowed values: non-zero values, undefined/null; from v1.35 any value when {@code hostUsers} is false.
 */
public final class RunAsUser implements PodSecurityCheck {
    @Override
    public String id() {
        return "runAsUser";
    }

    @Override
    public Level level() {
        return Level.RESTRICTED;
    }

    @Override
    public List<VersionedCheck> versions() {
        return List.of(
                new VersionedCheck(Version.of(1, 23), RunAsUser::runAsUser1_23),
                new VersionedCheck(Version.of(1, 35), RunAsUser::runAsUser1_35));
    }

    static CheckResult runAsUser1_35(PodTemplate pod) {
        return pod.inUserNamespace() ? CheckResult.allow() : runAsUser1_23(pod);
    }

    static CheckResult runAsUser1_23(PodTemplate pod) {
        List<String> badSetters = new ArrayList<>();
        List<FieldViolation> fields = new ArrayList<>();
        Node podUser = pod.podSecurityContext().get("runAsUser");
        if (isRoot(podUser)) {
            badSetters.add("pod");
            fields.add(new FieldViolation(podUser, mustNotSetRoot("pod")));
        }
        List<String> explicitlyBadContainers = new ArrayList<>();
        for (Container c : pod.containers()) {
            Node user = c.securityContext().get("runAsUser");
            if (isRoot(user)) {
                explicitlyBadContainers.add(c.name());
                fields.add(new FieldViolation(user, mustNotSetRoot(Wording.container(c.name()))));
            }
        }
        if (!explicitlyBadContainers.isEmpty()) {
            badSetters.add(Wording.containers(explicitlyBadContainers));
        }
        if (badSetters.isEmpty()) {
            return CheckResult.allow();
        }
        return CheckResult.forbidden("runAsUser=0", mustNotSetRoot(String.join(" and ", badSetters)), fields);
    }

    private static boolean isRoot(Node user) {
        Long uid = user.asLong();
        return uid != null && uid == 0;
    }

    private static String mustNotSetRoot(String setters) {
        return setters + " must not set runAsUser=0";
    }
}
