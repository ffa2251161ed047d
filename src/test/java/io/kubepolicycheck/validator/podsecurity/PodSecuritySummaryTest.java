package io.kubepolicycheck.validator.podsecurity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.PolicyDecision;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole message for a pod that breaks many checks at once, in upstream's order and wording. */
class PodSecuritySummaryTest {
    private static final String MULTI = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: multi
            spec:
              hostNetwork: true
              containers:
              - name: app
                image: nginx
                ports:
                - containerPort: 80
                  hostPort: 80
                securityContext:
                  privileged: true
                  runAsUser: 0
                  capabilities:
                    add: [NET_ADMIN]
              volumes:
              - name: root
                hostPath:
                  path: /
            """;

    @Test
    void restrictedSummaryIsUpstreamsMessage() {
        ResourceVerdict verdict = PodSecurityTesting.judge("pss-restricted", MULTI);
        assertFalse(verdict.allowed());
        assertEquals("would violate PodSecurity \"restricted:latest\": "
                + "host namespaces (hostNetwork=true), "
                + "hostPort (container \"app\" uses hostPort 80), "
                + "privileged (container \"app\" must not set securityContext.privileged=true), "
                + "allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false), "
                + "unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]; "
                + "container \"app\" must not include \"NET_ADMIN\" in securityContext.capabilities.add), "
                + "restricted volume types (volume \"root\" uses restricted volume type \"hostPath\"), "
                + "runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true), "
                + "runAsUser=0 (container \"app\" must not set runAsUser=0), "
                + "seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
                verdict.message());
        assertEquals(List.of("hostNamespaces", "hostPorts", "privileged", "allowPrivilegeEscalation",
                "capabilities_restricted", "restrictedVolumes", "runAsNonRoot", "runAsUser", "seccompProfile_restricted"),
                PodSecurityTesting.deniedBy(verdict));
        assertTrue(verdict.violations().stream().allMatch(v -> v.policy().equals("PodSecurity/restricted:latest")));
    }

    @Test
    void baselineSummaryKeepsTheBaselineChecks() {
        ResourceVerdict verdict = PodSecurityTesting.judge("pss-baseline", MULTI);
        assertEquals("would violate PodSecurity \"baseline:latest\": "
                + "non-default capabilities (container \"app\" must not include \"NET_ADMIN\" in securityContext.capabilities.add), "
                + "host namespaces (hostNetwork=true), "
                + "hostPath volumes (volume \"root\"), "
                + "hostPort (container \"app\" uses hostPort 80), "
                + "privileged (container \"app\" must not set securityContext.privileged=true)",
                verdict.message());
    }

    @Test
    void aPinnedVersionIsNamedInTheMessage() {
        ResourceVerdict verdict = PodSecurityTesting.judge("pss-baseline-v1.24", MULTI);
        assertTrue(verdict.message().startsWith("would violate PodSecurity \"baseline:v1.24\": non-default capabilities ("),
                verdict.message());
    }

    @Test
    void privilegedAdmitsEverything() {
        ResourceVerdict verdict = PodSecurityTesting.judge("pss-privileged", MULTI);
        assertTrue(verdict.allowed());
        assertEquals(List.of(), verdict.violations());
    }

    @Test
    void workloadFindingsPointIntoTheTemplate() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: nginx
                        securityContext:
                          privileged: true
                """;
        ResourceVerdict verdict = PodSecurityTesting.judge("pss-baseline", deployment);
        assertEquals("would violate PodSecurity \"baseline:latest\": "
                + "privileged (container \"web\" must not set securityContext.privileged=true)", verdict.message());
        assertEquals(List.of(new Violation("PodSecurity/baseline:latest", "privileged",
                "spec.template.spec.containers[0].securityContext.privileged", 16, 11,
                "container \"web\" must not set securityContext.privileged=true")), verdict.violations());
    }

    @Test
    void warnAndAuditUseTheirOwnLevelAndAreNotAddedToARejection() {
        PodSecurityConfiguration config = new PodSecurityConfiguration(
                new LevelVersion(Level.BASELINE, Version.LATEST),
                new LevelVersion(Level.RESTRICTED, Version.LATEST),
                new LevelVersion(Level.RESTRICTED, Version.of(1, 30)),
                List.of(), List.of(), List.of());
        PodSecurityAdmission admission = new PodSecurityAdmission(config);
        String baselinePod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  securityContext: {runAsNonRoot: true}
                  containers:
                  - name: app
                    image: nginx
                    securityContext: {allowPrivilegeEscalation: false}
                """;
        PolicyDecision allowed = admission.evaluate(PodSecurityTesting.pod(baselinePod), AdmissionAttributes.DEFAULT);
        assertTrue(allowed.allowed());
        String detail = "unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]), "
                + "seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")";
        assertEquals(List.of("would violate PodSecurity \"restricted:v1.30\": " + detail), allowed.warnings());
        assertEquals(Map.of(PodSecurityAdmission.ENFORCE_POLICY, "baseline:latest",
                PodSecurityAdmission.AUDIT_VIOLATIONS, "would violate PodSecurity \"restricted:latest\": " + detail),
                allowed.auditAnnotations());

        PolicyDecision denied = admission.evaluate(PodSecurityTesting.pod(MULTI), AdmissionAttributes.DEFAULT);
        assertFalse(denied.allowed());
        assertEquals(List.of(), denied.warnings());
        assertTrue(denied.auditAnnotations().get(PodSecurityAdmission.AUDIT_VIOLATIONS)
                .startsWith("would violate PodSecurity \"restricted:latest\": host namespaces (hostNetwork=true), "));
    }
}
