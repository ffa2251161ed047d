package io.kubepolicycheck.validator.podsecuritypolicy;

import static io.kubepolicycheck.validator.podsecuritypolicy.PodSecurityPolicyWalkthroughTest.PLAIN_POD;
import static io.kubepolicycheck.validator.podsecuritypolicy.PodSecurityPolicyWalkthroughTest.psp;
import static io.kubepolicycheck.validator.policyset.TestSets.as;
import static io.kubepolicycheck.validator.policyset.TestSets.judge;
import static io.kubepolicycheck.validator.policyset.TestSets.load;
import static io.kubepolicycheck.validator.policyset.TestSets.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the admission plugin chooses among policies: unchanged first, by name; defaults only on CREATE. */
class PolicyChoiceTest {
    static final String DEFAULTS_UID = psp("a-defaults-uid", "volumes: ['*']").replace("runAsUser: {rule: RunAsAny}",
            "runAsUser: {rule: MustRunAs, ranges: [{min: 1000, max: 1000}]}");
    static final String ANY_UID = psp("b-any-uid", "volumes: ['*']");
    static final String DEFAULTS_NON_ROOT = psp("c-defaults-non-root", "volumes: ['*']").replace("runAsUser: {rule: RunAsAny}",
            "runAsUser: {rule: MustRunAsNonRoot}");

    @Test
    void aPolicyThatAdmitsThePodUnchangedWinsOverAnEarlierOneThatDefaults() {
        ResourceVerdict v = judge(load(DEFAULTS_UID + "---\n" + ANY_UID), PLAIN_POD);
        assertEquals("b-any-uid", v.admittedBy());
        assertEquals(List.of(), v.mutations());
    }

    @Test
    void withoutSuchAPolicyTheFirstByNameThatAdmitsWithDefaultsIsChosen() {
        ResourceVerdict v = judge(load(DEFAULTS_NON_ROOT + "---\n" + DEFAULTS_UID), PLAIN_POD);
        assertEquals("a-defaults-uid", v.admittedBy());
        assertEquals("spec.containers[0].securityContext.runAsUser", v.mutations().get(0).path());
    }

    @Test
    void onUpdateNoDefaultsAreApplied() {
        ResourceVerdict v = judge(load(DEFAULTS_NON_ROOT + "---\n" + DEFAULTS_UID), PLAIN_POD, update(null, "u"));
        assertFalse(v.allowed());
        assertEquals("PodSecurityPolicy: unable to validate pod: []", v.message());
    }

    @Test
    void onUpdateThePolicyThatAdmittedThePodIsTriedFirst() {
        PolicySet set = load(ANY_UID + "---\n" + psp("a-also-any", "volumes: ['*']"));
        assertEquals("a-also-any", judge(set, PLAIN_POD, update(null, "u")).admittedBy());
        String annotated = PLAIN_POD.replace("  name: plain\n", "  name: plain\n  annotations:\n    kubernetes.io/psp: b-any-uid\n");
        assertEquals("b-any-uid", judge(set, annotated, update(null, "u")).admittedBy());
        assertEquals("a-also-any", judge(set, annotated, as(null, "u")).admittedBy());
    }

    @Test
    void theErrorsOfEveryUsablePolicyAreListedInNameOrder() {
        PolicySet set = load(psp("b-no-host-network", "volumes: ['*']") + "---\n" + psp("a-no-volumes", ""));
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  hostNetwork: true
                  containers: [{name: app, image: app}]
                  volumes: [{name: v, emptyDir: {}}]
                """;
        assertEquals("PodSecurityPolicy: unable to admit pod: ["
                + "spec.securityContext.hostNetwork: Invalid value: true: Host network is not allowed to be used "
                + "spec.volumes[0]: Invalid value: \"emptyDir\": emptyDir volumes are not allowed to be used "
                + "spec.securityContext.hostNetwork: Invalid value: true: Host network is not allowed to be used]",
                judge(set, pod).message());
    }

    @Test
    void theErrorsOfPoliciesTheRequesterMayNotUseAreLeftOut() {
        PolicySet set = load(psp("hidden", "volumes: ['*']") + "---\n" + psp("mine", "volumes: [configMap]") + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: use-mine}
                rules:
                - {apiGroups: [extensions], resources: [podsecuritypolicies], verbs: [use], resourceNames: [mine]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: use-mine}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: use-mine}
                subjects: [{kind: User, name: alice}]
                """);
        String pod = PLAIN_POD + "  volumes: [{name: v, emptyDir: {}}]\n";
        ResourceVerdict v = judge(set, pod, as(null, "alice"));
        assertEquals("PodSecurityPolicy: unable to admit pod: [spec.volumes[0]: Invalid value: \"emptyDir\": "
                + "emptyDir volumes are not allowed to be used]", v.message());
        assertEquals("PodSecurityPolicy/mine", v.violations().get(0).policy());
        assertTrue(judge(set, pod, as(null, "root", "system:masters")).allowed());
    }
}
