package io.kubepolicycheck.validator.policyset;

import static io.kubepolicycheck.validator.policyset.TestSets.judge;
import static io.kubepolicycheck.validator.policyset.TestSets.load;
import static io.kubepolicycheck.validator.policyset.TestSets.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.podsecuritypolicy.PodSecurityPolicyAdmission;
import io.kubepolicycheck.validator.policy.PolicySet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading every document kind of a set, strictly: a typo is refused with its document and line. */
class PolicySetLoaderTest {
    static final String RESTRICTED = """
            apiVersion: policy/v1beta1
            kind: PodSecurityPolicy
            metadata:
              name: restricted
            spec:
              privileged: false
              runAsUser: {rule: MustRunAsNonRoot}
              seLinux: {rule: RunAsAny}
              supplementalGroups: {rule: RunAsAny}
              fsGroup: {rule: RunAsAny}
              volumes: [configMap, secret]
            """;

    static String restricted(String line, String replacement) {
        assertTrue(RESTRICTED.contains(line), line);
        return RESTRICTED.replace(line, replacement);
    }

    @Test
    void aMisspeltFieldIsRefusedNamingTheDocumentAndLine() {
        String set = "# the set\n---\n" + RESTRICTED.replace("name: restricted", "name: other") + "---\n"
                + restricted("  privileged: false", "  privilaged: false");
        InvalidPolicySetException e = refusal(set);
        assertEquals(1, e.document());
        assertEquals(20, e.line());
        assertEquals("PodSecurityPolicy \"restricted\": unknown field \"spec.privilaged\"", e.getMessage());
        assertEquals("policy set \"test.yaml\", document 1, line 20: PodSecurityPolicy \"restricted\": unknown field "
                + "\"spec.privilaged\"", e.located());
    }

    @Test
    void misspeltNestedFieldsAreRefusedToo() {
        assertEquals("PodSecurityPolicy \"restricted\": unknown field \"spec.runAsUser.rnages\"",
                refusal(restricted("{rule: MustRunAsNonRoot}", "{rule: MustRunAsNonRoot, rnages: []}")).getMessage());
        assertEquals("PodSecurityPolicy \"restricted\": unknown field \"spec.hostPorts[0].mx\"",
                refusal(RESTRICTED + "  hostPorts: [{min: 1, mx: 2}]\n").getMessage());
        assertEquals("PodSecurityPolicy \"restricted\": unknown field \"status\"",
                refusal(RESTRICTED + "status: {}\n").getMessage());
    }

    @Test
    void valuesOfTheWrongTypeOrOutsideTheApiAreRefused() {
        assertEquals("PodSecurityPolicy \"restricted\": spec.privileged must be true or false, not \"nope\"",
                refusal(restricted("privileged: false", "privileged: nope")).getMessage());
        assertEquals("PodSecurityPolicy \"restricted\": spec.runAsUser.rule: unsupported value \"MustRunAsRoot\" "
                        + "(one of MustRunAs, MustRunAsNonRoot, RunAsAny)",
                refusal(restricted("MustRunAsNonRoot", "MustRunAsRoot")).getMessage());
        assertEquals("PodSecurityPolicy \"restricted\": spec.volumes[1]: unsupported volume type \"secrets\"",
                refusal(restricted("[configMap, secret]", "[configMap, secrets]")).getMessage());
        assertEquals("PodSecurityPolicy \"restricted\": spec.fsGroup.ranges: at least one range is required for rule MustRunAs",
                refusal(restricted("fsGroup: {rule: RunAsAny}", "fsGroup: {rule: MustRunAs}")).getMessage());
        assertEquals("PodSecurityPolicy \"restricted\": spec.seLinux.rule is required (one of MustRunAs, RunAsAny)",
                refusal(restricted("  seLinux: {rule: RunAsAny}\n", "")).getMessage());
        assertEquals("PodSecurityPolicy \"restricted\": unsupported apiVersion \"policy/v1\" (policy/v1beta1 or extensions/v1beta1)",
                refusal(RESTRICTED.replace("policy/v1beta1", "policy/v1")).getMessage());
    }

