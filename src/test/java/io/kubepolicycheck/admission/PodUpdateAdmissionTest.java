package io.kubepolicycheck.admission;

import static io.kubepolicycheck.testing.Manifests.PRIVILEGED_POD;
import static io.kubepolicycheck.testing.Manifests.RESTRICTED_SET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.api.ApiRequest;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.DirectoryPolicyStore;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.validator.render.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which pod UPDATEs each policy judges, as its admission plugin does: Pod Security admission only one that changes
 * an image, a number of containers or an ephemeral container ({@code isSignificantPodUpdate}); PodSecurityPolicy
 * (in the validating pass) and SCC admission (in both) every one but one that changes only what the garbage
 * collector changes ({@code shouldIgnore}). In a set, an update is judged by the policies that judge it.
 */
class PodUpdateAdmissionTest {
    /** {@link io.kubepolicycheck.testing.Manifests#PRIVILEGED_POD} with a label added: the spec is the same. */
    private static final String RELABELLED =
            PRIVILEGED_POD.replace("  name: web\n", "  name: web\n  labels: {tier: front}\n");
    /** The privileged pod as the garbage collector updates it: owner and finalizers changed, nothing else. */
    private static final String OWNED = PRIVILEGED_POD.replace("  name: web\n", """
              name: web
              ownerReferences:
              - {apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: 6f1c2b8e-1d3a-4c5e-9f70-8a9b0c1d2e3f}
              finalizers: [example.com/keep]
            """);
    private static final String NEW_IMAGE = PRIVILEGED_POD.replace("nginx:1.27", "nginx:1.28");
    private static final String PSP_REFUSAL = "pods \"web\" is forbidden: PodSecurityPolicy: unable to validate pod: "
            + "[spec.containers[0].securityContext.privileged: Invalid value: true: Privileged containers are not "
            + "allowed]";

    /** Pod Security's restricted level and a PodSecurityPolicy that refuses only privileged containers. */
    static final String MIXED_SET = RESTRICTED_SET + """
            ---
            apiVersion: policy/v1beta1
            kind: PodSecurityPolicy
            metadata:
              name: unprivileged
              annotations:
                seccomp.security.alpha.kubernetes.io/allowedProfileNames: '*'
            spec:
              privileged: false
              runAsUser: {rule: RunAsAny}
              seLinux: {rule: RunAsAny}
              supplementalGroups: {rule: RunAsAny}
              fsGroup: {rule: RunAsAny}
              volumes: ['*']
            """;

