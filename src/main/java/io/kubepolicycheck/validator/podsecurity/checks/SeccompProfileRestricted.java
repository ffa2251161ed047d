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
 * Seccomp profiles must be specified, and only runtime default and localhost profiles are allowed. From v1.19,
 * replacing {@code seccompProfile_baseline} at restricted; from v1.25 pods with {@code spec.os.name: windows} are
 * exempt.
 * Restricted fields: {@code spec.securityContext.seccompProfile.type},
 * {@code spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seccompProfile.type}.
 * Allowed values: {@code RuntimeDefault}, {@code Localhost}; a container may leave it undefined when the pod
 * level sets an allowed type.
 */
public final class SeccompProfileRestricted implements PodSecurityCheck {
    @Override
    public String id() {
        return "seccompProfile_restricted";
    }

    @Override
    public Level level() {
        return Level.RESTRICTED;
    }

    @Override
    public List<VersionedCheck> versions() {
        List<String> overrides = List.of(SeccompProfileBaseline.ID);
        return List.of(
                new VersionedCheck(Version.of(1, 19), SeccompProfileRestricted::seccompProfileRestricted1_19, overrides),
                new VersionedCheck(Version.of(1, 25), SeccompProfileRestricted::seccompProfileRestricted1_25, overrides));
    }

    static CheckResult seccompProfileRestricted1_19(PodTemplate pod) {
        List<String> badSetters = new ArrayList<>();
        List<String> badValues = new ArrayList<>();
        List<FieldViolation> explicitFields = new ArrayList<>();
        boolean podSeccompSet = false;
        Node podProfile = pod.podSecurityContext().get("seccompProfile");
        if (!podProfile.isNil()) {
            String type = podProfile.get("type").textOr("");
            if (Seccomp.validType(type)) {
                podSeccompSet = true;
            } else {
                badSetters.add("pod");
                badValues.add(type);
                explicitFields.add(new FieldViolation(Seccomp.typeOf(podProfile), Seccomp.mustNotSet("pod", List.of(type))));
            }
        }
        List<String> explicitlyBadContainers = new ArrayList<>();
        List<String> implicitlyBadContainers = new ArrayList<>();
        List<FieldViolation> implicitFields = new ArrayList<>();
        for (Container c : pod.containers()) {
            Node profile = c.securityContext().get("seccompProfile");
            if (!profile.isNil()) {
                String type = profile.get("type").textOr("");
                if (!Seccomp.validType(type)) {
                    explicitlyBadContainers.add(c.name());
                    badValues.add(type);
                    explicitFields.add(new FieldViolation(Seccomp.typeOf(profile),
                            Seccomp.mustNotSet(Wording.container(c.name()), List.of(type))));
                }
            } else if (!podSeccompSet) {
                implicitlyBadContainers.add(c.name());
                implicitFields.add(new FieldViolation(profile.get("type"), mustSet(List.of(c.name()))));
            }
        }
        if (!explicitlyBadContainers.isEmpty()) {
            badSetters.add(Wording.containers(explicitlyBadContainers));
        }
        if (!badSetters.isEmpty()) {
            return CheckResult.forbidden("seccompProfile",
                    Seccomp.mustNotSet(String.join(" and ", badSetters), Wording.sortedSet(badValues)), explicitFields);
        }
        if (!implicitlyBadContainers.isEmpty()) {
            return CheckResult.forbidden("seccompProfile", mustSet(implicitlyBadContainers), implicitFields);
        }
        return CheckResult.allow();
    }

    static CheckResult seccompProfileRestricted1_25(PodTemplate pod) {
        return pod.isWindows() ? CheckResult.allow() : seccompProfileRestricted1_19(pod);
    }

    private static String mustSet(List<String> containers) {
        return "pod or " + Wording.containers(containers)
                + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"";
    }
}