    @Test
    void anUnknownKindIsRefused() {
        InvalidPolicySetException e = refusal("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("unsupported kind \"ConfigMap\""), e.getMessage());
    }

    @Test
    void twoPoliciesOfOneNameAreRefused() {
        InvalidPolicySetException e = refusal(RESTRICTED + "---\n" + RESTRICTED);
        assertEquals("PodSecurityPolicy \"restricted\" is defined twice (also in document 0, line 1)", e.getMessage());
        assertEquals(1, e.document());
    }

    @Test
    void theOutputOfKubectlGetPspIsReadAsIs() {
        PolicySet set = load("""
                apiVersion: v1
                items:
                - apiVersion: policy/v1beta1
                  kind: PodSecurityPolicy
                  metadata:
                    annotations:
                      kubectl.kubernetes.io/last-applied-configuration: '{}'
                    creationTimestamp: "2021-03-01T10:00:00Z"
                    name: restricted
                    resourceVersion: "4242"
                    uid: 0b7e5e2c-55f4-4f1b-9c51-1f0c3a0e8d11
                  spec:
                    allowPrivilegeEscalation: false
                    fsGroup:
                      ranges:
                      - max: 65535
                        min: 1
                      rule: MustRunAs
                    requiredDropCapabilities:
                    - ALL
                    runAsUser:
                      rule: MustRunAsNonRoot
                    seLinux:
                      rule: RunAsAny
                    supplementalGroups:
                      ranges:
                      - max: 65535
                        min: 1
                      rule: MustRunAs
                    volumes:
                    - configMap
                kind: List
                metadata:
                  resourceVersion: ""
                """);
        PodSecurityPolicyAdmission admission = assertInstanceOf(PodSecurityPolicyAdmission.class, set.policies().get(0));
        assertEquals("restricted", admission.policies().get(0).name());
    }

    @Test
    void aPodSecurityPolicyListIsUnwrapped() {
        PolicySet set = load("apiVersion: policy/v1beta1\nkind: PodSecurityPolicyList\nitems:\n" + RESTRICTED.indent(2).replaceFirst("  ", "- ")
                + "- " + RESTRICTED.replace("name: restricted", "name: second").indent(2).substring(2));
        PodSecurityPolicyAdmission admission = assertInstanceOf(PodSecurityPolicyAdmission.class, set.policies().get(0));
        assertEquals(List.of("restricted", "second"), admission.policies().stream().map(p -> p.name()).toList());
    }

    @Test
    void rbacObjectsAreReadStrictly() {
        assertEquals("ClusterRole \"r\": unknown field \"rules[0].resourceName\"", refusal(RESTRICTED + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: r}
                rules:
                - {apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use], resourceName: [restricted]}
                """).getMessage());
        assertEquals("RoleBinding \"b\": metadata.namespace is required for a RoleBinding", refusal(RESTRICTED + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: b}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}
                subjects: [{kind: Group, name: g}]
                """).getMessage());
        assertEquals("ClusterRoleBinding \"b\": roleRef.kind: unsupported value \"Role\" (one of ClusterRole)", refusal(RESTRICTED + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: b}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
                """).getMessage());
    }

    static final String SCC = """
            apiVersion: security.openshift.io/v1
            kind: SecurityContextConstraints
            metadata: {name: s}
            allowHostNetwork: false
            runAsUser: {type: MustRunAsRange}
            seLinuxContext: {type: MustRunAs}
            """;

    @Test
    void sccsAreReadStrictly() {
        InvalidPolicySetException e = refusal(SCC.replace("allowHostNetwork", "allowHostNetwrok"));
        assertEquals("SecurityContextConstraints \"s\": unknown field \"allowHostNetwrok\"", e.getMessage());
        assertEquals(4, e.line());
        assertEquals("SecurityContextConstraints \"s\": runAsUser.uid is required for type MustRunAs",
                refusal(SCC.replace("MustRunAsRange", "MustRunAs")).getMessage());
        assertEquals("SecurityContextConstraints \"s\": seLinuxContext.type is required (one of MustRunAs, RunAsAny)",
                refusal(SCC.replace("seLinuxContext: {type: MustRunAs}", "seLinuxContext: {}")).getMessage());
        assertEquals("SecurityContextConstraints \"s\": volumes[0]: unsupported volume type \"hostpath\"",
                refusal(SCC + "volumes: [hostpath]\n").getMessage());
    }

    /** {@code priority} is an {@code *int32}: past its range the API server refuses the object; so does a set. */
    @Test
    void anSccPriorityOutsideInt32IsRefusedWhereItStands() {
        InvalidPolicySetException e = refusal(SCC + "priority: 2147483648\n");
        assertEquals("SecurityContextConstraints \"s\": priority must be a 32-bit integer, not 2147483648", e.getMessage());
        assertEquals(7, e.line());
        assertEquals("SecurityContextConstraints \"s\": priority must be a 32-bit integer, not -2147483649",
                refusal(SCC + "priority: -2147483649\n").getMessage());
        assertEquals(1, load(SCC + "priority: 2147483647\n").policies().size());
    }

    @Test
    void namespacesGiveSccAllocationsAndBadOnesAreRefused() {
        assertTrue(load(SCC + """
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: apps
                  annotations: {openshift.io/sa.scc.uid-range: 1000-1999}
                """).policies().size() == 1);
        assertEquals("Namespace \"apps\": not a block (start/size or start-end): \"lots\"", refusal(SCC + """
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: apps
                  annotations: {openshift.io/sa.scc.uid-range: lots}
                """).getMessage());
    }

    @Test
    void aSetWithNoPolicyIsRefused() {
        assertEquals("the policy set holds no policy", refusal("""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: r}
                """).getMessage());
    }

    @Test
    void everyKindOfPolicyInASetMustAdmit() {
        PolicySet set = load(RESTRICTED + """
                ---
                apiVersion: pod-security.admission.config.k8s.io/v1
                kind: PodSecurityConfiguration
                defaults: {enforce: baseline}
                """);
        assertEquals(2, set.policies().size());
        String privileged = """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: app
                    image: app
                    securityContext: {privileged: true, runAsUser: 1000}
                """;
        var v = judge(set, privileged);
        assertFalse(v.allowed());
        assertEquals("would violate PodSecurity \"baseline:latest\": privileged (container \"app\" must not set "
                + "securityContext.privileged=true); PodSecurityPolicy: unable to admit pod: [spec.containers[0]."
                + "securityContext.privileged: Invalid value: true: Privileged containers are not allowed]", v.message());
    }
}
