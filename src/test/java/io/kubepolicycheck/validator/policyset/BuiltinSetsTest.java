package io.kubepolicycheck.validator.policyset;

import static io.kubepolicycheck.validator.policyset.TestSets.judge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PodSecurityPolicy examples of the Kubernetes documentation, served as built-in sets. */
class BuiltinSetsTest {
    static PolicySet builtin(String id) {
        try {
            return new BuiltinPolicySets().find(id).orElseThrow();
        } catch (InvalidPolicySetException e) {
            throw new AssertionError(e.located(), e);
        }
    }

    static final String PRIVILEGED_HOST_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              hostNetwork: true
              containers:
              - name: app
                image: app
                securityContext: {privileged: true}
            """;

    static final String PLAIN_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: app
            """;

    @Test
    void everyResourceSetLoadsAndDescribesItself() {
        for (String id : BuiltinPolicySets.RESOURCE_SETS) {
            PolicySet set = builtin(id);
            assertFalse(set.policies().isEmpty(), id);
            assertTrue(set.version().startsWith("builtin-"), set::version);
            set.policies().forEach(p -> assertFalse(p.summary().settings().isEmpty(), id));
        }
    }

    @Test
    void aVersionSuffixUpstreamCannotParseNamesNoSet() throws InvalidPolicySetException {
        assertTrue(new BuiltinPolicySets().find("pss-baseline-v1.8").isPresent());
        assertTrue(new BuiltinPolicySets().find("pss-baseline-v1.0").isPresent());
        assertFalse(new BuiltinPolicySets().find("pss-baseline-v1.08").isPresent());
        assertFalse(new BuiltinPolicySets().find("pss-baseline-v1.00").isPresent());
    }

    @Test
    void pspRestrictedDeniesAPrivilegedPod() {
        ResourceVerdict v = judge(builtin("psp-restricted"), PRIVILEGED_HOST_POD);
        assertFalse(v.allowed());
        assertEquals("PodSecurityPolicy: unable to admit pod: [spec.securityContext.hostNetwork: Invalid value: true: "
                + "Host network is not allowed to be used spec.containers[0].securityContext.privileged: Invalid value: "
                + "true: Privileged containers are not allowed]", v.message());
    }

    @Test
    void pspRestrictedAdmitsAPlainPodWithItsDefaults() {
        ResourceVerdict v = judge(builtin("psp-restricted"), PLAIN_POD);
        assertTrue(v.allowed(), v::toString);
        assertEquals("restricted", v.admittedBy());
        assertEquals(List.of(
                new Mutation("spec.securityContext.supplementalGroups", List.of(1L)),
                new Mutation("spec.securityContext.fsGroup", 1L),
                new Mutation("metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]", "runtime/default"),
                new Mutation("metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]", "runtime/default"),
                new Mutation("spec.containers[0].securityContext.runAsNonRoot", true),
                new Mutation("spec.containers[0].securityContext.capabilities.drop", List.of("ALL")),
                new Mutation("spec.containers[0].securityContext.allowPrivilegeEscalation", false)), v.mutations());
    }

    @Test
    void pspPrivilegedAdmitsAPrivilegedPodUnchanged() {
        ResourceVerdict v = judge(builtin("psp-privileged"), PRIVILEGED_HOST_POD);
        assertTrue(v.allowed(), v::toString);
        assertEquals("privileged", v.admittedBy());
        assertEquals(List.of(), v.mutations());
    }
}