    @TempDir
    Path dir;
    private PolicyApi api;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("pss-and-psp.yaml"), MIXED_SET);
        api = new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), new DirectoryPolicyStore(dir)),
                ApiSettings.DEFAULT);
    }

    /** The answer of {@code route} ({@code mutate} or {@code admission}) to an UPDATE of {@code old} to {@code now}. */
    private JsonNode update(String route, String set, String now, String old) {
        String review = Reviews.pod("UPDATE", now).oldObject(old).json();
        var answer = api.handle(new ApiRequest("POST", "/v1/policy-sets/" + set + "/" + route, null,
                Map.of("content-type", "application/json"), review.getBytes(StandardCharsets.UTF_8), "req-1"));
        assertEquals(200, answer.status(), answer.body());
        try {
            JsonNode response = Json.MAPPER.readTree(answer.body()).path("response");
            // no pass patches an UPDATE: the plugins default only the pods they create
            assertTrue(response.path("patch").isMissingNode(), response::toString);
            assertTrue(response.path("patchType").isMissingNode(), response::toString);
            return response;
        } catch (IOException e) {
            throw new AssertionError(answer.body(), e);
        }
    }

    private static void assertDenied(String message, JsonNode response) {
        assertFalse(response.path("allowed").asBoolean(true), response::toString);
        assertEquals(403, response.path("status").path("code").asInt(), response::toString);
        assertEquals(message, response.path("status").path("message").asText(), response::toString);
    }

    /** Allowed unexamined: nothing judged it, so no policy left a warning or an audit annotation. */
    private static void assertUnexamined(JsonNode response) {
        assertTrue(response.path("allowed").asBoolean(), response::toString);
        assertTrue(response.path("warnings").isMissingNode(), response::toString);
        assertTrue(response.path("auditAnnotations").isMissingNode(), response::toString);
    }

    @Test
    void podSecurityPolicyValidatesAnUpdateThatOnlyAddsALabel() {
        assertDenied(PSP_REFUSAL, update("admission", "psp-restricted", RELABELLED, PRIVILEGED_POD));
        // Admit mutates only what is created: it lets every UPDATE through to Validate.
        for (String now : List.of(RELABELLED, NEW_IMAGE)) {
            assertUnexamined(update("mutate", "psp-restricted", now, PRIVILEGED_POD));
        }
    }

    @Test
    void securityContextConstraintsJudgeAnUpdateThatOnlyAddsALabelInBothPasses() {
        List<String> errors = new ArrayList<>();
        errors.add("provider \"anyuid\": Forbidden: not usable by user or serviceaccount");
        errors.add("provider restricted-v2: .containers[0].privileged: Invalid value: true: Privileged containers are "
                + "not allowed");
        for (String scc : List.of("restricted", "nonroot-v2", "nonroot", "hostmount-anyuid", "hostmount-anyuid-v2",
                "hostnetwork-v2", "hostnetwork", "hostaccess", "privileged")) {
            errors.add("provider \"" + scc + "\": Forbidden: not usable by user or serviceaccount");
        }
        String refused = "pods \"web\" is forbidden: unable to validate against any security context constraint: ";
        // Admit prints an aggregate error, Validate the list of field errors.
        assertDenied(refused + "[" + String.join(", ", errors) + "]",
                update("mutate", "openshift-default", RELABELLED, PRIVILEGED_POD));
        assertDenied(refused + "[" + String.join(" ", errors) + "]",
                update("admission", "openshift-default", RELABELLED, PRIVILEGED_POD));
    }

    @Test
    void anUpdateOfOnlyTheGarbageCollectorsFieldsIsAllowedUnexamined() {
        for (String set : List.of("psp-restricted", "openshift-default", "pss-restricted", "pss-and-psp")) {
            for (String route : List.of("mutate", "admission")) {
                assertUnexamined(update(route, set, OWNED, PRIVILEGED_POD));
                assertUnexamined(update(route, set, PRIVILEGED_POD, OWNED));
            }
        }
        // Anything else changed with them, and the update is judged.
        String ownedAndRelabelled = OWNED.replace("  name: web\n", "  name: web\n  labels: {tier: front}\n");
        assertDenied(PSP_REFUSAL, update("admission", "psp-restricted", ownedAndRelabelled, PRIVILEGED_POD));
        assertFalse(update("mutate", "openshift-default", ownedAndRelabelled, PRIVILEGED_POD)
                .path("allowed").asBoolean(true));
    }

    @Test
    void sccAdmissionIgnoresTheNetworkAnnotationOvnKubernetesWrites() {
        String networked = PRIVILEGED_POD.replace("  name: web\n", """
                  name: web
                  annotations:
                    k8s.ovn.org/pod-networks: '{"default":{"ip_addresses":["10.128.2.15/23"]}}'
                """);
        for (String route : List.of("mutate", "admission")) {
            assertUnexamined(update(route, "openshift-default", networked, PRIVILEGED_POD));
            assertFalse(update(route, "openshift-default", networked.replace("  name: web\n",
                    "  name: web\n  labels: {tier: front}\n"), PRIVILEGED_POD).path("allowed").asBoolean(true));
        }
        // Not PodSecurityPolicy's: another annotation is another change.
        assertFalse(update("admission", "psp-restricted", networked, PRIVILEGED_POD).path("allowed").asBoolean(true));
    }

    @Test
    void podSecurityAdmissionStillLetsAnUpdateThatChangesNoImageThrough() {
        for (String route : List.of("mutate", "admission")) {
            assertUnexamined(update(route, "pss-restricted", RELABELLED, PRIVILEGED_POD));
            assertFalse(update(route, "pss-restricted", NEW_IMAGE, PRIVILEGED_POD).path("allowed").asBoolean(true));
            // Older versions' checks read seccomp annotations, so a change of one is significant.
            for (String key : List.of("seccomp.security.alpha.kubernetes.io/pod",
                    "container.seccomp.security.alpha.kubernetes.io/web")) {
                String annotated = PRIVILEGED_POD.replace("  name: web\n",
                        "  name: web\n  annotations:\n    " + key + ": runtime/default\n");
                assertFalse(update(route, "pss-restricted", annotated, PRIVILEGED_POD).path("allowed").asBoolean(true),
                        key);
            }
        }
    }

    @Test
    void inAMixedSetOnlyThePoliciesThatJudgeTheUpdateJudgeIt() {
        // Pod Security lets the relabelling through; the PodSecurityPolicy refuses it, alone, in Validate.
        JsonNode relabelled = update("admission", "pss-and-psp", RELABELLED, PRIVILEGED_POD);
        assertDenied(PSP_REFUSAL, relabelled);
        assertTrue(relabelled.path("auditAnnotations").isMissingNode(), relabelled::toString);
        assertUnexamined(update("mutate", "pss-and-psp", RELABELLED, PRIVILEGED_POD));

        // A pod Pod Security refuses but the PodSecurityPolicy admits unchanged: its relabelling is allowed.
        String unconfined = PRIVILEGED_POD.replace("      privileged: true\n", "")
                .replace("    seccompProfile:\n      type: RuntimeDefault\n", "");
        String unconfinedRelabelled = unconfined.replace("  name: web\n", "  name: web\n  labels: {tier: front}\n");
        JsonNode allowed = update("admission", "pss-and-psp", unconfinedRelabelled, unconfined);
        assertTrue(allowed.path("allowed").asBoolean(), allowed::toString);
        assertTrue(allowed.path("auditAnnotations").isMissingNode(), allowed::toString);

        // A new image brings Pod Security in: both refuse, each in its own words.
        JsonNode newImage = update("admission", "pss-and-psp", NEW_IMAGE, PRIVILEGED_POD);
        String message = newImage.path("status").path("message").asText();
        assertTrue(message.contains("violates PodSecurity \"restricted:latest\": privileged"), message);
        assertTrue(message.contains("PodSecurityPolicy: unable to validate pod: [spec.containers[0]"), message);
        assertEquals("restricted:latest", newImage.path("auditAnnotations").path("enforce-policy").asText(),
                newImage::toString);
    }
}
