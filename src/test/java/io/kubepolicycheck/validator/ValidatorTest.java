package io.kubepolicycheck.validator;

import static io.kubepolicycheck.validator.policyset.TestSets.as;
import static io.kubepolicycheck.validator.policyset.TestSets.judge;
import static io.kubepolicycheck.validator.policyset.TestSets.load;
import static io.kubepolicycheck.validator.policyset.TestSets.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Violation;
import org.junit.jupiter.api.Test;

/**
 * A set mixing kinds of policy judges a pod as the API server's admission chain does: the mutating plugins
 * (PodSecurityPolicy, OpenShift's SCC admission) default the pod first, then Pod Security admission, a
 * validating plugin, evaluates the pod as they left it.
 */
class ValidatorTest {
    static final String RESTRICTED_V1_24 = """
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults: {enforce: restricted, enforce-version: v1.24}
            ---
            """;

    /** The documentation's restricted PSP, trimmed to what it defaults. */
    static final String DEFAULTING_PSP = """
            apiVersion: policy/v1beta1
            kind: PodSecurityPolicy
            metadata:
              name: restricted
              annotations:
                seccomp.security.alpha.kubernetes.io/allowedProfileNames: runtime/default
                seccomp.security.alpha.kubernetes.io/defaultProfileName: runtime/default
            spec:
              allowPrivilegeEscalation: false
              requiredDropCapabilities: [ALL]
              hostPorts: [{min: 0, max: 65535}]
              volumes: [configMap, emptyDir, projected, secret]
              runAsUser: {rule: MustRunAsNonRoot}
              seLinux: {rule: RunAsAny}
              supplementalGroups: {rule: RunAsAny}
              fsGroup: {rule: RunAsAny}
            """;

    static final String BARE_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - name: app
                image: app
            """;

    @Test
    void podSecurityJudgesThePodAsThePodSecurityPolicyDefaultedIt() {
        ResourceVerdict v = judge(load(RESTRICTED_V1_24 + DEFAULTING_PSP), BARE_POD, as(null, "dev"));
        assertTrue(v.allowed(), v::toString);
        assertEquals("restricted", v.admittedBy());
        assertTrue(v.violations().isEmpty(), v::toString);
    }

    @Test
    void onUpdateNothingIsDefaultedSoPodSecurityJudgesThePodAsSubmitted() {
        ResourceVerdict v = judge(load(RESTRICTED_V1_24 + DEFAULTING_PSP), BARE_POD, update(null, "dev"));
        assertFalse(v.allowed());
        assertTrue(v.violations().stream().anyMatch(x -> x.check().equals("allowPrivilegeEscalation")), v::toString);
    }

    @Test
    void theDefaultsOfAWorkloadsPodsCountToo() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      containers:
                      - name: app
                        image: app
                """;
        ResourceVerdict v = judge(load(RESTRICTED_V1_24 + DEFAULTING_PSP), deployment, as(null, "dev"));
        assertTrue(v.allowed(), v::toString);
    }

    @Test
    void podSecurityJudgesThePodAsTheSccDefaultedIt() {
        String scc = """
                apiVersion: security.openshift.io/v1
                kind: SecurityContextConstraints
                metadata: {name: restricted-v2}
                allowHostDirVolumePlugin: false
                allowHostIPC: false
                allowHostNetwork: false
                allowHostPID: false
                allowHostPorts: false
                allowPrivilegeEscalation: false
                allowPrivilegedContainer: false
                allowedCapabilities: [NET_BIND_SERVICE]
                requiredDropCapabilities: [ALL]
                runAsUser: {type: MustRunAsRange}
                seLinuxContext: {type: MustRunAs}
                fsGroup: {type: MustRunAs}
                supplementalGroups: {type: RunAsAny}
                seccompProfiles: [runtime/default]
                volumes: [configMap, emptyDir, projected, secret]
                """;
        PolicySet set = load(RESTRICTED_V1_24.replace("v1.24", "latest") + scc);
        ResourceVerdict v = judge(set, BARE_POD, as("apps", "dev"));
        assertTrue(v.allowed(), v::toString);
        assertEquals("restricted-v2", v.admittedBy());
    }

    @Test
    void aFindingOnTheDefaultedPodStillPointsAtTheSubmittedKey() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                  - name: app
                    image: app
                    ports:
                    - containerPort: 80
                      hostPort: 80
                """;
        ResourceVerdict v = judge(load(RESTRICTED_V1_24 + DEFAULTING_PSP), pod, as(null, "dev"));
        assertFalse(v.allowed());
        assertEquals(1, v.violations().size(), v::toString);
        Violation hostPort = v.violations().get(0);
        assertEquals("hostPorts", hostPort.check());
        assertEquals("spec.containers[0].ports[0].hostPort", hostPort.path());
        assertEquals(10, hostPort.line());
        assertEquals(7, hostPort.column());
    }
}
