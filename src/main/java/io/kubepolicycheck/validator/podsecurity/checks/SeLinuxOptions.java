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
import java.util.Set;

/**
 * Setting the SELinux type is restricted, and setting a custom SELinux user or role option is forbidden.
 * Restricted fields: {@code spec.securityContext.seLinuxOptions.{type,user,role}} and
 * {@code spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seLinuxOptions.{type,user,role}}.
 * Allowed values: type undefined/empty, {@code container_t}, {@code container_init_t}, {@code container_kvm_t},
 * and from v1.31 {@code container_engine_t}; user and role undefined/empty.
 */
public final class SeLinuxOptions implements PodSecurityCheck {
    private static final Set<String> ALLOWED_TYPES_1_0 = Set.of("", "container_t", "container_init_t", "container_kvm_t");
    private static final Set<String> ALLOWED_TYPES_1_31 =
            Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

    @Override
    public String id() {
        return "seLinuxOptions";
    }

    @Override
    public Level level() {
        return Level.BASELINE;
    }

    @Override
    public List<VersionedCheck> versions() {
        return List.of(
                new VersionedCheck(Version.of(1, 0), pod -> seLinuxOptions(pod, ALLOWED_TYPES_1_0)),
                new VersionedCheck(Version.of(1, 31), pod -> seLinuxOptions(pod, ALLOWED_TYPES_1_31)));
    }

    static CheckResult seLinuxOptions(PodTemplate pod, Set<String> allowedTypes) {
        Findings findings = new Findings(allowedTypes);
        List<String> badSetters = new ArrayList<>();
        Node podOptions = pod.podSecurityContext().get("seLinuxOptions");
        if (!podOptions.isNil() && !findings.valid(podOptions, "pod")) {
            badSetters.add("pod");
        }
        List<String> badContainers = new ArrayList<>();
        for (Container c : pod.containers()) {
            Node options = c.securityContext().get("seLinuxOptions");
            if (!options.isNil() && !findings.valid(options, Wording.container(c.name()))) {
                badContainers.add(c.name());
            }
        }
        if (!badContainers.isEmpty()) {
            badSetters.add(Wording.containers(badContainers));
        }
        if (badSetters.isEmpty()) {
            return CheckResult.allow();
        }
        List<String> badData = new ArrayList<>();
        List<String> badTypes = Wording.sortedSet(findings.badTypes);
        if (!badTypes.isEmpty()) {
            badData.add(Wording.pluralize("type", "types", badTypes.size()) + " " + Wording.joinQuote(badTypes));
        }
        if (findings.setUser) {
            badData.add("user may not be set");
        }
        if (findings.setRole) {
            badData.add("role may not be set");
        }
        return CheckResult.forbidden("seLinuxOptions", forbidden(String.join(" and ", badSetters), String.join("; ", badData)),
                findings.fields);
    }

    private static String forbidden(String setters, String data) {
        return setters + " set forbidden securityContext.seLinuxOptions: " + data;
    }

    /** What the visited seLinuxOptions set so far, as upstream's closure accumulates it. */
    private static final class Findings {
        private final Set<String> allowedTypes;
        private final List<String> badTypes = new ArrayList<>();
        private final List<FieldViolation> fields = new ArrayList<>();
        private boolean setUser;
        private boolean setRole;

        Findings(Set<String> allowedTypes) {
            this.allowedTypes = allowedTypes;
        }

        boolean valid(Node options, String setter) {
            boolean valid = true;
            Node type = options.get("type");
            if (!allowedTypes.contains(type.textOr(""))) {
                valid = false;
                badTypes.add(type.textOr(""));
                fields.add(new FieldViolation(type, forbidden(setter, "type " + Wording.joinQuote(List.of(type.textOr(""))))));
            }
            Node user = options.get("user");
            if (!user.textOr("").isEmpty()) {
                valid = false;
                setUser = true;
                fields.add(new FieldViolation(user, forbidden(setter, "user may not be set")));
            }
            Node role = options.get("role");
            if (!role.textOr("").isEmpty()) {
                valid = false;
                setRole = true;
                fields.add(new FieldViolation(role, forbidden(setter, "role may not be set")));
            }
            return valid;
        }
    }
}
