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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * If seccomp profiles are specified, only runtime default and localhost profiles are allowed.
 * v1.0 to v1.18, restricted fields: {@code metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]},
 * {@code metadata.annotations["container.seccomp.security.alpha.kubernetes.io/<container name>"]}; allowed values:
 * {@code runtime/default}, {@code docker/default}, {@code localhost/*}, undefined.
 * v1.19+, restricted fields: {@code spec.securityContext.seccompProfile.type},
 * {@code spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seccompProfile.type}; allowed
 * values: {@code RuntimeDefault}, {@code Localhost}, undefined (the annotations are no longer read).
 */
public final class SeccompProfileBaseline implements PodSecurityCheck {
    static final String ID = "seccompProfile_baseline";
    private static final String ANNOTATION_KEY_POD = "seccomp.security.alpha.kubernetes.io/pod";

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
                new VersionedCheck(Version.of(1, 0), SeccompProfileBaseline::seccompProfileBaseline1_0),
                new VersionedCheck(Version.of(1, 19), SeccompProfileBaseline::seccompProfileBaseline1_19));
    }

    private static boolean validAnnotationValue(String value) {
        return value.equals("runtime/default") || value.equals("docker/default") || value.startsWith("localhost/");
    }

    /** The alpha annotations: a present annotation (even empty) must name an allowed profile. */
    static CheckResult seccompProfileBaseline1_0(PodTemplate pod) {
        Node annotations = pod.metadata().get("annotations");
        List<String> keys = new ArrayList<>();
        keys.add(ANNOTATION_KEY_POD);
        for (Container c : pod.containers()) {
            keys.add(c.seccompAnnotation());
        }
        Set<String> seen = new HashSet<>();
        List<String> forbidden = new ArrayList<>();
        List<FieldViolation> fields = new ArrayList<>();
        for (String key : keys) {
            Node value = annotations.get(key);
            if (!value.isMissing() && !validAnnotationValue(value.textOr("")) && seen.add(key)) {
                String setting = key + "=" + Wording.goQuote(value.textOr(""));
                forbidden.add(setting);
                fields.add(new FieldViolation(value, "forbidden annotation " + setting));
            }
        }
        if (forbidden.isEmpty()) {
            return CheckResult.allow();
        }
        List<String> sorted = Wording.sortedSet(forbidden);
        return CheckResult.forbidden("seccompProfile", "forbidden "
                + Wording.pluralize("annotation", "annotations", sorted.size()) + " " + String.join(", ", sorted), fields);
    }

    /** The fields: a profile that is set must be RuntimeDefault or Localhost. */
    static CheckResult seccompProfileBaseline1_19(PodTemplate pod) {
        List<String> badSetters = new ArrayList<>();
        List<String> badValues = new ArrayList<>();
        List<FieldViolation> fields = new ArrayList<>();
        Node podProfile = pod.podSecurityContext().get("seccompProfile");
        if (!podProfile.isNil()) {
            String type = podProfile.get("type").textOr("");
            if (!Seccomp.validType(type)) {
                badSetters.add("pod");
                badValues.add(type);
                fields.add(new FieldViolation(Seccomp.typeOf(podProfile), Seccomp.mustNotSet("pod", List.of(type))));
            }
        }
        List<String> explicitlyBadContainers = new ArrayList<>();
        for (Container c : pod.containers()) {
            Node profile = c.securityContext().get("seccompProfile");
            if (!profile.isNil()) {
                String type = profile.get("type").textOr("");
                if (!Seccomp.validType(type)) {
                    explicitlyBadContainers.add(c.name());
                    badValues.add(type);
                    fields.add(new FieldViolation(Seccomp.typeOf(profile),
                            Seccomp.mustNotSet(Wording.container(c.name()), List.of(type))));
                }
            }
        }
        if (!explicitlyBadContainers.isEmpty()) {
            badSetters.add(Wording.containers(explicitlyBadContainers));
        }
        if (badSetters.isEmpty()) {
            return CheckResult.allow();
        }
        return CheckResult.forbidden("seccompProfile",
                Seccomp.mustNotSet(String.join(" and ", badSetters), Wording.sortedSet(badValues)), fields);
    }
}
