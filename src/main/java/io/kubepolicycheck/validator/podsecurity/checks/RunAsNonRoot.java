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
 * Containers must be required to run as non-root users, unless (from v1.35) the pod is in a user namespace
 * ({@code spec.hostUsers: false}).
 * Restricted fields: {@code spec.securityContext.runAsNonRoot},
 * {@code spec.{initContainers,containers,ephemeralContainers}[*].securityContext.runAsNonRoot}.
 * Allowed values: true; undefined/null at container level if the pod level is true; from v1.35 any value when
 * {@code hostUsers} is false.
 */
public final class RunAsNonRoot implements PodSecurityCheck {
    @Override
    public String id() {
        return "runAsNonRoot";
    }

    @Override
    public Level level() {
        return Level.RESTRICTED;
    }

    @Override
    public List<VersionedCheck> versions() {
        return List.of(
                new VersionedCheck(Version.of(1, 0), RunAsNonRoot::runAsNonRoot1_0),
                new VersionedCheck(Version.of(1, 35), RunAsNonRoot::runAsNonRoot1_35));
    }

    static CheckResult runAsNonRoot1_35(PodTemplate pod) {
        return pod.inUserNamespace() ? CheckResult.allow() : runAsNonRoot1_0(pod);
    }

    static CheckResult runAsNonRoot1_0(PodTemplate pod) {
        List<String> badSetters = new ArrayList<>();
        List<FieldViolation> explicitFields = new ArrayList<>();
        boolean podRunAsNonRoot = false;
        Node podValue = pod.podSecurityContext().get("runAsNonRoot");
        if (!podValue.isNil()) {
            if (podValue.isTrue()) {
                podRunAsNonRoot = true;
            } else {
                badSetters.add("pod");
                explicitFields.add(new FieldViolation(podValue, mustNotSetFalse("pod")));
            }
        }
        List<String> explicitlyBadContainers = new ArrayList<>();
        List<String> implicitlyBadContainers = new ArrayList<>();
        List<FieldViolation> implicitFields = new ArrayList<>();
        for (Container c : pod.containers()) {
            Node value = c.securityContext().get("runAsNonRoot");
            if (!value.isNil()) {
                if (!value.isTrue()) {
                    explicitlyBadContainers.add(c.name());
                    explicitFields.add(new FieldViolation(value, mustNotSetFalse(Wording.container(c.name()))));
                }
            } else if (!podRunAsNonRoot) {
                implicitlyBadContainers.add(c.name());
                implicitFields.add(new FieldViolation(value, mustSetTrue(List.of(c.name()))));
            }
        }
        if (!explicitlyBadContainers.isEmpty()) {
            badSetters.add(Wording.containers(explicitlyBadContainers));
        }
        if (!badSetters.isEmpty()) {
            return CheckResult.forbidden("runAsNonRoot != true", mustNotSetFalse(String.join(" and ", badSetters)),
                    explicitFields);
        }
        if (!implicitlyBadContainers.isEmpty()) {
            return CheckResult.forbidden("runAsNonRoot != true", mustSetTrue(implicitlyBadContainers), implicitFields);
        }
        return CheckResult.allow();
    }

    private static String mustNotSetFalse(String setters) {
        return setters + " must not set securityContext.runAsNonRoot=false";
    }

    private static String mustSetTrue(List<String> containers) {
        return "pod or " + Wording.containers(containers) + " must set securityContext.runAsNonRoot=true";
    }
}
