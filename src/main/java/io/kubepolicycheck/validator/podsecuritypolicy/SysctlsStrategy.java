package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;
import java.util.List;

/**
 * {@code forbiddenSysctls} and {@code allowedUnsafeSysctls} (patterns: exact, or a prefix ending in {@code *}):
 * a forbidden sysctl is refused; a safe one is allowed; an unsafe one only if allowed.
 */
public record SysctlsStrategy(List<String> safe, List<String> allowedUnsafe, List<String> forbidden) {
    /** The kubelet's safe sysctls in the last releases that ran PodSecurityPolicy. */
    public static final List<String> PSP_SAFE = List.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start");

    public SysctlsStrategy {
        safe = List.copyOf(safe);
        allowedUnsafe = List.copyOf(allowedUnsafe);
        forbidden = List.copyOf(forbidden);
    }

    public void validate(EffectivePod pod, List<FieldError> out) {
        List<Node> sysctls = pod.sysctls();
        for (int i = 0; i < sysctls.size(); i++) {
            Node sysctl = sysctls.get(i);
            String name = sysctl.get("name").textOr("");
            String path = "pod.spec.securityContext.sysctls[" + i + "]";
            if (matches(forbidden, name)) {
                out.add(FieldError.forbidden(path, "sysctl " + GoValues.quote(name) + " is not allowed",
                        sysctl.get("name"), "forbiddenSysctls"));
            } else if (!safe.contains(name) && !matches(allowedUnsafe, name)) {
                out.add(FieldError.forbidden(path, "unsafe sysctl " + GoValues.quote(name) + " is not allowed",
                        sysctl.get("name"), "allowedUnsafeSysctls"));
            }
        }
    }

    static boolean matches(List<String> patterns, String name) {
        for (String p : patterns) {
            if (p.endsWith("*") ? name.startsWith(p.substring(0, p.length() - 1)) : name.equals(p)) {
                return true;
            }
        }
        return false;
    }
}
