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
 * Containers must drop ALL capabilities, and may only add back NET_BIND_SERVICE. From v1.22, replacing
 * {@code capabilities_baseline} at restricted; from v1.25 pods with {@code spec.os.name: windows} are exempt.
 * Restricted fields: {@code spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.drop}
 * (must include {@code ALL}) and {@code ...capabilities.add} (undefined/empty or {@code NET_BIND_SERVICE}).
 */
public final class CapabilitiesRestricted implements PodSecurityCheck {
    private static final String CAPABILITY_ALL = "ALL";
    private static final String CAPABILITY_NET_BIND_SERVICE = "NET_BIND_SERVICE";

    @Override
    public String id() {
        return "capabilities_restricted";
    }

    @Override
    public Level level() {
        return Level.RESTRICTED;
    }

    @Override
    public List<VersionedCheck> versions() {
        List<String> overrides = List.of(CapabilitiesBaseline.ID);
        return List.of(
                new VersionedCheck(Version.of(1, 22), CapabilitiesRestricted::capabilitiesRestricted1_22, overrides),
                new VersionedCheck(Version.of(1, 25), CapabilitiesRestricted::capabilitiesRestricted1_25, overrides));
    }

    static CheckResult capabilitiesRestricted1_22(PodTemplate pod) {
        List<String> containersMissingDropAll = new ArrayList<>();
        List<String> containersAddingForbidden = new ArrayList<>();
        List<String> forbiddenCapabilities = new ArrayList<>();
        List<FieldViolation> dropFields = new ArrayList<>();
        List<FieldViolation> addFields = new ArrayList<>();
        for (Container c : pod.containers()) {
            Node capabilities = c.securityContext().get("capabilities");
            Node drop = capabilities.get("drop");
            boolean droppedAll = false;
            for (Node d : drop.elements()) {
                droppedAll |= CAPABILITY_ALL.equals(d.asText());
            }
            if (!droppedAll) {
                containersMissingDropAll.add(c.name());
                dropFields.add(new FieldViolation(drop, mustDropAll(Wording.container(c.name()))));
            }
            boolean addedForbidden = false;
            for (Node add : capabilities.get("add").elements()) {
                String name = add.textOr("");
                if (!CAPABILITY_NET_BIND_SERVICE.equals(name)) {
                    addedForbidden = true;
                    forbiddenCapabilities.add(name);
                    addFields.add(new FieldViolation(add, mustNotAdd(Wording.container(c.name()), List.of(name))));
                }
            }
            if (addedForbidden) {
                containersAddingForbidden.add(c.name());
            }
        }
        List<String> forbiddenDetails = new ArrayList<>();
        if (!containersMissingDropAll.isEmpty()) {
            forbiddenDetails.add(mustDropAll(Wording.containers(containersMissingDropAll)));
        }
        if (!containersAddingForbidden.isEmpty()) {
            forbiddenDetails.add(mustNotAdd(Wording.containers(containersAddingForbidden),
                    Wording.sortedSet(forbiddenCapabilities)));
        }
        if (forbiddenDetails.isEmpty()) {
            return CheckResult.allow();
        }
        List<FieldViolation> fields = new ArrayList<>(dropFields);
        fields.addAll(addFields);
        return CheckResult.forbidden("unrestricted capabilities", String.join("; ", forbiddenDetails), fields);
    }

    static CheckResult capabilitiesRestricted1_25(PodTemplate pod) {
        return pod.isWindows() ? CheckResult.allow() : capabilitiesRestricted1_22(pod);
    }

    private static String mustDropAll(String containers) {
        return containers + " must set securityContext.capabilities.drop=[\"ALL\"]";
    }

    private static String mustNotAdd(String containers, List<String> capabilities) {
        return containers + " must not include " + Wording.joinQuote(capabilities) + " in securityContext.capabilities.add";
    }
}
