package io.kubepolicycheck.validator.securitycontextconstraints;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * OpenShift's order of SCCs: higher priority first; at equal priority the more restrictive first (fewer
 * points: privileged, host ports, host network, host volumes, non-trivial volumes, then the runAs strategies
 * of user and SELinux, then capabilities weigh in that order); then by name.
 */
final class Restrictiveness {
    static final Comparator<SecurityContextConstraints> ORDER = Comparator
            .comparingInt((SecurityContextConstraints s) -> -s.priorityOrZero())
            .thenComparingLong(Restrictiveness::points)
            .thenComparing(SecurityContextConstraints::name);

    private Restrictiveness() {
    }

    static long points(SecurityContextConstraints scc) {
        long total = 0;
        if (scc.allowPrivilegedContainer()) {
            total += 1_600_000;
        }
        total += volumePoints(scc.volumes());
        if (scc.allowHostNetwork()) {
            total += 400_000;
        }
        if (scc.allowHostPorts()) {
            total += 800_000;
        }
        total += capabilityPoints(scc);
        total += strategyPoints(scc.seLinuxType());
        total += strategyPoints(scc.runAsUserType());
        return total;
    }

    private static long volumePoints(List<String> volumes) {
        boolean nonTrivial = false;
        for (String v : volumes) {
            switch (v) {
                case "hostPath", "*" -> {
                    return 200_000;
                }
                case "secret", "configMap", "emptyDir", "downwardAPI", "projected", "none" -> {
                    // trivial
                }
                default -> nonTrivial = true;
            }
        }
        return nonTrivial ? 100_000 : 0;
    }

    private static long strategyPoints(String type) {
        return switch (type) {
            case SecurityContextConstraints.RUN_AS_ANY -> 40_000;
            case SecurityContextConstraints.MUST_RUN_AS_NON_ROOT -> 30_000;
            case SecurityContextConstraints.MUST_RUN_AS_RANGE -> 20_000;
            case SecurityContextConstraints.MUST_RUN_AS -> 10_000;
            default -> 0;
        };
    }

    private static long capabilityPoints(SecurityContextConstraints scc) {
        long points = 5000 + 300L * scc.defaultAddCapabilities().size();
        if (has(scc.allowedCapabilities(), "*") || has(scc.allowedCapabilities(), "ALL")) {
            points += 4000;
        } else {
            points += 10L * scc.allowedCapabilities().size();
        }
        if (has(scc.requiredDropCapabilities(), "ALL")) {
            points -= 3000;
        } else {
            points -= 50L * scc.requiredDropCapabilities().size();
        }
        return Math.max(0, Math.min(9999, points));
    }

    private static boolean has(List<String> caps, String cap) {
        return caps.stream().anyMatch(c -> c.toUpperCase(Locale.ROOT).equals(cap));
    }
}
