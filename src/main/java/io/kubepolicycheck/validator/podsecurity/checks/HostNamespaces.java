package io.kubepolicycheck.validator.podsecurity.checks;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.podsecurity.CheckResult;
import io.kubepolicycheck.validator.podsecurity.FieldViolation;
import io.kubepolicycheck.validator.podsecurity.Level;
import io.kubepolicycheck.validator.podsecurity.PodSecurityCheck;
import io.kubepolicycheck.validator.podsecurity.Version;
import io.kubepolicycheck.validator.podsecurity.VersionedCheck;
import io.kubepolicycheck.validator.workload.PodTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * Sharing the host network, PID, and IPC namespaces must be disallowed.
 * Restricted fields: {@code spec.hostNetwork}, {@code spec.hostPID}, {@code spec.hostIPC}.
 * Allowed values: undefined, false.
 */
public final class HostNamespaces implements PodSecurityCheck {
    private static final List<String> FIELDS = List.of("hostNetwork", "hostPID", "hostIPC");

    @Override
    public String id() {
        return "hostNamespaces";
    }

    @Override
    public Level level() {
        return Level.BASELINE;
    }

    @Override
    public List<VersionedCheck> versions() {
        return List.of(new VersionedCheck(Version.of(1, 0), HostNamespaces::hostNamespaces1_0));
    }

    static CheckResult hostNamespaces1_0(PodTemplate pod) {
        List<String> hostNamespaces = new ArrayList<>();
        List<FieldViolation> fields = new ArrayList<>();
        for (String field : FIELDS) {
            Node value = pod.spec().get(field);
            if (value.isTrue()) {
                hostNamespaces.add(field + "=true");
                fields.add(new FieldViolation(value, field + "=true"));
            }
        }
        if (hostNamespaces.isEmpty()) {
            return CheckResult.allow();
        }
        return CheckResult.forbidden("host namespaces", String.join(", ", hostNamespaces), fields);
    }
}
