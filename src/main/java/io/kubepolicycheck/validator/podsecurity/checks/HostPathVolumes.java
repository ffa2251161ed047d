package io.kubepolicycheck.validator.podsecurity.checks;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.podsecurity.CheckResult;
import io.kubepolicycheck.validator.podsecurity.FieldViolation;
import io.kubepolicycheck.validator.podsecurity.Level;
import io.kubepolicycheck.validator.podsecurity.PodSecurityCheck;
import io.kubepolicycheck.validator.podsecurity.Version;
import io.kubepolicycheck.validator.podsecurity.VersionedCheck;
import io.kubepolicycheck.validator.podsecurity.Wording;
import io.kubepolicycheck.validator.workload.PodTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * HostPath volumes must be forbidden.
 * Restricted fields: {@code spec.volumes[*].hostPath}.
 * Allowed values: undefined/null.
 */
public final class HostPathVolumes implements PodSecurityCheck {
    static final String ID = "hostPathVolumes";

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
        return List.of(new VersionedCheck(Version.of(1, 0), HostPathVolumes::hostPathVolumes1_0));
    }

    static CheckResult hostPathVolumes1_0(PodTemplate pod) {
        List<String> hostVolumes = new ArrayList<>();
        List<FieldViolation> fields = new ArrayList<>();
        for (Node volume : pod.volumes()) {
            Node hostPath = volume.get("hostPath");
            if (!hostPath.isNil()) {
                String name = volume.get("name").textOr("");
                hostVolumes.add(name);
                fields.add(new FieldViolation(hostPath, "volume " + Wording.joinQuote(List.of(name))));
            }
        }
        if (hostVolumes.isEmpty()) {
            return CheckResult.allow();
        }
        return CheckResult.forbidden("hostPath volumes",
                Wording.pluralize("volume", "volumes", hostVolumes.size()) + " " + Wording.joinQuote(hostVolumes), fields);
    }
}
