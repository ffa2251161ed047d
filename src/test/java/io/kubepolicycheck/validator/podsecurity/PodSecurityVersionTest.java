package io.kubepolicycheck.validator.podsecurity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pods whose verdict changes between two policy versions, judged with the built-in {@code pss-<level>-v1.N} sets
 * on both sides of the change: the revision boundaries ({@code MinimumVersion}) and overrides of upstream.
 */
class PodSecurityVersionTest {
    /** A pod that every restricted check admits; cases change one thing in it. */
    private static final String RESTRICTED_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              securityContext:
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault
              containers:
              - name: app
                image: nginx
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities:
                    drop: ["ALL"]
            """;

    private static final String UNMASKED_IN_USER_NAMESPACE = RESTRICTED_POD
            .replace("spec:\n", "spec:\n  hostUsers: false\n")
            .replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: false\n      procMount: Unmasked");

    /**
     * {@code manifest} is admitted at {@code level} and {@code allowedAt} (when given), denied at {@code deniedAt}
     * by exactly {@code deniedBy}.
     */
    record Case(String name, String level, String manifest, String allowedAt, String deniedAt, List<String> deniedBy) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("hostProbesAndHostLifecycle exists from v1.34", "baseline", """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: p}
                        spec:
                          containers:
                          - name: app
                            image: nginx
                            livenessProbe:
                              httpGet: {host: 10.0.0.1, port: 80}
                        """, "v1.33", "v1.34", List.of("hostProbesAndHostLifecycle")),
                new Case("sysctl net.ipv4.tcp_notsent_lowat is safe from v1.37", "baseline",
                        sysctl("net.ipv4.tcp_notsent_lowat"), "v1.37", "v1.36", List.of("sysctls")),
                new Case("sysctl net.ipv4.tcp_rmem is safe from v1.32", "baseline",
                        sysctl("net.ipv4.tcp_rmem"), "v1.32", "v1.31", List.of("sysctls")),
                new Case("sysctl net.ipv4.tcp_keepalive_time is safe from v1.29", "baseline",
                        sysctl("net.ipv4.tcp_keepalive_time"), "v1.29", "v1.28", List.of("sysctls")),
                new Case("sysctl net.ipv4.ip_local_reserved_ports is safe from v1.27", "baseline",
                        sysctl("net.ipv4.ip_local_reserved_ports"), "v1.27", "v1.26", List.of("sysctls")),
                new Case("procMount Unmasked with hostUsers false: baseline relaxes from v1.35", "baseline", """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: p}
                        spec:
                          hostUsers: false
                          containers:
                          - name: app
                            image: nginx
                            securityContext: {procMount: Unmasked}
                        """, "v1.35", "v1.34", List.of("procMount")),
                new Case("procMount Unmasked with hostUsers false at restricted v1.34: procMount", "restricted",
                        UNMASKED_IN_USER_NAMESPACE, null, "v1.34", List.of("procMount")),
                new Case("procMount Unmasked with hostUsers false at restricted v1.35: procMount_restricted "
                        + "replaces procMount and keeps denying", "restricted",
                        UNMASKED_IN_USER_NAMESPACE, null, "v1.35", List.of("procMount_restricted")),
                new Case("runAsNonRoot unset with hostUsers false: allowed from v1.35", "restricted",
                        RESTRICTED_POD.replace("spec:\n", "spec:\n  hostUsers: false\n")
                                .replace("    runAsNonRoot: true\n", ""),
                        "v1.35", "v1.34", List.of("runAsNonRoot")),
                new Case("runAsUser 0 with hostUsers false: allowed from v1.35", "restricted",
                        RESTRICTED_POD.replace("spec:\n", "spec:\n  hostUsers: false\n")
                                .replace("runAsNonRoot: true", "runAsNonRoot: true\n    runAsUser: 0"),
                        "v1.35", "v1.34", List.of("runAsUser")),
                new Case("runAsUser 0 is checked from v1.23", "restricted",
                        RESTRICTED_POD.replace("runAsNonRoot: true", "runAsNonRoot: true\n    runAsUser: 0"),
                        "v1.22", "v1.23", List.of("runAsUser")),
                new Case("allowPrivilegeEscalation is required from v1.8", "restricted",
                        RESTRICTED_POD.replace("      allowPrivilegeEscalation: false\n", ""),
                        "v1.7", "v1.8", List.of("allowPrivilegeEscalation")),
                new Case("drop ALL is required from v1.22", "restricted",
                        RESTRICTED_POD.replace("drop: [\"ALL\"]", "drop: []"),
                        "v1.21", "v1.22", List.of("capabilities_restricted")),
                new Case("adding SYS_ADMIN: capabilities_baseline before v1.22, capabilities_restricted from v1.22",
                        "restricted", RESTRICTED_POD.replace("drop: [\"ALL\"]", "drop: [\"ALL\"]\n        add: [SYS_ADMIN]"),
                        null, "v1.21", List.of("capabilities_baseline")),
                new Case("adding SYS_ADMIN at v1.22", "restricted",
                        RESTRICTED_POD.replace("drop: [\"ALL\"]", "drop: [\"ALL\"]\n        add: [SYS_ADMIN]"),
                        null, "v1.22", List.of("capabilities_restricted")),
                new Case("seccomp annotations are read up to v1.18", "baseline", """
                        apiVersion: v1
                        kind: Pod
                        metadata:
                          name: p
                          annotations:
                            seccomp.security.alpha.kubernetes.io/pod: unconfined
                        spec:
                          containers:
                          - {name: app, image: nginx}
                        """, "v1.19", "v1.18", List.of("seccompProfile_baseline")),
                new Case("seccomp fields are read from v1.19", "baseline", """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: p}
                        spec:
                          securityContext:
                            seccompProfile: {type: Unconfined}
                          containers:
                          - {name: app, image: nginx}
                        """, "v1.18", "v1.19", List.of("seccompProfile_baseline")),
                new Case("a seccomp profile is required at restricted from v1.19", "restricted",
                        RESTRICTED_POD.replace("    seccompProfile:\n      type: RuntimeDefault\n", ""),
                        "v1.18", "v1.19", List.of("seccompProfile_restricted")),
                new Case("Windows pods are exempt from allowPrivilegeEscalation, capabilities and seccomp from v1.25",
                        "restricted", """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: p}
                        spec:
                          os: {name: windows}
                          securityContext: {runAsNonRoot: true}
                          containers:
                          - {name: app, image: nginx}
                        """, "v1.25", "v1.24",
                        List.of("allowPrivilegeEscalation", "capabilities_restricted", "seccompProfile_restricted")),
                new Case("SELinux type container_engine_t is allowed from v1.31", "baseline", """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: p}
                        spec:
                          securityContext:
                            seLinuxOptions: {type: container_engine_t}
                          containers:
                          - {name: app, image: nginx}
                        """, "v1.31", "v1.30", List.of("seLinuxOptions")));
    }

    private static String sysctl(String name) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  securityContext:
                    sysctls:
                    - {name: %s, value: "1"}
                  containers:
                  - {name: app, image: nginx}
                """.formatted(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdictChangesWithTheVersion(Case c) {
        if (c.allowedAt() != null) {
            ResourceVerdict allowed = PodSecurityTesting.judge("pss-" + c.level() + "-" + c.allowedAt(), c.manifest());
            assertTrue(allowed.allowed(), () -> c.allowedAt() + ": " + allowed.message());
        }
        ResourceVerdict denied = PodSecurityTesting.judge("pss-" + c.level() + "-" + c.deniedAt(), c.manifest());
        assertFalse(denied.allowed(), c.deniedAt());
        assertEquals(c.deniedBy(), PodSecurityTesting.deniedBy(denied), denied.message());
        assertTrue(denied.message().startsWith("would violate PodSecurity \"" + c.level() + ":" + c.deniedAt() + "\": "),
                denied.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aVersionAfterTheNewestRevisionIsJudgedAsLatest(Case c) {
        ResourceVerdict latest = PodSecurityTesting.judge("pss-" + c.level(), c.manifest());
        ResourceVerdict future = PodSecurityTesting.judge("pss-" + c.level() + "-v1.99", c.manifest());
        assertEquals(latest.allowed(), future.allowed());
        assertEquals(PodSecurityTesting.deniedBy(latest), PodSecurityTesting.deniedBy(future));
    }
    /** As upstream's {@code ^v1\.([0-9]|[1-9][0-9]*)$}: no leading zero, no other major version. */
    @ParameterizedTest
    @ValueSource(strings = {"v1.08", "v1.00", "v1.022", "V1.22", "1.22", "v2.0", "v1.", "Latest"})
    void aVersionUpstreamCannotParseIsRefused(String version) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Version.parse(version));
        assertEquals("invalid Pod Security version \"" + version + "\" (expected latest or v1.N)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.0", "v1.8", "v1.22", "v1.99"})
    void upstreamVersionsParse(String version) {
        assertEquals(version, Version.parse(version).toString());
    }
}
