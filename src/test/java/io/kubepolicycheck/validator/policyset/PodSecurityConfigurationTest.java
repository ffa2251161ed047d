package io.kubepolicycheck.validator.policyset;

import static io.kubepolicycheck.validator.policyset.TestSets.as;
import static io.kubepolicycheck.validator.policyset.TestSets.judge;
import static io.kubepolicycheck.validator.policyset.TestSets.load;
import static io.kubepolicycheck.validator.policyset.TestSets.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A PodSecurityConfiguration in a set: its defaults per mode and its exemptions. */
class PodSecurityConfigurationTest {
    static final PolicySet SET = load("""
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults:
              enforce: baseline
              enforce-version: latest
              audit: baseline
              audit-version: v1.30
              warn: baseline
              warn-version: latest
            exemptions:
              usernames: [system:serviceaccount:ci:deployer]
              namespaces: [kube-system]
              runtimeClasses: [kata]
            """);

    static String privileged(String namespace, String runtimeClass) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: p, namespace: %s}
                spec:
                  %s
                  containers:
                  - name: app
                    image: app
                    securityContext: {privileged: true}
                """.formatted(namespace, runtimeClass == null ? "" : "runtimeClassName: " + runtimeClass);
    }

    @Test
    void theSummaryListsTheExemptionsInTheirFieldOrderEveryTime() {
        Map<?, ?> exemptions = (Map<?, ?>) SET.policies().get(0).summary().settings().get("exemptions");
        assertEquals(List.of("usernames", "namespaces", "runtimeClasses"), List.copyOf(exemptions.keySet()));
        assertEquals(List.of("kata"), exemptions.get("runtimeClasses"));
    }

    @Test
    void enforceAuditAndWarnApplyOutsideTheExemptions() {
        ResourceVerdict v = judge(SET, privileged("apps", null), as(null, "jane"));
        assertFalse(v.allowed());
        String detail = "privileged (container \"app\" must not set securityContext.privileged=true)";
        assertEquals("would violate PodSecurity \"baseline:latest\": " + detail, v.message());
        // Upstream adds no warnings to a request it already rejects.
        assertEquals(List.of(), v.warnings());
        assertEquals("would violate PodSecurity \"baseline:v1.30\": " + detail,
                v.auditAnnotations().get("pod-security.kubernetes.io/audit-violations"));
    }

    @Test
    void anExemptNamespaceIsNotChecked() {
        ResourceVerdict v = judge(SET, privileged("kube-system", null), as(null, "jane"));
        assertTrue(v.allowed());
        assertEquals(Map.of("pod-security.kubernetes.io/exempt", "namespace"), v.auditAnnotations());
    }

    @Test
    void anExemptUserIsNotChecked() {
        ResourceVerdict v = judge(SET, privileged("apps", null), as(null, "system:serviceaccount:ci:deployer"));
        assertTrue(v.allowed());
        assertEquals(Map.of("pod-security.kubernetes.io/exempt", "user"), v.auditAnnotations());
    }

    @Test
    void aWorkloadsPodsAreRequestedByItsControllerAndTheWorkloadItselfByTheRequestingUser() {
        PolicySet set = load("""
                apiVersion: pod-security.admission.config.k8s.io/v1
                kind: PodSecurityConfiguration
                defaults: {enforce: baseline}
                exemptions:
                  usernames: [jane, "system:serviceaccount:kube-system:statefulset-controller"]
                """);
        String job = """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: j, namespace: apps}
                spec:
                  template:
                    spec:
                      containers:
                      - name: app
                        image: app
                        securityContext: {privileged: true}
                """;
        AdmissionAttributes jane = as(null, "jane");
        AdmissionAttributes janesRequest = new AdmissionAttributes(jane.namespace(), jane.operation(), jane.userInfo(),
                AdmissionAttributes.Workloads.AS_REQUESTS);

        assertFalse(judge(set, job, jane).allowed());
        ResourceVerdict request = judge(set, job, janesRequest);
        assertTrue(request.allowed());
        assertEquals(Map.of("pod-security.kubernetes.io/exempt", "user"), request.auditAnnotations());

        ResourceVerdict statefulSet = judge(set, job.replace("batch/v1", "apps/v1").replace("kind: Job",
                "kind: StatefulSet"), as(null, "bob"));
        assertTrue(statefulSet.allowed());
        assertEquals(Map.of("pod-security.kubernetes.io/exempt", "user"), statefulSet.auditAnnotations());
    }

    @Test
    void anExemptRuntimeClassIsNotChecked() {
        ResourceVerdict v = judge(SET, privileged("apps", "kata"), AdmissionAttributes.DEFAULT);
        assertTrue(v.allowed());
        assertEquals(Map.of("pod-security.kubernetes.io/exempt", "runtimeClass"), v.auditAnnotations());
        assertFalse(judge(SET, privileged("apps", "gvisor"), AdmissionAttributes.DEFAULT).allowed());
    }

    @Test
    void theAdmissionConfigurationFileOfTheDocumentationIsRead() {
        PolicySet set = load("""
                apiVersion: apiserver.config.k8s.io/v1
                kind: AdmissionConfiguration
                plugins:
                - name: EventRateLimit
                  path: eventconfig.yaml
                - name: PodSecurity
                  configuration:
                    apiVersion: pod-security.admission.config.k8s.io/v1
                    kind: PodSecurityConfiguration
                    defaults:
                      enforce: baseline
                      enforce-version: latest
                    exemptions:
                      namespaces: [kube-system]
                """);
        assertFalse(judge(set, privileged("apps", null), as(null, "jane")).allowed());
        assertTrue(judge(set, privileged("kube-system", null), as(null, "jane")).allowed());
    }

    @Test
    void aPodSecurityPluginConfiguredByPathIsRefused() {
        InvalidPolicySetException e = refusal("""
                apiVersion: apiserver.config.k8s.io/v1
                kind: AdmissionConfiguration
                plugins:
                - name: PodSecurity
                  path: podsecurity.yaml
                """);
        assertEquals(4, e.line());
        assertEquals("the PodSecurity plugin's configuration must be embedded (configuration:), not kept in a separate "
                + "file (path:)", e.getMessage());
    }

    @Test
    void aMisspeltExemptionIsRefused() {
        InvalidPolicySetException e = refusal("""
                apiVersion: pod-security.admission.config.k8s.io/v1
                kind: PodSecurityConfiguration
                defaults: {enforce: restricted}
                exemptions:
                  username: [admin]
                """);
        assertEquals(5, e.line());
        assertEquals("unknown field \"username\" in PodSecurityConfiguration", e.getMessage());
    }
}
