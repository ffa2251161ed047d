package io.kubepolicycheck.validator.podsecurity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The registry: every upstream check with its level, revisions and overrides, and upstream's order of evaluation. */
class PodSecurityChecksTest {
    /** id -> level, minimum versions, overrides; read from policy/check_*.go of k8s.io/pod-security-admission. */
    private static final Map<String, String> UPSTREAM = new LinkedHashMap<>();

    static {
        UPSTREAM.put("appArmorProfile", "baseline 1.0");
        UPSTREAM.put("capabilities_baseline", "baseline 1.0");
        UPSTREAM.put("hostNamespaces", "baseline 1.0");
        UPSTREAM.put("hostPathVolumes", "baseline 1.0");
        UPSTREAM.put("hostPorts", "baseline 1.0");
        UPSTREAM.put("hostProbesAndHostLifecycle", "baseline 1.34");
        UPSTREAM.put("privileged", "baseline 1.0");
        UPSTREAM.put("procMount", "baseline 1.0,1.35");
        UPSTREAM.put("seLinuxOptions", "baseline 1.0,1.31");
        UPSTREAM.put("seccompProfile_baseline", "baseline 1.0,1.19");
        UPSTREAM.put("sysctls", "baseline 1.0,1.27,1.29,1.32,1.37");
        UPSTREAM.put("windowsHostProcess", "baseline 1.0");
        UPSTREAM.put("allowPrivilegeEscalation", "restricted 1.8,1.25");
        UPSTREAM.put("capabilities_restricted",
                "restricted 1.22[capabilities_baseline],1.25[capabilities_baseline]");
        UPSTREAM.put("procMount_restricted", "restricted 1.35[procMount]");
        UPSTREAM.put("restrictedVolumes", "restricted 1.0[hostPathVolumes]");
        UPSTREAM.put("runAsNonRoot", "restricted 1.0,1.35");
        UPSTREAM.put("runAsUser", "restricted 1.23,1.35");
        UPSTREAM.put("seccompProfile_restricted",
                "restricted 1.19[seccompProfile_baseline],1.25[seccompProfile_baseline]");
    }

    private static String describe(PodSecurityCheck check) {
        return check.level().label() + " " + check.versions().stream()
                .map(v -> v.minimumVersion().major() + "." + v.minimumVersion().minor()
                        + (v.overrides().isEmpty() ? "" : v.overrides().toString().replace(" ", "")))
                .collect(Collectors.joining(","));
    }

    @Test
    void everyUpstreamCheckIsRegisteredAsUpstreamDeclaresIt() {
        Map<String, String> registered = new LinkedHashMap<>();
        for (PodSecurityCheck check : PodSecurityChecks.all()) {
            registered.put(check.id(), describe(check));
        }
        assertEquals(UPSTREAM, registered);
    }

    @Test
    void registryRulesOfUpstreamHold() {
        Map<String, Level> levels = PodSecurityChecks.all().stream()
                .collect(Collectors.toMap(PodSecurityCheck::id, PodSecurityCheck::level));
        for (PodSecurityCheck check : PodSecurityChecks.all()) {
            List<VersionedCheck> versions = check.versions();
            for (int i = 1; i < versions.size(); i++) {
                assertTrue(versions.get(i - 1).minimumVersion().compareTo(versions.get(i).minimumVersion()) < 0,
                        check.id() + ": versions must be strictly increasing");
            }
            for (VersionedCheck v : versions) {
                for (String overridden : v.overrides()) {
                    assertEquals(Level.RESTRICTED, check.level(), check.id() + ": only restricted checks override");
                    assertEquals(Level.BASELINE, levels.get(overridden), check.id() + " overrides " + overridden);
                }
            }
        }
    }

    @Test
    void checksRunBaselineFirstThenRestrictedEachByIdWithOverriddenOnesLeftOut() {
        var pod = PodSecurityTesting.pod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - {name: app, image: nginx}
                """);
        List<String> restricted = PodSecurityEvaluator.standard()
                .evaluate(pod, new LevelVersion(Level.RESTRICTED, Version.LATEST)).stream()
                .map(CheckFinding::checkId).toList();
        assertEquals(List.of("appArmorProfile", "hostNamespaces", "hostPorts", "hostProbesAndHostLifecycle",
                "privileged", "seLinuxOptions", "sysctls", "windowsHostProcess",
                "allowPrivilegeEscalation", "capabilities_restricted", "procMount_restricted", "restrictedVolumes",
                "runAsNonRoot", "runAsUser", "seccompProfile_restricted"), restricted);

        List<String> restrictedV118 = PodSecurityEvaluator.standard()
                .evaluate(pod, new LevelVersion(Level.RESTRICTED, Version.of(1, 18))).stream()
                .map(CheckFinding::checkId).toList();
        assertEquals(List.of("appArmorProfile", "capabilities_baseline", "hostNamespaces", "hostPorts", "privileged",
                "procMount", "seLinuxOptions", "seccompProfile_baseline", "sysctls", "windowsHostProcess",
                "allowPrivilegeEscalation", "restrictedVolumes", "runAsNonRoot"), restrictedV118);

        Set<String> baseline = PodSecurityEvaluator.standard()
                .evaluate(pod, new LevelVersion(Level.BASELINE, Version.LATEST)).stream()
                .map(CheckFinding::checkId).collect(Collectors.toSet());
        assertEquals(12, baseline.size());
        assertEquals(List.of(), PodSecurityEvaluator.standard()
                .evaluate(pod, new LevelVersion(Level.PRIVILEGED, Version.LATEST)));
    }
}
