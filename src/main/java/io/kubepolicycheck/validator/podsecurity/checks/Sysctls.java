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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sysctls can disable security mechanisms or affect all containers on a host, and are disallowed except for
 * a "safe" subset: namespaced in the container or the pod, and isolated from other pods on the node.
 * Restricted fields: {@code spec.securityContext.sysctls[*].name}.
 * Allowed values: v1.0 {@code kernel.shm_rmid_forced}, {@code net.ipv4.ip_local_port_range},
 * {@code net.ipv4.tcp_syncookies}, {@code net.ipv4.ping_group_range}, {@code net.ipv4.ip_unprivileged_port_start};
 * from v1.27 also {@code net.ipv4.ip_local_reserved_ports}; from v1.29 also {@code net.ipv4.tcp_keepalive_time},
 * {@code net.ipv4.tcp_fin_timeout}, {@code net.ipv4.tcp_keepalive_intvl}, {@code net.ipv4.tcp_keepalive_probes};
 * from v1.32 also {@code net.ipv4.tcp_rmem}, {@code net.ipv4.tcp_wmem}; from v1.37 also
 * {@code net.ipv4.tcp_slow_start_after_idle}, {@code net.ipv4.tcp_notsent_lowat}.
 */
public final class Sysctls implements PodSecurityCheck {
    private static final Set<String> ALLOWED_1_0 = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start");
    private static final Set<String> ALLOWED_1_27 = union(ALLOWED_1_0, "net.ipv4.ip_local_reserved_ports");
    private static final Set<String> ALLOWED_1_29 = union(ALLOWED_1_27, "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    private static final Set<String> ALLOWED_1_32 = union(ALLOWED_1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem");
    private static final Set<String> ALLOWED_1_37 = union(ALLOWED_1_32, "net.ipv4.tcp_slow_start_after_idle",
            "net.ipv4.tcp_notsent_lowat");

    @Override
    public String id() {
        return "sysctls";
    }

    @Override
    public Level level() {
        return Level.BASELINE;
    }

    @Override
    public List<VersionedCheck> versions() {
        return List.of(
                new VersionedCheck(Version.of(1, 0), pod -> sysctls(pod, ALLOWED_1_0)),
                new VersionedCheck(Version.of(1, 27), pod -> sysctls(pod, ALLOWED_1_27)),
                new VersionedCheck(Version.of(1, 29), pod -> sysctls(pod, ALLOWED_1_29)),
                new VersionedCheck(Version.of(1, 32), pod -> sysctls(pod, ALLOWED_1_32)),
                new VersionedCheck(Version.of(1, 37), pod -> sysctls(pod, ALLOWED_1_37)));
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    static CheckResult sysctls(PodTemplate pod, Set<String> allowed) {
        List<String> forbiddenSysctls = new ArrayList<>();
        List<FieldViolation> fields = new ArrayList<>();
        for (Node sysctl : pod.podSecurityContext().get("sysctls").elements()) {
            Node name = sysctl.get("name");
            if (!allowed.contains(name.textOr(""))) {
                forbiddenSysctls.add(name.textOr(""));
                fields.add(new FieldViolation(name.isMissing() ? sysctl : name, name.textOr("")));
            }
        }
        if (forbiddenSysctls.isEmpty()) {
            return CheckResult.allow();
        }
        return CheckResult.forbidden("forbidden sysctls", String.join(", ", forbiddenSysctls), fields);
    }
}
