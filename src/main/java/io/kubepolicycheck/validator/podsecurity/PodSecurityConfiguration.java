package io.kubepolicycheck.validator.podsecurity;

import java.util.List;

/**
 * The Pod Security admission plugin's configuration ({@code pod-security.admission.config.k8s.io/v1}
 * {@code PodSecurityConfiguration}): the enforce, audit and warn levels with their versions, and the exemptions.
 */
public record PodSecurityConfiguration(LevelVersion enforce, LevelVersion audit, LevelVersion warn,
                                       List<String> exemptUsernames, List<String> exemptNamespaces,
                                       List<String> exemptRuntimeClasses) {
    private static final LevelVersion PRIVILEGED = new LevelVersion(Level.PRIVILEGED, Version.LATEST);

    public PodSecurityConfiguration {
        exemptUsernames = List.copyOf(exemptUsernames);
        exemptNamespaces = List.copyOf(exemptNamespaces);
        exemptRuntimeClasses = List.copyOf(exemptRuntimeClasses);
    }

    /** Enforce one level; audit and warn nothing; no exemptions: what the built-in {@code pss-*} sets are. */
    public static PodSecurityConfiguration enforcing(LevelVersion enforce) {
        return new PodSecurityConfiguration(enforce, PRIVILEGED, PRIVILEGED, List.of(), List.of(), List.of());
    }
}
