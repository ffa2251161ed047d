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
 * Adding NET_RAW or capabilities beyond the default set must be disallowed.
 * Restricted fields: {@code spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.add}.
 * Allowed values: undefined/empty, or names from the default set AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER,
 * FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT (exact spelling).
 */
public final class CapabilitiesBaseline implements PodSecurityCheck {
    static final String ID = "capabilities_baseline";
    private static final Set<String> ALLOWED_1_0 = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
            "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

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
        return List.of(new VersionedCheck(Version.of(1, 0), CapabilitiesBaseline::capabilitiesBaseline1_0));
    }

    static CheckResult capabilitiesBaseline1_0(PodTemplate pod) {
        List<String> badContainers = new ArrayList<>();
        List<String> nonDefaultCapabilities = new ArrayList<>();
        List<FieldViolation> fields = new ArrayList<>();
        for (Container c : pod.containers()) {
            boolean valid = true;
            for (Node capability : c.securityContext().get("capabilities").get("add").elements()) {
                String name = capability.textOr("");
                if (!ALLOWED_1_0.contains(name)) {
                    valid = false;
                    nonDefaultCapabilities.add(name);
                    fields.add(new FieldViolation(capability, Wording.container(c.name()) + " must not include "
                            + Wording.joinQuote(List.of(name)) + " in securityContext.capabilities.add"));
                }
            }
            if (!valid) {
                badContainers.add(c.name());
            }
        }
        if (badContainers.isEmpty()) {
            return CheckResult.allow();
        }
        return CheckResult.forbidden("non-default capabilities", Wording.containers(badContainers) + " must not include "
                + Wording.joinQuote(Wording.sortedSet(nonDefaultCapabilities)) + " in securityContext.capabilities.add",
                fields);
    }
}
