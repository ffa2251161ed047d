package io.kubepolicycheck.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepolicycheck.api.ApiRequest;
import io.kubepolicycheck.api.ApiResponse;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.DirectoryPolicyStore;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.testing.JsonPatches;
import io.kubepolicycheck.validator.render.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API server's two passes as webhooks: {@code /mutate} answers the patch that turns the submitted pod into the
 * pod PodSecurityPolicy or SCC admission stores, {@code /admission} admits only a pod some policy admits unchanged.
 * Each expected pod is written out by hand from upstream's defaulting rules; the patches are applied by a JSON
 * Patch implementation that is not ours.
 */
class AdmissionPhasesTest {
    /** A PodSecurityPolicy that defaults every field PodSecurityPolicy can default. */
    static final String PSP_DEFAULTS = """
            apiVersion: policy/v1beta1
            kind: PodSecurityPolicy
            metadata:
              name: defaults
              annotations:
                seccomp.security.alpha.kubernetes.io/allowedProfileNames: runtime/default
                seccomp.security.alpha.kubernetes.io/defaultProfileName: runtime/default
                apparmor.security.beta.kubernetes.io/allowedProfileNames: runtime/default
                apparmor.security.beta.kubernetes.io/defaultProfileName: runtime/default
            spec:
              privileged: false
              allowPrivilegeEscalation: false
              defaultAddCapabilities: [NET_BIND_SERVICE]
              requiredDropCapabilities: [ALL]
              readOnlyRootFilesystem: true
              volumes: [configMap, emptyDir, secret, projected]
              runAsUser: {rule: MustRunAs, ranges: [{min: 1000, max: 2000}]}
              runAsGroup: {rule: MustRunAs, ranges: [{min: 3000, max: 4000}]}
              seLinux: {rule: MustRunAs, seLinuxOptions: {level: "s0:c12,c34"}}
              fsGroup: {rule: MustRunAs, ranges: [{min: 5000, max: 6000}]}
              supplementalGroups: {rule: MustRunAs, ranges: [{min: 7000, max: 8000}]}
            """;

    /** An SCC that takes its ranges and level from the namespace, usable only by one service account. */
    static final String SCC_TEAM = """
            apiVersion: security.openshift.io/v1
            kind: SecurityContextConstraints
            metadata:
              name: team
            priority: 10
            allowPrivilegedContainer: false
            allowHostDirVolumePlugin: false
            allowHostNetwork: false
            allowHostPorts: false
            allowHostPID: false
            allowHostIPC: false
            allowPrivilegeEscalation: false
            defaultAddCapabilities: [NET_BIND_SERVICE]
            requiredDropCapabilities: [ALL]
            readOnlyRootFilesystem: true
            runAsUser: {type: MustRunAsRange}
            seLinuxContext: {type: MustRunAs}
            fsGroup: {type: MustRunAs}
            supplementalGroups: {type: MustRunAs}
            seccompProfiles: [runtime/default]
            volumes: [configMap, emptyDir, projected, secret]
            users: ["system:serviceaccount:team:builder"]
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: team
              annotations:
                openshift.io/sa.scc.uid-range: 1000680000/10000
                openshift.io/sa.scc.mcs: s0:c26,c15
                openshift.io/sa.scc.supplemental-groups: 1000690000/10000
            """;

