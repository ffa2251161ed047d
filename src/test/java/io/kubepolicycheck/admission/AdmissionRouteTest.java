package io.kubepolicycheck.admission;

import static io.kubepolicycheck.testing.Manifests.ALICE_EXEMPT_SET;
import static io.kubepolicycheck.testing.Manifests.CONFIG_MAP;
import static io.kubepolicycheck.testing.Manifests.EXEMPTING_SET;
import static io.kubepolicycheck.testing.Manifests.PRIVILEGED_DEPLOYMENT;
import static io.kubepolicycheck.testing.Manifests.PRIVILEGED_POD;
import static io.kubepolicycheck.testing.Manifests.RESTRICTED_POD;
import static io.kubepolicycheck.testing.Manifests.WARN_AUDIT_SET;
import static io.kubepolicycheck.testing.Manifests.WOULD_VIOLATE_PRIVILEGED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.api.ApiRequest;
import io.kubepolicycheck.api.ApiResponse;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AdmissionReview round trips through {@code POST /v1/policy-sets/{id}/admission}. */
class AdmissionRouteTest {
    private static final String UID = "705ab4f5-6393-11e8-b7cc-42010a800002";
    private static final String RESTRICTED = "/v1/policy-sets/pss-restricted/admission";

    @TempDir
    Path dir;
    private PolicyApi api;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("exempting.yaml"), EXEMPTING_SET);
        Files.writeString(dir.resolve("warn-audit.yaml"), WARN_AUDIT_SET);
        api = new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), new DirectoryPolicyStore(dir)),
                ApiSettings.DEFAULT);
    }

    private JsonNode admit(String path, String query, String review) {
        ApiResponse answer = api.handle(new ApiRequest("POST", path, query, Map.of("content-type", "application/json"),
                review.getBytes(StandardCharsets.UTF_8), "req-1"));
        assertEquals(200, answer.status(), answer.body());
        assertEquals("application/json", answer.header("content-type"));
        JsonNode body = read(answer);
        assertEquals("AdmissionReview", body.path("kind").asText());
        assertEquals(UID, body.path("response").path("uid").asText());
        return body;
    }

    private static JsonNode read(ApiResponse answer) {
        try {
            return Json.MAPPER.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError(answer.body(), e);
        }
    }

    @Test
    void aPrivilegedPodIsDeniedAsTheApiServerWouldDenyIt() {
        JsonNode review = admit(RESTRICTED, null, Reviews.pod("CREATE", PRIVILEGED_POD).json());

        assertEquals("admission.k8s.io/v1", review.path("apiVersion").asText());
        JsonNode response = review.path("response");
        assertFalse(response.path("allowed").asBoolean(true));
        JsonNode status = response.path("status");
        assertEquals(403, status.path("code").asInt());
        assertEquals("Forbidden", status.path("reason").asText());
        assertEquals("Failure", status.path("status").asText());
        assertEquals("pods \"web\" is forbidden: violates PodSecurity \"restricted:latest\": privileged "
                + "(container \"web\" must not set securityContext.privileged=true)", status.path("message").asText());
        assertEquals("web", status.path("details").path("name").asText());
        assertEquals("pods", status.path("details").path("kind").asText());
        assertTrue(response.path("warnings").isMissingNode(), "no warnings on a denied request");
        assertEquals("restricted:latest", response.path("auditAnnotations").path("enforce-policy").asText());
    }

    @Test
    void v1beta1IsAnsweredInV1beta1() {
        JsonNode review = admit(RESTRICTED, null,
                Reviews.pod("CREATE", PRIVILEGED_POD).apiVersion("admission.k8s.io/v1beta1").json());

        assertEquals("admission.k8s.io/v1beta1", review.path("apiVersion").asText());
        assertEquals(403, review.path("response").path("status").path("code").asInt());
    }

    @Test
    void aCompliantPodIsAllowed() {
        JsonNode response = admit(RESTRICTED, null, Reviews.pod("CREATE", RESTRICTED_POD).json()).path("response");

        assertTrue(response.path("allowed").asBoolean());
        assertTrue(response.path("status").isMissingNode());
    }

    @Test
    void aWorkloadIsAllowedWithTheFindingsAsWarnings() {
        JsonNode response = admit(RESTRICTED, null,
                Reviews.of("apps", "v1", "deployments", "CREATE", PRIVILEGED_DEPLOYMENT).json()).path("response");

        assertTrue(response.path("allowed").asBoolean());
        assertEquals(WOULD_VIOLATE_PRIVILEGED, response.path("warnings").path(0).asText());
        assertTrue(response.path("auditAnnotations").path("enforce-policy").isMissingNode());
    }

    @Test
    void workloadsEnforceDeniesTheWorkloadLikeAPod() {
        JsonNode response = admit(RESTRICTED, "workloads=enforce",
                Reviews.of("apps", "v1", "deployments", "CREATE", PRIVILEGED_DEPLOYMENT).json()).path("response");

        assertFalse(response.path("allowed").asBoolean(true));
        assertEquals("deployments.apps \"web\" is forbidden: violates PodSecurity \"restricted:latest\": privileged "
                + "(container \"web\" must not set securityContext.privileged=true)",
                response.path("status").path("message").asText());
        assertEquals("apps", response.path("status").path("details").path("group").asText());
        assertEquals("deployments", response.path("status").path("details").path("kind").asText());
    }

    @Test
    void anInvalidWorkloadsModeIsABadRequest() {
        ApiResponse answer = api.handle(new ApiRequest("POST", RESTRICTED, "workloads=block", Map.of(),
                Reviews.pod("CREATE", PRIVILEGED_POD).json().getBytes(StandardCharsets.UTF_8), "req-1"));

        assertEquals(400, answer.status());
        assertEquals("INVALID_REQUEST", read(answer).path("error").path("code").asText());
    }

    @Test
    void theApiServersTimeoutParameterIsIgnored() {
        assertFalse(admit(RESTRICTED, "timeout=10s", Reviews.pod("CREATE", PRIVILEGED_POD).json())
                .path("response").path("allowed").asBoolean(true));
    }

    @Test
    void deleteConnectNamespacesAndKindsWithoutPodsAreAllowed() {
        for (String review : List.of(
                Reviews.pod("DELETE", null).name("web").json(),
                Reviews.pod("CONNECT", null).subResource("exec").name("web").json(),
                Reviews.of("", "v1", "configmaps", "CREATE", CONFIG_MAP).json(),
                Reviews.of("", "v1", "namespaces", "UPDATE", "{apiVersion: v1, kind: Namespace, metadata: {name: x}}")
                        .json())) {
            assertTrue(admit(RESTRICTED, null, review).path("response").path("allowed").asBoolean(), review);
        }
    }

    @Test
    void podSubresourcesThatCannotChangeTheSpecAreAllowed() {
        for (String sub : List.of("status", "binding", "eviction", "exec", "log")) {
            String review = Reviews.pod("UPDATE", PRIVILEGED_POD).oldObject(PRIVILEGED_POD).subResource(sub).json();
            assertTrue(admit(RESTRICTED, null, review).path("response").path("allowed").asBoolean(), sub);
        }
        String scale = Reviews.of("apps", "v1", "deployments", "UPDATE", PRIVILEGED_DEPLOYMENT).subResource("scale")
                .json();
        assertTrue(admit(RESTRICTED, "workloads=enforce", scale).path("response").path("allowed").asBoolean());
    }

    @Test
    void anEphemeralContainerAddedThroughTheSubresourceIsEnforced() {
        String withDebugger = RESTRICTED_POD + """
                  ephemeralContainers:
                  - name: debugger
                    image: busybox:1.36
                    securityContext:
                      privileged: true
                """;
        String review = Reviews.pod("UPDATE", withDebugger).oldObject(RESTRICTED_POD).subResource("ephemeralcontainers")
                .json();

        JsonNode response = admit(RESTRICTED, null, review).path("response");
        assertFalse(response.path("allowed").asBoolean(true));
        String message = response.path("status").path("message").asText();
        assertTrue(message.startsWith("pods \"good\" is forbidden: violates PodSecurity \"restricted:latest\": "), message);
        assertTrue(message.contains("\"debugger\""), message);
    }

    @Test
    void anUpdateThatChangesNoImageIsAllowedAsUpstreamAllowsIt() {
        String relabelled = PRIVILEGED_POD.replace("  name: web\n", "  name: web\n  labels: {tier: front}\n");
        String review = Reviews.pod("UPDATE", relabelled).oldObject(PRIVILEGED_POD).json();
        assertTrue(admit(RESTRICTED, null, review).path("response").path("allowed").asBoolean());

        String newImage = PRIVILEGED_POD.replace("nginx:1.27", "nginx:1.28");
        String changed = Reviews.pod("UPDATE", newImage).oldObject(PRIVILEGED_POD).json();
        assertFalse(admit(RESTRICTED, null, changed).path("response").path("allowed").asBoolean(true));
    }

    @Test
    void userInfoAndNamespaceReachThePolicies() {
        String path = "/v1/policy-sets/exempting/admission";
        JsonNode exemptUser = admit(path, null,
                Reviews.pod("CREATE", PRIVILEGED_POD).user("ops-admin", List.of("ops")).json()).path("response");
        assertTrue(exemptUser.path("allowed").asBoolean());
        assertEquals("user", exemptUser.path("auditAnnotations").path("exempt").asText());

        JsonNode exemptNamespace = admit(path, null,
                Reviews.pod("CREATE", PRIVILEGED_POD).namespace("kube-system").json()).path("response");
        assertTrue(exemptNamespace.path("allowed").asBoolean());
        assertEquals("namespace", exemptNamespace.path("auditAnnotations").path("exempt").asText());

        assertFalse(admit(path, null, Reviews.pod("CREATE", PRIVILEGED_POD).user("bob", List.of()).json())
                .path("response").path("allowed").asBoolean(true));
    }

    @Test
    void aWorkloadRequestByAnExemptUserIsExemptWhereWorkloadsWarnAndJudgedAsItsPodsWhereEnforced() throws IOException {
        Files.writeString(dir.resolve("alice.yaml"), ALICE_EXEMPT_SET);
        String path = "/v1/policy-sets/alice/admission";
        String byAlice = Reviews.of("apps", "v1", "deployments", "CREATE", PRIVILEGED_DEPLOYMENT)
                .user("alice", List.of()).json();
        String byBob = Reviews.of("apps", "v1", "deployments", "CREATE", PRIVILEGED_DEPLOYMENT)
                .user("bob", List.of()).json();

        // as upstream: the Deployment request itself is alice's, so it is exempt
        JsonNode warned = admit(path, null, byAlice).path("response");
        assertTrue(warned.path("allowed").asBoolean());
        assertTrue(warned.path("warnings").isMissingNode(), warned.toString());
        assertEquals("user", warned.path("auditAnnotations").path("exempt").asText(), warned.toString());
        JsonNode warnedBob = admit(path, "workloads=warn", byBob).path("response");
        assertTrue(warnedBob.path("allowed").asBoolean());
        assertEquals(1, warnedBob.path("warnings").size(), warnedBob.toString());
        assertEquals(WOULD_VIOLATE_PRIVILEGED, warnedBob.path("warnings").path(0).asText());

        // enforced, the Deployment stands for its pods, which the ReplicaSet controller creates
        JsonNode enforced = admit(path, "workloads=enforce", byAlice).path("response");
        assertFalse(enforced.path("allowed").asBoolean(true), enforced.toString());
        assertEquals(403, enforced.path("status").path("code").asInt());
        assertTrue(enforced.path("auditAnnotations").path("exempt").isMissingNode(), enforced.toString());
    }

    @Test
    void warnModeFindingsAreWarningsAndAuditModeFindingsAuditAnnotations() {
        JsonNode response = admit("/v1/policy-sets/warn-audit/admission", null,
                Reviews.pod("CREATE", PRIVILEGED_POD).json()).path("response");

        assertTrue(response.path("allowed").asBoolean());
        assertEquals(WOULD_VIOLATE_PRIVILEGED, response.path("warnings").path(0).asText());
        JsonNode annotations = response.path("auditAnnotations");
        assertEquals(WOULD_VIOLATE_PRIVILEGED, annotations.path("audit-violations").asText());
        for (Iterator<String> keys = annotations.fieldNames(); keys.hasNext(); ) {
            assertFalse(keys.next().contains("/"), "a webhook's audit annotation keys carry no prefix");
        }
        List<String> keys = new ArrayList<>();
        annotations.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("audit-violations", "enforce-policy"), keys, "in key order, as Go writes a map");
    }

    @Test
    void longWarningsAreCutBelow256Characters() {
        StringBuilder deployment = new StringBuilder(PRIVILEGED_DEPLOYMENT);
        for (int i = 0; i < 12; i++) {
            deployment.append("""
                          - name: sidecar-with-a-rather-long-descriptive-name-%d
                            image: busybox:1.36
                            securityContext:
                              privileged: true
                    """.formatted(i));
        }
        JsonNode warnings = admit(RESTRICTED, null,
                Reviews.of("apps", "v1", "deployments", "CREATE", deployment.toString()).json())
                .path("response").path("warnings");

        assertEquals(1, warnings.size());
        String warning = warnings.path(0).asText();
        assertTrue(warning.length() < 256, warning.length() + ": " + warning);
        assertTrue(warning.startsWith("would violate PodSecurity \"restricted:latest\": privileged (containers "));
        assertTrue(warning.endsWith("..."));
    }

    @Test
    void aPodWithOnlyAGeneratedNameIsNamedAsTheApiServerNamesIt() {
        String generated = PRIVILEGED_POD.replace("  name: web\n", "  generateName: web-\n");
        JsonNode response = admit(RESTRICTED, null, Reviews.pod("CREATE", generated).name("").json())
                .path("response");

        assertTrue(response.path("status").path("message").asText().startsWith("pods is forbidden: violates"),
                response.toString());
    }

    @Test
    void aMalformedReviewWithAUidIsDeniedWithAClearMessage() {
        Map<String, String> reviews = Map.of(
                Reviews.pod("CREATE", null).name("web").json(), "request.object is required for CREATE",
                Reviews.pod("UPDATE", PRIVILEGED_POD).json(), "request.oldObject is required for UPDATE",
                Reviews.pod("PATCH", PRIVILEGED_POD).json(), "request.operation must be",
                Reviews.pod("CREATE", "{metadata: {name: x}}").json(), "request.object is not a valid Kubernetes object",
                Reviews.pod("CREATE", CONFIG_MAP).json(), "must be a Pod",
                Reviews.pod("CREATE", PRIVILEGED_POD).without("resource").json(), "request.resource.resource",
                Reviews.pod("CREATE", PRIVILEGED_POD).apiVersion("admission.k8s.io/v2").json(), "AdmissionReview",
                Reviews.pod("CREATE", PRIVILEGED_POD).with("userInfo", "{\"username\": {\"name\": \"admin\"}}").json(),
                "request.userInfo.username must be a string",
                Reviews.pod("CREATE", PRIVILEGED_POD).with("userInfo", "{\"groups\": {\"g\": \"system:masters\"}}").json(),
                "request.userInfo.groups must be an array of strings",
                Reviews.pod("CREATE", PRIVILEGED_POD).with("namespace", "5").json(), "request.namespace must be a string");
        reviews.forEach((review, expected) -> {
            JsonNode answer = admit(RESTRICTED, null, review);
            JsonNode response = answer.path("response");
            assertFalse(response.path("allowed").asBoolean(true), review);
            assertEquals(400, response.path("status").path("code").asInt(), review);
            assertEquals("BadRequest", response.path("status").path("reason").asText(), review);
            assertTrue(response.path("status").path("message").asText().contains(expected),
                    response.path("status").path("message").asText());
            assertTrue(answer.path("apiVersion").asText().startsWith("admission.k8s.io/v1"));
        });
    }

    @Test
    void aMistypedObjectInAReviewIsDeniedAsABadRequestInTheDecodersWords() {
        // The API server would never send it (it decodes objects first); an HTTP error would leave the decision to
        // the webhook's failurePolicy, which may be Ignore, so the review is answered and denied like any malformed one.
        String pod = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"web\"}, \"spec\": "
                + "{\"containers\": [{\"name\": \"web\", \"securityContext\": {\"privileged\": \"false\"}}]}}";
        for (String path : List.of(RESTRICTED, "/v1/policy-sets/pss-privileged/admission")) {
            JsonNode response = admit(path, null, Reviews.pod("CREATE", null).name("web").with("object", pod).json())
                    .path("response");
            assertFalse(response.path("allowed").asBoolean(true), response.toString());
            assertEquals(400, response.path("status").path("code").asInt());
            assertEquals("BadRequest", response.path("status").path("reason").asText());
            assertEquals("request.object is not a valid Kubernetes object: Pod in version \"v1\" cannot be handled as a "
                    + "Pod: json: cannot unmarshal string into Go struct field SecurityContext.spec.containers"
                    + ".securityContext.privileged of type bool", response.path("status").path("message").asText());
        }
        JsonNode workload = admit(RESTRICTED, "workloads=warn", Reviews.of("apps", "v1", "deployments", "CREATE",
                null).with("object", "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"spec\": {\"template\": "
                + "{\"spec\": {\"hostPID\": 1, \"containers\": [{\"name\": \"a\"}]}}}}").json()).path("response");
        assertFalse(workload.path("allowed").asBoolean(true), "a mistyped workload is not merely warned about");
        assertTrue(workload.path("status").path("message").asText().endsWith("cannot unmarshal number into Go struct "
                + "field PodSpec.spec.template.spec.hostPID of type bool"), workload.toString());
    }

    @Test
    void aReviewWithoutAReadableUidIsABadRequest() {
        for (String body : List.of("not json", "[]", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
                Reviews.pod("CREATE", PRIVILEGED_POD).without("uid").json())) {
            ApiResponse answer = api.handle(new ApiRequest("POST", RESTRICTED, null, Map.of(),
                    body.getBytes(StandardCharsets.UTF_8), "req-1"));
            assertEquals(400, answer.status(), body);
            assertEquals("INVALID_REQUEST", read(answer).path("error").path("code").asText());
        }
    }

    @Test
    void anUnknownSetIsAnErrorTheWebhooksFailurePolicyDecides() {
        ApiResponse answer = api.handle(new ApiRequest("POST", "/v1/policy-sets/absent/admission", null, Map.of(),
                Reviews.pod("CREATE", PRIVILEGED_POD).json().getBytes(StandardCharsets.UTF_8), "req-1"));

        assertEquals(404, answer.status());
        assertEquals("POLICY_SET_NOT_FOUND", read(answer).path("error").path("code").asText());
    }
}
