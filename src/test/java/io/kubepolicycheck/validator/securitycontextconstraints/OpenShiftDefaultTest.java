package io.kubepolicycheck.validator.securitycontextconstraints;

import static io.kubepolicycheck.validator.policyset.TestSets.as;
import static io.kubepolicycheck.validator.policyset.TestSets.judge;
import static io.kubepolicycheck.validator.policyset.TestSets.load;
import static io.kubepolicycheck.validator.policyset.TestSets.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.AdmissionPhase;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in {@code openshift-default} set: OpenShift's default SCCs, their users, groups and grants. */
class OpenShiftDefaultTest {
    static final PolicySet SET = builtin();

    static PolicySet builtin() {
        try {
            return new BuiltinPolicySets().find("openshift-default").orElseThrow();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static final String ROOT_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: root
              namespace: apps
            spec:
              containers:
              - name: app
                image: nginx
                securityContext:
                  runAsUser: 0
            """;

    static final String UNUSABLE = "provider \"restricted\": Forbidden: not usable by user or serviceaccount, "
            + "provider \"nonroot-v2\": Forbidden: not usable by user or serviceaccount, "
            + "provider \"nonroot\": Forbidden: not usable by user or serviceaccount, "
            + "provider \"hostmount-anyuid\": Forbidden: not usable by user or serviceaccount, "
            + "provider \"hostmount-anyuid-v2\": Forbidden: not usable by user or serviceaccount, "
            + "provider \"hostnetwork-v2\": Forbidden: not usable by user or serviceaccount, "
            + "provider \"hostnetwork\": Forbidden: not usable by user or serviceaccount, "
            + "provider \"hostaccess\": Forbidden: not usable by user or serviceaccount, "
            + "provider \"privileged\": Forbidden: not usable by user or serviceaccount";

    @Test
    void sccsAreTriedByPriorityThenRestrictivenessThenName() {
        SecurityContextConstraintsAdmission admission = (SecurityContextConstraintsAdmission) SET.policies().get(0);
        assertEquals(List.of("anyuid", "restricted-v2", "restricted", "nonroot-v2", "nonroot", "hostmount-anyuid",
                        "hostmount-anyuid-v2", "hostnetwork-v2", "hostnetwork", "hostaccess", "privileged"),
                admission.ordered().stream().map(SecurityContextConstraints::name).toList());
    }

    @Test
    void aRootPodIsDeniedUnderRestrictedV2() {
        ResourceVerdict v = judge(SET, ROOT_POD, as(null, "alice"));
        assertFalse(v.allowed());
        assertEquals("unable to validate against any security context constraint: ["
                + "provider \"anyuid\": Forbidden: not usable by user or serviceaccount, "
                + "provider restricted-v2: .containers[0].runAsUser: Invalid value: 0: must be in the ranges: "
                + "[1000000000, 1000009999], " + UNUSABLE + "]", v.message());
        assertEquals(List.of(new Violation("SecurityContextConstraints/restricted-v2", "runAsUser",
                "spec.containers[0].securityContext.runAsUser", 11, 7,
                "provider restricted-v2: .containers[0].runAsUser: Invalid value: 0: must be in the ranges: "
                        + "[1000000000, 1000009999]")), v.violations());
    }

    @Test
    void aRootPodIsAdmittedUnderAnyuidForItsGroup() {
        ResourceVerdict v = judge(SET, ROOT_POD, as(null, "alice", "system:cluster-admins"));
        assertTrue(v.allowed(), v::toString);
        assertEquals("anyuid", v.admittedBy());
        assertEquals(List.of(
                new Mutation("spec.securityContext.seLinuxOptions", Map.of("level", "s0:c1,c0")),
                new Mutation("spec.containers[0].securityContext.capabilities.drop", List.of("MKNOD"))), v.mutations());
    }

    static final String RESTRICTED_V2_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              namespace: apps
            spec:
              securityContext:
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault
              containers:
              - name: web
                image: nginx
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities:
                    drop: [ALL]
            """;

    @Test
    void aRestrictedV2PodIsAdmittedForAnAuthenticatedUser() {
        ResourceVerdict v = judge(SET, RESTRICTED_V2_POD, as(null, "alice"));
        assertTrue(v.allowed(), v::toString);
        assertEquals("restricted-v2", v.admittedBy());
        assertEquals(List.of(
                new Mutation("spec.securityContext.fsGroup", 1000000000L),
                new Mutation("spec.securityContext.seLinuxOptions", Map.of("level", "s0:c1,c0")),
                new Mutation("spec.containers[0].securityContext.runAsUser", 1000000000L)), v.mutations());
    }

    @Test
    void theServiceAccountOfAnAnonymousRequestIsAuthenticatedToo() {
        assertEquals("restricted-v2", judge(SET, RESTRICTED_V2_POD).admittedBy());
    }

    @Test
    void onUpdateOnlyAnSccThatNeedsNoDefaultsAdmits() {
        ResourceVerdict v = judge(SET, RESTRICTED_V2_POD, update(null, "alice"));
        assertFalse(v.allowed());
        assertTrue(v.message().startsWith("unable to validate against any security context constraint: ["
                + "provider \"anyuid\": Forbidden: not usable by user or serviceaccount, provider \"restricted\""), v.message());
        // Tried against the one SCC, which would admit it only with defaults: no error at all, which Go prints <nil>.
        ResourceVerdict none = judge(SET, requiring(RESTRICTED_V2_POD, "openshift.io/required-scc: restricted-v2"),
                update(null, "alice"));
        assertEquals("unable to validate against any security context constraint: <nil>", none.message());

        String complete = RESTRICTED_V2_POD.replace("runAsNonRoot: true", """
                runAsNonRoot: true
                    runAsUser: 1000000000
                    fsGroup: 1000000000
                    seLinuxOptions: {level: "s0:c0,c1"}""");
        ResourceVerdict admitted = judge(SET, complete, update(null, "alice"));
        assertTrue(admitted.allowed(), admitted::toString);
        assertEquals("restricted-v2", admitted.admittedBy());
    }

    static String requiring(String pod, String annotations) {
        return pod.replace("  namespace: apps\n", "  namespace: apps\n  annotations:\n" + annotations.indent(4));
    }

    @Test
    void aRequiredSccIsTheOnlyOneTried() {
        String plain = ROOT_POD.replace("""
                    securityContext:
                      runAsUser: 0
                """, "");
        assertEquals("anyuid", judge(SET, plain, as(null, "alice", "system:cluster-admins")).admittedBy());
        ResourceVerdict v = judge(SET, requiring(plain, "openshift.io/required-scc: restricted-v2"),
                as(null, "alice", "system:cluster-admins"));
        assertTrue(v.allowed(), v::toString);
        assertEquals("restricted-v2", v.admittedBy());
        assertTrue(v.mutations().contains(
                new Mutation("spec.containers[0].securityContext.runAsUser", 1000000000L)), v::toString);

        ResourceVerdict root = judge(SET, requiring(ROOT_POD, "openshift.io/required-scc: restricted-v2"),
                as(null, "alice", "system:cluster-admins"));
        assertFalse(root.allowed());
        assertEquals("unable to validate against any security context constraint: provider restricted-v2: "
                + ".containers[0].runAsUser: Invalid value: 0: must be in the ranges: [1000000000, 1000009999]",
                root.message());
    }

    @Test
    void aRequiredSccMustBeUsableAndExist() {
        ResourceVerdict unusable = judge(SET, requiring(ROOT_POD, "openshift.io/required-scc: anyuid"), as(null, "alice"));
        assertEquals("unable to validate against any security context constraint: "
                + "provider \"anyuid\": Forbidden: not usable by user or serviceaccount", unusable.message());

        ResourceVerdict missing = judge(SET, requiring(ROOT_POD, "openshift.io/required-scc: restricted-v9"),
                as(null, "alice"));
        assertFalse(missing.allowed());
        assertEquals("failed to retrieve the required SCC \"restricted-v9\": "
                + "securitycontextconstraints.security.openshift.io \"restricted-v9\" not found", missing.message());

        assertEquals("anyuid", judge(SET, requiring(ROOT_POD, "openshift.io/required-scc: \"\""),
                as(null, "alice", "system:cluster-admins")).admittedBy(), "an empty name requires nothing");
    }

    @Test
    void theValidatingPassRefusesARequiredSccTheMutatingPassDidNotChoose() {
        AdmissionAttributes validate = as(null, "alice", "system:cluster-admins").inPhase(AdmissionPhase.VALIDATE);
        ResourceVerdict other = judge(SET, requiring(RESTRICTED_V2_POD, """
                openshift.io/required-scc: restricted-v2
                openshift.io/scc: anyuid"""), validate);
        assertFalse(other.allowed());
        assertEquals("required scc/restricted-v2 does not match the suggested scc/anyuid", other.message());
        assertEquals("required scc/restricted-v2 does not match the suggested scc/",
                judge(SET, requiring(RESTRICTED_V2_POD, "openshift.io/required-scc: restricted-v2"), validate).message());
    }

    @Test
    void theMutatingPassRefusesAnUpdateThatChangesTheRequiredScc() {
        String stored = requiring(RESTRICTED_V2_POD.replace("runAsNonRoot: true", """
                runAsNonRoot: true
                    runAsUser: 1000000000
                    fsGroup: 1000000000
                    seLinuxOptions: {level: "s0:c0,c1"}"""), """
                openshift.io/required-scc: restricted-v2
                openshift.io/scc: restricted-v2""");
        String forbidden = "invalid change of required security context constraint annotation: openshift.io/required-scc";
        for (Map<String, String> old : List.of(Map.<String, String>of(), Map.of("openshift.io/required-scc", "anyuid"),
                Map.of("openshift.io/required-scc", ""))) {
            ResourceVerdict v = judge(SET, stored, updating(AdmissionPhase.ADMIT, old));
            assertFalse(v.allowed(), old::toString);
            assertEquals(forbidden, v.message());
            assertEquals(List.of(), v.violations());
            assertTrue(judge(SET, stored, updating(AdmissionPhase.VALIDATE, old)).allowed(), "Validate has no such rule");
        }
        assertEquals("restricted-v2", judge(SET, stored,
                updating(AdmissionPhase.ADMIT, Map.of("openshift.io/required-scc", "restricted-v2"))).admittedBy());
        assertTrue(judge(SET, stored, update(null, "alice")).allowed(), "without an old object nothing is compared");

        String unrequired = stored.replace("    openshift.io/required-scc: restricted-v2\n", "");
        assertEquals(forbidden, judge(SET, unrequired,
                updating(AdmissionPhase.ADMIT, Map.of("openshift.io/required-scc", "restricted-v2"))).message());
        assertTrue(judge(SET, unrequired, updating(AdmissionPhase.ADMIT, Map.of("openshift.io/required-scc", "")))
                .allowed(), "a missing annotation reads as an empty one");
        assertTrue(judge(SET, stored.replace("spec:\n", "spec:\n  os: {name: windows}\n"),
                updating(AdmissionPhase.ADMIT, Map.of())).allowed(), "Windows pods are ignored first");
    }

    /** An UPDATE by alice of a pod whose old annotations were {@code old}. */
    private static AdmissionAttributes updating(AdmissionPhase phase, Map<String, String> old) {
        AdmissionAttributes a = update(null, "alice");
        return new AdmissionAttributes(a.namespace(), a.operation(), a.userInfo(), a.workloads(), phase, old);
    }

    @Test
    void theNamespacesOfTheSetGiveTheirRanges() {
        String set = new String(resource("/policysets/openshift-default.yaml"), StandardCharsets.UTF_8) + """
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: apps
                  annotations:
                    openshift.io/sa.scc.uid-range: 1000680000/10000
                    openshift.io/sa.scc.mcs: s0:c26,c15
                    openshift.io/sa.scc.supplemental-groups: 1000680000/10000
                """;
        ResourceVerdict v = judge(load(set), ROOT_POD.replace("runAsUser: 0", "runAsUser: 1000690000"), as(null, "alice"));
        assertTrue(v.message().contains("provider restricted-v2: .containers[0].runAsUser: Invalid value: 1000690000: "
                + "must be in the ranges: [1000680000, 1000689999]"), v.message());
        ResourceVerdict admitted = judge(load(set), RESTRICTED_V2_POD, as(null, "alice"));
        assertEquals(new Mutation("spec.containers[0].securityContext.runAsUser", 1000680000L), admitted.mutations().get(2));
        assertEquals(new Mutation("spec.securityContext.seLinuxOptions", Map.of("level", "s0:c26,c15")), admitted.mutations().get(1));
    }

    @Test
    void aDeploymentsPodsAreAdmittedForItsController() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: apps
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: nginx
                """;
        ResourceVerdict v = judge(SET, deployment, as(null, "alice"));
        assertTrue(v.allowed(), v::toString);
        assertEquals("restricted-v2", v.admittedBy());
        assertTrue(v.mutations().contains(new Mutation(
                "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation", false)), v.mutations()::toString);
    }

    @Test
    void aPodRestrictedWouldAdmitGetsOpenShiftsHint() {
        String pod = RESTRICTED_V2_POD.replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true")
                .replace("drop: [ALL]", "drop: [KILL, MKNOD, SETUID, SETGID]")
                // restricted (unlike restricted-v2) allows no seccomp profile at all
                .replace("    seccompProfile:\n      type: RuntimeDefault\n", "");
        ResourceVerdict v = judge(SET, pod, as(null, "alice"));
        assertFalse(v.allowed());
        assertTrue(v.message().endsWith(", no access to scc/restricted: Forbidden: the pod fails to validate against the "
                + "`restricted-v2` security context constraint, but would validate successfully against the "
                + "`restricted` security context constraint]"), v.message());
    }

    @Test
    void privilegedPodsAreAdmittedForNodes() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: agent, namespace: openshift-monitoring}
                spec:
                  hostNetwork: true
                  hostPID: true
                  containers:
                  - name: agent
                    image: agent
                    securityContext: {privileged: true}
                    volumeMounts: [{name: root, mountPath: /host}]
                  volumes:
                  - name: root
                    hostPath: {path: /}
                """;
        assertEquals("privileged", judge(SET, pod, as(null, "system:node:w1", "system:nodes")).admittedBy());
        ResourceVerdict denied = judge(SET, pod, as(null, "alice"));
        assertFalse(denied.allowed());
        assertTrue(denied.message().contains("provider restricted-v2: .spec.securityContext.hostNetwork: Invalid value: "
                + "true: Host network is not allowed to be used"), denied.message());
        assertTrue(denied.message().contains("spec.volumes[0]: Invalid value: \"hostPath\": hostPath volumes are not "
                + "allowed to be used"), denied.message());
    }

    @Test
    void windowsPodsAreNotChecked() {
        String pod = ROOT_POD.replace("spec:\n", "spec:\n  os: {name: windows}\n");
        assertTrue(judge(SET, pod, as(null, "alice")).allowed());
    }

    private static byte[] resource(String name) {
        try (var in = OpenShiftDefaultTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
