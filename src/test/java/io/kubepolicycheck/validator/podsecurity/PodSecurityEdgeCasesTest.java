package io.kubepolicycheck.validator.podsecurity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Corners of upstream's behaviour that the per-check fixtures do not show on their own. */
class PodSecurityEdgeCasesTest {
    private static CheckResult result(String checkId, Level level, Version version, String manifest) {
        return PodSecurityEvaluator.standard()
                .evaluate(PodSecurityTesting.pod(manifest), new LevelVersion(level, version)).stream()
                .filter(f -> f.checkId().equals(checkId)).findFirst()
                .orElseThrow(() -> new AssertionError(checkId + " did not run")).result();
    }

    @Test
    void seccompAnnotationsBeforeV119NameEachForbiddenAnnotationInOrder() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                  annotations:
                    seccomp.security.alpha.kubernetes.io/pod: unconfined
                    container.seccomp.security.alpha.kubernetes.io/app: ""
                    container.seccomp.security.alpha.kubernetes.io/ok: docker/default
                    container.seccomp.security.alpha.kubernetes.io/gone: unconfined
                spec:
                  containers:
                  - {name: app, image: nginx}
                  - {name: ok, image: nginx}
                """;
        CheckResult r = result("seccompProfile_baseline", Level.BASELINE, Version.of(1, 18), pod);
        assertEquals("seccompProfile", r.forbiddenReason());
        // Only annotations of containers that exist are read; an empty value is not an allowed profile.
        assertEquals("forbidden annotations container.seccomp.security.alpha.kubernetes.io/app=\"\", "
                + "seccomp.security.alpha.kubernetes.io/pod=\"unconfined\"", r.forbiddenDetail());
        assertEquals(List.of(6, 7), r.fields().stream().map(f -> f.node().anchor().line()).toList());
        assertTrue(result("seccompProfile_baseline", Level.BASELINE, Version.of(1, 19), pod).allowed());
    }

    @Test
    void aWholeYamlFloatIsTheIntegerTheApiServerReads() {
        // kubectl and the API server turn YAML into JSON, where 0.0 is written 0: an int64 field reads 0.
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  securityContext: {runAsUser: 0.0}
                  containers:
                  - name: app
                    image: nginx
                    ports: [{containerPort: 80, hostPort: 8.08e3}]
                """;
        CheckResult runAsUser = result("runAsUser", Level.RESTRICTED, Version.LATEST, pod);
        assertEquals("pod must not set runAsUser=0", runAsUser.forbiddenDetail());
        assertEquals("container \"app\" uses hostPort 8080", result("hostPorts", Level.BASELINE, Version.LATEST, pod)
                .forbiddenDetail());
    }

    @Test
    void windowsPodsSkipRestrictedCapabilitiesAndSeccompButNotTheirBaselineCounterparts() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  os: {name: windows}
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile: {type: Unconfined}
                  containers:
                  - name: app
                    image: nanoserver
                    securityContext:
                      capabilities:
                        add: [NET_RAW]
                """;
        // The restricted revisions replace the baseline checks, and exempt Windows pods: a quirk of upstream.
        assertTrue(PodSecurityTesting.judge("pss-restricted", pod).allowed());
        ResourceVerdict baseline = PodSecurityTesting.judge("pss-baseline", pod);
        assertEquals(List.of("capabilities_baseline", "seccompProfile_baseline"), PodSecurityTesting.deniedBy(baseline));
    }

    @Test
    void containerLevelFalseDeniesEvenWhenThePodSaysTrue() {
        CheckResult r = result("runAsNonRoot", Level.RESTRICTED, Version.LATEST, """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  securityContext: {runAsNonRoot: true}
                  containers:
                  - {name: app, image: nginx, securityContext: {runAsNonRoot: false}}
                  - {name: sidecar, image: nginx}
                """);
        assertEquals("container \"app\" must not set securityContext.runAsNonRoot=false", r.forbiddenDetail());
    }

    @Test
    void podLevelUnconfinedDeniesEvenWhenEveryContainerOverridesIt() {
        CheckResult r = result("seccompProfile_restricted", Level.RESTRICTED, Version.LATEST, """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  securityContext:
                    seccompProfile: {type: Unconfined}
                  containers:
                  - name: app
                    image: nginx
                    securityContext:
                      seccompProfile: {type: RuntimeDefault}
                """);
        assertEquals("pod must not set securityContext.seccompProfile.type to \"Unconfined\"", r.forbiddenDetail());
    }

    @Test
    void duplicateContainerNamesAndHostsAreListedOnceInProbeFindings() {
        CheckResult r = result("hostProbesAndHostLifecycle", Level.BASELINE, Version.LATEST, """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: app
                    image: nginx
                    livenessProbe: {httpGet: {host: example.com, port: 80}}
                    readinessProbe: {httpGet: {host: example.com, port: 80}}
                """);
        assertEquals("container \"app\" uses probe or lifecycle host \"example.com\"", r.forbiddenDetail());
        assertEquals(2, r.fields().size());
    }

    @Test
    void aVolumeWithOnlyUnknownOrNullSourcesIsDefaultedToEmptyDir() {
        CheckResult r = result("restrictedVolumes", Level.RESTRICTED, Version.LATEST, """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - {name: app, image: nginx}
                  volumes:
                  - name: a
                  - name: b
                    hostPath: null
                  - name: c
                    secret: {secretName: s}
                    nfs: {server: x, path: /}
                """);
        // A volume that also sets an allowed source is judged by it, as upstream's switch does.
        assertTrue(r.allowed(), r.forbiddenDetail());
    }

    @Test
    void jsonManifestsAreJudgedAndLocatedTheSame() {
        String json = """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                 "spec": {"containers": [{"name": "app", "image": "nginx",
                   "ports": [{"containerPort": 80, "hostPort": 8080}]}]}}
                """;
        ResourceVerdict verdict = PodSecurityTesting.judge("pss-baseline", json.getBytes(StandardCharsets.UTF_8));
        assertFalse(verdict.allowed());
        assertEquals(List.of(new Violation("PodSecurity/baseline:latest", "hostPorts",
                "spec.containers[0].ports[0].hostPort", 3, 36, "container \"app\" uses hostPort 8080")),
                verdict.violations());
    }
}