    /** No security settings but one: the init container's uid, which no policy may replace. */
    static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              initContainers:
              - name: init
                image: busybox
                securityContext:
                  runAsUser: 1500
              containers:
              - name: app
                image: nginx
            """;

    @TempDir
    Path dir;
    private PolicyApi api;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("psp-defaults.yaml"), PSP_DEFAULTS);
        Files.writeString(dir.resolve("scc-team.yaml"), SCC_TEAM);
        api = new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), new DirectoryPolicyStore(dir)),
                ApiSettings.DEFAULT);
    }

    private JsonNode response(String route, String set, String review) {
        return read(api.handle(new ApiRequest("POST", "/v1/policy-sets/" + set + "/" + route, null,
                Map.of("content-type", "application/json"), review.getBytes(StandardCharsets.UTF_8), "req-1")));
    }

    /** The pod the mutating webhook's answer makes of {@code review}'s object; it must be allowed and patched. */
    private JsonNode mutated(String set, Reviews.Builder review) {
        JsonNode response = response("mutate", set, review.json());
        assertTrue(response.path("allowed").asBoolean(), response::toString);
        assertEquals("JSONPatch", response.path("patchType").asText(), response::toString);
        JsonNode object = Reviews.yaml(objectOf(review));
        return JsonPatches.applyBase64(object, response.path("patch").asText());
    }

    private static String objectOf(Reviews.Builder review) {
        try {
            return Json.MAPPER.readTree(review.json()).path("request").path("object").toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The validating webhook's answer; it never carries a patch. */
    private JsonNode validated(String set, Reviews.Builder review) {
        JsonNode response = response("admission", set, review.json());
        assertTrue(response.path("patch").isMissingNode(), response::toString);
        assertTrue(response.path("patchType").isMissingNode(), response::toString);
        return response;
    }

    @Test
    void podSecurityPolicyDefaultsEveryFieldItCanAndNamesItself() {
        JsonNode patched = mutated("psp-defaults", Reviews.pod("CREATE", POD));
        assertEquals(Reviews.yaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  labels: {app: web}
                  annotations:
                    seccomp.security.alpha.kubernetes.io/pod: runtime/default
                    container.apparmor.security.beta.kubernetes.io/init: runtime/default
                    container.apparmor.security.beta.kubernetes.io/app: runtime/default
                    kubernetes.io/psp: defaults
                spec:
                  securityContext:
                    supplementalGroups: [7000]
                    fsGroup: 5000
                    seLinuxOptions: {level: "s0:c12,c34"}
                  initContainers:
                  - name: init
                    image: busybox
                    securityContext:
                      runAsUser: 1500
                      runAsGroup: 3000
                      capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}
                      readOnlyRootFilesystem: true
                      allowPrivilegeEscalation: false
                  containers:
                  - name: app
                    image: nginx
                    securityContext:
                      runAsUser: 1000
                      runAsGroup: 3000
                      capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}
                      readOnlyRootFilesystem: true
                      allowPrivilegeEscalation: false
                """), patched);

        JsonNode admitted = validated("psp-defaults", Reviews.pod("CREATE", patched.toString()));
        assertTrue(admitted.path("allowed").asBoolean(), admitted::toString);
        JsonNode refused = validated("psp-defaults", Reviews.pod("CREATE", POD));
        assertFalse(refused.path("allowed").asBoolean());
        assertEquals("pods \"web\" is forbidden: PodSecurityPolicy: unable to validate pod: []",
                refused.path("status").path("message").asText());
        assertEquals(403, refused.path("status").path("code").asInt());
    }

    @Test
    void aPodAlreadyAsThePolicyWouldStoreItGetsNoPatch() {
        JsonNode patched = mutated("psp-defaults", Reviews.pod("CREATE", POD));
        JsonNode again = response("mutate", "psp-defaults", Reviews.pod("CREATE", patched.toString()).json());
        assertTrue(again.path("allowed").asBoolean(), again::toString);
        assertTrue(again.path("patch").isMissingNode(), again::toString);
    }

    @Test
    void openShiftsRestrictedV2DefaultsAPlainPodAndRecordsWhoseAccessChoseIt() {
        String nginx = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  containers:
                  - name: nginx
                    image: nginx
                """;
        JsonNode patched = mutated("openshift-default", Reviews.pod("CREATE", nginx).namespace("shop"));
        assertEquals(Reviews.yaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  annotations:
                    seccomp.security.alpha.kubernetes.io/pod: runtime/default
                    openshift.io/scc: restricted-v2
                    security.openshift.io/validated-scc-subject-type: user
                spec:
                  securityContext:
                    fsGroup: 1000000000
                    seLinuxOptions: {level: "s0:c1,c0"}
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                  - name: nginx
                    image: nginx
                    securityContext:
                      runAsUser: 1000000000
                      runAsNonRoot: true
                      capabilities: {drop: [ALL]}
                      allowPrivilegeEscalation: false
                """), patched);

        JsonNode admitted = validated("openshift-default", Reviews.pod("CREATE", patched.toString()).namespace("shop"));
        assertTrue(admitted.path("allowed").asBoolean(), admitted::toString);
        JsonNode refused = validated("openshift-default", Reviews.pod("CREATE", nginx).namespace("shop"));
        assertFalse(refused.path("allowed").asBoolean());
        assertTrue(refused.path("status").path("message").asText().startsWith(
                "pods \"web\" is forbidden: unable to validate against any security context constraint: [provider "),
                refused::toString);
    }

    /** A plain pod that requires OpenShift's restricted-v2 SCC. */
    private static final String REQUIRING_RESTRICTED_V2 = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              annotations:
                openshift.io/required-scc: restricted-v2
            spec:
              containers:
              - name: nginx
                image: nginx
            """;

    @Test
    void aRequiredSccIsTheOneChosenAndTheOneTheValidatingPassHoldsTheAnnotationTo() {
        String nginx = REQUIRING_RESTRICTED_V2;
        List<String> admins = List.of("system:authenticated", "system:cluster-admins");
        assertEquals("anyuid", mutated("openshift-default", Reviews.pod("CREATE",
                nginx.replace("openshift.io/required-scc", "example.com/note")).namespace("shop").user("root", admins))
                .path("metadata").path("annotations").path("openshift.io/scc").asText());
        JsonNode patched = mutated("openshift-default",
                Reviews.pod("CREATE", nginx).namespace("shop").user("root", admins));
        assertEquals("restricted-v2", patched.path("metadata").path("annotations").path("openshift.io/scc").asText());
        JsonNode admitted = validated("openshift-default",
                Reviews.pod("CREATE", patched.toString()).namespace("shop").user("root", admins));
        assertTrue(admitted.path("allowed").asBoolean(), admitted::toString);

        ((ObjectNode) patched.path("metadata").path("annotations"))
                .put("openshift.io/scc", "anyuid");
        JsonNode refused = validated("openshift-default",
                Reviews.pod("CREATE", patched.toString()).namespace("shop").user("root", admins));
        assertEquals("pods \"web\" is forbidden: required scc/restricted-v2 does not match the suggested scc/anyuid",
                refused.path("status").path("message").asText(), refused::toString);
    }

    @Test
    void theMutatingPassRefusesAnUpdateThatChangesTheRequiredScc() {
        String nginx = REQUIRING_RESTRICTED_V2;
        String stored = mutated("openshift-default", Reviews.pod("CREATE", nginx).namespace("shop")).toString();
        String unrequired = withoutRequiredScc(stored);
        String forbidden = "pods \"web\" is forbidden: invalid change of required security context constraint "
                + "annotation: openshift.io/required-scc";
        // Added, removed, renamed; whether or not the update changes an image, and before any SCC is tried.
        for (String[] change : new String[][] {{unrequired, stored}, {stored, unrequired},
                {stored, stored.replace("\"openshift.io/required-scc\":\"restricted-v2\"",
                        "\"openshift.io/required-scc\":\"anyuid\"")},
                {unrequired, stored.replace("\"image\":\"nginx\"", "\"image\":\"nginx:1.27\"")}}) {
            JsonNode refused = response("mutate", "openshift-default",
                    Reviews.pod("UPDATE", change[1]).oldObject(change[0]).namespace("shop").json());
            assertFalse(refused.path("allowed").asBoolean(), refused::toString);
            assertEquals(403, refused.path("status").path("code").asInt());
            assertEquals(forbidden, refused.path("status").path("message").asText(), refused::toString);
        }

        // Unchanged, an update is judged as any other, without defaults: one that only adds a label to a pod no SCC
        // admits unchanged is refused (with no error, as only defaults would admit it); one that changes an image is
        // admitted by an SCC that needs no defaults.
        JsonNode plain = response("mutate", "openshift-default",
                Reviews.pod("UPDATE", nginx.replace("name: web", "name: web\n  labels: {app: web}"))
                        .oldObject(nginx).namespace("shop").json());
        assertFalse(plain.path("allowed").asBoolean(), plain::toString);
        assertEquals("pods \"web\" is forbidden: unable to validate against any security context constraint: <nil>",
                plain.path("status").path("message").asText(), plain::toString);
        String newImage = stored.replace("\"image\":\"nginx\"", "\"image\":\"nginx:1.27\"");
        JsonNode judged = response("mutate", "openshift-default",
                Reviews.pod("UPDATE", newImage).oldObject(stored).namespace("shop").json());
        assertTrue(judged.path("allowed").asBoolean(), judged::toString);
        assertTrue(judged.path("patch").isMissingNode(), judged::toString);
        JsonNode notDefaulted = response("mutate", "openshift-default", Reviews.pod("UPDATE",
                nginx.replace("image: nginx", "image: nginx:1.27")).oldObject(nginx).namespace("shop").json());
        assertFalse(notDefaulted.path("allowed").asBoolean(), notDefaulted::toString);
        assertTrue(notDefaulted.path("status").path("message").asText().startsWith(
                "pods \"web\" is forbidden: unable to validate against any security context constraint"),
                notDefaulted::toString);

        // Validate has no such rule: its answer is the usual one, allowed unexamined or judged by the SCCs.
        for (String now : List.of(stored, newImage)) {
            JsonNode validating = validated("openshift-default",
                    Reviews.pod("UPDATE", now).oldObject(unrequired).namespace("shop"));
            assertTrue(validating.path("allowed").asBoolean(), validating::toString);
        }
        // Without SCCs in the set nothing reads the annotation: Pod Security ignores an update that changes no image.
        JsonNode pss = response("mutate", "pss-restricted",
                Reviews.pod("UPDATE", nginx).oldObject(withoutRequiredScc(nginx)).json());
        assertTrue(pss.path("allowed").asBoolean(), pss::toString);
    }

    private static String withoutRequiredScc(String pod) {
        String out = pod.replace("\"openshift.io/required-scc\":\"restricted-v2\",", "")
                .replace("    openshift.io/required-scc: restricted-v2\n", "    example.com/note: none\n");
        assertFalse(out.contains("required-scc"), out);
        return out;
    }

    @Test
    void anSccTakesTheNamespacesRangesAndLevelAndNamesTheServiceAccountThatMayUseIt() {
        String pod = POD.replace("spec:\n", "spec:\n  serviceAccountName: builder\n")
                .replace("    securityContext:\n      runAsUser: 1500\n", "");
        JsonNode patched = mutated("scc-team", Reviews.pod("CREATE", pod).namespace("team"));
        assertEquals(Reviews.yaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  labels: {app: web}
                  annotations:
                    seccomp.security.alpha.kubernetes.io/pod: runtime/default
                    openshift.io/scc: team
                    security.openshift.io/validated-scc-subject-type: serviceaccount
                spec:
                  serviceAccountName: builder
                  securityContext:
                    supplementalGroups: [1000690000]
                    fsGroup: 1000690000
                    seLinuxOptions: {level: "s0:c26,c15"}
                    seccompProfile: {type: RuntimeDefault}
                  initContainers:
                  - name: init
                    image: busybox
                    securityContext:
                      runAsUser: 1000680000
                      runAsNonRoot: true
                      capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}
                      readOnlyRootFilesystem: true
                      allowPrivilegeEscalation: false
                  containers:
                  - name: app
                    image: nginx
                    securityContext:
                      runAsUser: 1000680000
                      runAsNonRoot: true
                      capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}
                      readOnlyRootFilesystem: true
                      allowPrivilegeEscalation: false
                """), patched);
    }

    @Test
    void nothingIsPatchedOnUpdateForWorkloadsOrByPodSecurityStandards() {
        String complete = POD.replace("    securityContext:\n      runAsUser: 1500\n", "");
        JsonNode update = response("mutate", "psp-defaults", Reviews.pod("UPDATE", complete)
                .oldObject(complete.replace("image: nginx", "image: nginx:old")).json());
        assertTrue(update.path("patch").isMissingNode(), update::toString);

        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: app
                        image: nginx
                """;
        for (String workloads : new String[] {"workloads=warn", "workloads=enforce"}) {
            ApiResponse answer = api.handle(new ApiRequest("POST", "/v1/policy-sets/psp-defaults/mutate", workloads,
                    Map.of("content-type", "application/json"),
                    Reviews.of("apps", "v1", "deployments", "CREATE", deployment).json().getBytes(StandardCharsets.UTF_8),
                    "req-2"));
            JsonNode response = read(answer);
            assertTrue(response.path("allowed").asBoolean(), response::toString);
            assertTrue(response.path("patch").isMissingNode(), response::toString);
        }

        String restricted = """
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                  containers:
                  - name: app
                    image: nginx
                    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                """;
        JsonNode pss = response("mutate", "pss-restricted", Reviews.pod("CREATE", restricted).json());
        assertTrue(pss.path("allowed").asBoolean(), pss::toString);
        assertTrue(pss.path("patch").isMissingNode(), pss::toString);
    }

    @Test
    void aMutatingDenialKeepsAdmitsWordingAndCarriesNoPatch() {
        String privileged = POD.replace("      runAsUser: 1500\n", "      privileged: true\n");
        JsonNode refused = response("mutate", "psp-defaults", Reviews.pod("CREATE", privileged).json());
        assertFalse(refused.path("allowed").asBoolean());
        assertTrue(refused.path("patch").isMissingNode(), refused::toString);
        assertEquals(403, refused.path("status").path("code").asInt());
        assertEquals("pods \"web\" is forbidden: PodSecurityPolicy: unable to admit pod: "
                + "[spec.initContainers[0].securityContext.privileged: Invalid value: true: "
                + "Privileged containers are not allowed]", refused.path("status").path("message").asText());
    }

    @Test
    void theCheckRoutesPatchIsTheOneTheMutatingWebhookAnswers() throws IOException {
        ApiResponse check = api.handle(new ApiRequest("POST", "/v1/policy-sets/psp-defaults/check", null,
                Map.of("content-type", "application/yaml"), POD.getBytes(StandardCharsets.UTF_8), "req-3"));
        JsonNode patch = Json.MAPPER.readTree(check.body()).path("resources").path(0).path("patch");
        JsonNode response = response("mutate", "psp-defaults", Reviews.pod("CREATE", POD).json());
        assertTrue(patch.size() > 3, patch::toString);
        assertEquals(patch, Json.MAPPER.readTree(Base64.getDecoder().decode(response.path("patch").asText())));
    }

    private static JsonNode read(ApiResponse answer) {
        assertEquals(200, answer.status(), answer.body());
        try {
            return Json.MAPPER.readTree(answer.body()).path("response");
        } catch (IOException e) {
            throw new AssertionError(answer.body(), e);
        }
    }
}
