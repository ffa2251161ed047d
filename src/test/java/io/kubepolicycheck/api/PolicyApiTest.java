package io.kubepolicycheck.api;

import static io.kubepolicycheck.api.Requests.get;
import static io.kubepolicycheck.api.Requests.json;
import static io.kubepolicycheck.api.Requests.post;
import static io.kubepolicycheck.testing.Manifests.ALICE_AND_REPLICASET_CONTROLLER_EXEMPT_SET;
import static io.kubepolicycheck.testing.Manifests.ALICE_EXEMPT_SET;
import static io.kubepolicycheck.testing.Manifests.CONFIG_MAP;
import static io.kubepolicycheck.testing.Manifests.EXEMPTING_SET;
import static io.kubepolicycheck.testing.Manifests.PRIVILEGED_DEPLOYMENT;
import static io.kubepolicycheck.testing.Manifests.PRIVILEGED_POD;
import static io.kubepolicycheck.testing.Manifests.RESTRICTED_POD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.DirectoryPolicyStore;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.policystore.PolicyStore;
import io.kubepolicycheck.policystore.PolicyStoreException;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.AdmissionPhase;
import io.kubepolicycheck.validator.policy.Operation;
import io.kubepolicycheck.validator.policy.PodUpdate;
import io.kubepolicycheck.validator.policy.Policy;
import io.kubepolicycheck.validator.policy.PolicyDecision;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.policy.PolicySummary;
import io.kubepolicycheck.validator.workload.PodTemplate;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyApiTest {
    private static final String CHECK = "/v1/policy-sets/pss-restricted/check";

    @TempDir
    Path dir;
    private PolicyApi api;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("team-a.yaml"), EXEMPTING_SET);
        Files.writeString(dir.resolve("broken.yaml"), """
                apiVersion: pod-security.admission.config.k8s.io/v1
                kind: PodSecurityConfiguration
                defaults:
                  enforce: restricted
                  enforce-versoin: latest
                """);
        api = new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), new DirectoryPolicyStore(dir)),
                new ApiSettings(4096));
    }

    @Test
    void rawCheckAnswersTheVerdictWithTheOffendingKeysPlace() {
        ApiResponse response = api.handle(post(CHECK, null, "application/yaml", PRIVILEGED_POD + "---\n" + CONFIG_MAP));

        assertEquals(200, response.status());
        assertEquals("application/json", response.header("content-type"));
        assertEquals("req-1", response.header("x-request-id"));
        assertEquals("denied", response.outcome());
        JsonNode verdict = json(response);
        assertFalse(verdict.path("allowed").asBoolean(true));
        assertEquals("pss-restricted", verdict.path("policySet").path("id").asText());
        assertTrue(verdict.path("policySet").path("version").asText().startsWith("builtin-"));
        JsonNode pod = verdict.path("resources").path(0);
        JsonNode violation = violation(pod, "privileged");
        assertEquals("spec.containers[0].securityContext.privileged", violation.path("path").asText());
        assertEquals(17, violation.path("line").asInt());
        assertEquals(7, violation.path("column").asInt());
        JsonNode configMap = verdict.path("resources").path(1);
        assertEquals(1, configMap.path("document").asInt());
        assertFalse(configMap.path("checked").asBoolean(true));
        assertTrue(configMap.path("allowed").asBoolean(false));
    }

    @Test
    void rawCheckAllowsACompliantPodAndReadsJsonToo() {
        String json = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\"},\"spec\":{\"securityContext\":"
                + "{\"runAsNonRoot\":true,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},\"containers\":[{\"name\":\"a\","
                + "\"image\":\"nginx\",\"securityContext\":{\"allowPrivilegeEscalation\":false,\"capabilities\":"
                + "{\"drop\":[\"ALL\"]}}}]}}";
        ApiResponse response = api.handle(post(CHECK, null, "application/json", json));

        assertEquals(200, response.status());
        assertEquals("allowed", response.outcome());
        assertTrue(json(response).path("allowed").asBoolean());
    }

    @Test
    void curlsDefaultContentTypeIsReadAsTheManifest() {
        ApiResponse response = api.handle(post(CHECK, null, "application/x-www-form-urlencoded", RESTRICTED_POD));

        assertEquals(200, response.status());
        assertTrue(json(response).path("allowed").asBoolean());
    }

    @ParameterizedTest
    @CsvSource({
            "format=text, , text/plain; charset=utf-8",
            "format=markdown, , text/markdown; charset=utf-8",
            "format=sarif, , application/sarif+json",
            "format=junit, , application/xml; charset=utf-8",
            ", application/xml, application/xml; charset=utf-8",
            ", 'text/xml;q=0.9, application/json', application/json",
            "format=json, text/plain, application/json",
            ", text/plain, text/plain; charset=utf-8",
            ", 'text/markdown;q=0.5, text/plain', text/plain; charset=utf-8",
            ", '*/*, text/markdown', text/markdown; charset=utf-8",
            ", application/sarif+json, application/sarif+json",
            ", image/png, application/json",
            ", ';;;,,,', application/json",
            ", ';', application/json",
            ", ',', application/json",
            ", ';q=1, text/plain', text/plain; charset=utf-8",
    })
    void formatComesFromTheQueryElseFromAccept(String query, String accept, String mediaType) {
        Map<String, String> headers = accept == null ? Map.of() : Map.of("accept", accept);
        ApiResponse response = api.handle(post(CHECK, query, "application/yaml",
                PRIVILEGED_POD.getBytes(StandardCharsets.UTF_8), headers));

        assertEquals(200, response.status());
        assertEquals(mediaType, response.header("content-type"));
    }

    @Test
    void textFormatPrintsOneLinePerFinding() {
        ApiResponse response = api.handle(post(CHECK, "format=text", null, PRIVILEGED_POD));

        assertTrue(response.body().contains(":17:7:"), response.body());
        assertTrue(response.body().contains("DENIED"), response.body());
    }

    @Test
    void queryAttributesReachThePolicies() {
        List<AdmissionAttributes> seen = new ArrayList<>();
        PolicyApi recording = new PolicyApi(recordingStore(seen), ApiSettings.DEFAULT);

        ApiResponse response = recording.handle(post("/v1/policy-sets/recording/check",
                "namespace=team-a&operation=UPDATE&user=alice&group=dev&group=ops%20team", "application/yaml",
                RESTRICTED_POD));

        assertEquals(200, response.status(), response.body());
        assertEquals(1, seen.size());
        AdmissionAttributes attributes = seen.get(0);
        assertEquals("team-a", attributes.namespace());
        assertEquals(Operation.UPDATE, attributes.operation());
        assertEquals("alice", attributes.userInfo().username());
        assertEquals(List.of("dev", "ops team"), attributes.userInfo().groups());
    }

    @Test
    void anExemptUserIsAllowedWhereOthersAreDenied() {
        String path = "/v1/policy-sets/team-a/check";

        assertFalse(json(api.handle(post(path, "user=bob", null, PRIVILEGED_POD))).path("allowed").asBoolean(true));
        assertTrue(json(api.handle(post(path, "user=ops-admin", null, PRIVILEGED_POD))).path("allowed").asBoolean());
        assertTrue(json(api.handle(post(path, "namespace=kube-system", null, PRIVILEGED_POD))).path("allowed").asBoolean());
    }

    private static final String EXEMPT = "pod-security.kubernetes.io/exempt";

    private JsonNode checkedResource(String set, String query, String manifest) {
        ApiResponse response = api.handle(post("/v1/policy-sets/" + set + "/check", query, null, manifest));
        assertEquals(200, response.status(), response.body());
        return json(response).path("resources").path(0);
    }

    @Test
    void anExemptUserIsComparedWithWhoeverCreatesThePods() throws IOException {
        Files.writeString(dir.resolve("alice.yaml"), ALICE_EXEMPT_SET);
        Files.writeString(dir.resolve("alice-and-replicasets.yaml"), ALICE_AND_REPLICASET_CONTROLLER_EXEMPT_SET);

        // alice creates her Pod herself
        JsonNode pod = checkedResource("alice", "user=alice", PRIVILEGED_POD);
        assertTrue(pod.path("allowed").asBoolean(), pod.toString());
        assertEquals("user", pod.path("auditAnnotations").path(EXEMPT).asText(), pod.toString());

        // the pods of her Deployment are created by the ReplicaSet controller, which is not exempt
        JsonNode deployment = checkedResource("alice", "user=alice", PRIVILEGED_DEPLOYMENT);
        assertFalse(deployment.path("allowed").asBoolean(true), deployment.toString());
        assertEquals("spec.template.spec.containers[0].securityContext.privileged",
                violation(deployment, "privileged").path("path").asText());
        assertTrue(deployment.path("auditAnnotations").path(EXEMPT).isMissingNode(), deployment.toString());

        JsonNode controllerExempt = checkedResource("alice-and-replicasets", "user=alice", PRIVILEGED_DEPLOYMENT);
        assertTrue(controllerExempt.path("allowed").asBoolean(), controllerExempt.toString());
        assertEquals("user", controllerExempt.path("auditAnnotations").path(EXEMPT).asText());
        // whoever applies the Deployment: its pods' creator is what is compared
        assertTrue(checkedResource("alice-and-replicasets", "user=bob", PRIVILEGED_DEPLOYMENT)
                .path("allowed").asBoolean());
        assertFalse(checkedResource("alice-and-replicasets", "user=bob", PRIVILEGED_POD).path("allowed").asBoolean(true));
    }

    @Test
    void theEnvelopeComparesTheControllerForAWorkloadToo() throws IOException {
        Files.writeString(dir.resolve("alice.yaml"), ALICE_EXEMPT_SET);
        String envelope = "{\"policySet\": \"alice\", \"manifest\": %s, \"userInfo\": {\"username\": \"alice\"}}";

        JsonNode pod = json(api.handle(post("/v1/check", null, "application/json",
                envelope.formatted(quote(PRIVILEGED_POD))))).path("resources").path(0);
        JsonNode deployment = json(api.handle(post("/v1/check", null, "application/json",
                envelope.formatted(quote(PRIVILEGED_DEPLOYMENT))))).path("resources").path(0);

        assertTrue(pod.path("allowed").asBoolean(), pod.toString());
        assertFalse(deployment.path("allowed").asBoolean(true), deployment.toString());
    }

    @Test
    void aPodTemplateHasNoKnownControllerSoItsRequestingUserIsCompared() throws IOException {
        Files.writeString(dir.resolve("alice.yaml"), ALICE_EXEMPT_SET);
        String podTemplate = """
                apiVersion: v1
                kind: PodTemplate
                metadata:
                  name: web
                template:
                  spec:
                    containers:
                    - name: web
                      image: nginx:1.27
                      securityContext:
                        privileged: true
                """;

        JsonNode byAlice = checkedResource("alice", "user=alice", podTemplate);
        assertTrue(byAlice.path("allowed").asBoolean(), byAlice.toString());
        assertEquals("user", byAlice.path("auditAnnotations").path(EXEMPT).asText());
        assertFalse(checkedResource("alice", "user=bob", podTemplate).path("allowed").asBoolean(true));
    }

    @Test
    void envelopeTakesTheManifestAsText() {
        String body = "{\"policySet\": \"pss-restricted\", \"manifest\": " + quote(PRIVILEGED_POD)
                + ", \"namespace\": \"shop\", \"format\": \"json\"}";
        ApiResponse response = api.handle(post("/v1/check", null, "application/json", body));

        assertEquals(200, response.status(), response.body());
        JsonNode pod = json(response).path("resources").path(0);
        assertEquals("shop", pod.path("namespace").asText());
        assertEquals(17, violation(pod, "privileged").path("line").asInt());
    }

    @Test
    void envelopeManifestAsAnObjectIsLocatedInTheBodyAsSent() {
        String body = """
                {
                  "policySet": "pss-restricted",
                  "manifest": {
                    "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
                    "spec": {"containers": [{"name": "web", "image": "nginx",
                             "securityContext": {"privileged": true}}]}
                  }
                }
                """;
        ApiResponse response = api.handle(post("/v1/check", null, null, body));

        assertEquals(200, response.status(), response.body());
        JsonNode violation = violation(json(response).path("resources").path(0), "privileged");
        assertEquals(6, violation.path("line").asInt());
        assertEquals(34, violation.path("column").asInt());
    }

    @Test
    void envelopeManifestAsAnArrayChecksEachObject() {
        String body = "{\"policySet\":\"pss-restricted\",\"manifest\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                + "\"metadata\":{\"name\":\"a\"}},{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"b\"}}]}";
        JsonNode verdict = json(api.handle(post("/v1/check", null, "application/json", body)));

        assertEquals(2, verdict.path("resources").size());
        assertEquals("b", verdict.path("resources").path(1).path("name").asText());
    }

    @Test
    void envelopeUserInfoReachesThePolicies() {
        List<AdmissionAttributes> seen = new ArrayList<>();
        PolicyApi recording = new PolicyApi(recordingStore(seen), ApiSettings.DEFAULT);
        String body = "{\"policySet\":\"recording\",\"manifest\":" + quote(RESTRICTED_POD) + ",\"operation\":\"UPDATE\","
                + "\"userInfo\":{\"username\":\"alice\",\"uid\":\"1\",\"groups\":[\"dev\",\"system:authenticated\"]}}";

        assertEquals(200, recording.handle(post("/v1/check", null, "application/json", body)).status());
        assertEquals("alice", seen.get(0).userInfo().username());
        assertEquals(List.of("dev", "system:authenticated"), seen.get(0).userInfo().groups());
        assertEquals(Operation.UPDATE, seen.get(0).operation());
    }

    @Test
    void envelopeFormatFieldWinsOverAccept() {
        String body = "{\"policySet\":\"pss-restricted\",\"manifest\":" + quote(PRIVILEGED_POD) + ",\"format\":\"text\"}";
        ApiResponse response = api.handle(post("/v1/check", null, "application/json",
                body.getBytes(StandardCharsets.UTF_8), Map.of("accept", "application/json")));

        assertEquals("text/plain; charset=utf-8", response.header("content-type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[]",
            "{\"manifest\": \"a: b\"}",
            "{\"policySet\": \"pss-restricted\"}",
            "{\"policySet\": \"pss-restricted\", \"manifest\": 3}",
            "{\"policySet\": \"pss-restricted\", \"manifest\": \"\", \"polcySet\": \"x\"}",
            "{\"policySet\": \"pss-restricted\", \"manifest\": \"\", \"userInfo\": {\"name\": \"x\"}}",
            "{\"policySet\": \"pss-restricted\", \"manifest\": \"\", \"userInfo\": {\"groups\": \"dev\"}}",
            "{\"policySet\": \"pss-restricted\", \"policySet\": \"pss-baseline\", \"manifest\": \"\"}",
            "{\"policySet\": \"pss-restricted\", \"manifest\": \"\"} {}",
            "{\"policySet\": \"Not An Id\", \"manifest\": \"\"}",
            "{\"policySet\": \"pss-restricted\", \"manifest\": \"\", \"operation\": \"DELETE\"}",
            "{\"policySet\": \"pss-restricted\", \"manifest\": \"\", \"format\": \"xml\"}",
            "{\"policySet\": ",
    })
    void aBadEnvelopeIsInvalidRequest(String body) {
        ApiResponse response = api.handle(post("/v1/check", null, "application/json", body));

        assertEquals(400, response.status(), response.body());
        assertEquals("INVALID_REQUEST", json(response).path("error").path("code").asText());
    }

    @Test
    void invalidEnvelopeJsonSaysWhere() {
        ApiResponse response = api.handle(post("/v1/check", null, "application/json", "{\n  \"policySet\": x\n}"));

        JsonNode error = json(response).path("error");
        assertEquals(2, error.path("line").asInt());
        assertTrue(error.path("column").asInt() > 0);
    }

    @Test
    void describeSummarisesTheSet() {
        ApiResponse response = api.handle(get("/v1/policy-sets/team-a"));

        assertEquals(200, response.status());
        JsonNode set = json(response);
        assertEquals("team-a", set.path("id").asText());
        assertTrue(set.path("version").asText().startsWith("sha256-"));
        assertTrue(set.path("stale").isMissingNode());
        assertEquals("PodSecurityConfiguration", set.path("policies").path(0).path("kind").asText());
        assertEquals("restricted:latest", set.path("policies").path(0).path("settings").path("enforce").asText());
    }

    @Test
    void aStaleSetIsMarkedInTheVerdictAndTheDescription() throws Exception {
        PolicySet set = new BuiltinPolicySets().find("pss-restricted").orElseThrow();
        PolicyApi stale = new PolicyApi(id -> new LoadedPolicySet(set, true), ApiSettings.DEFAULT);

        assertTrue(json(stale.handle(post(CHECK, null, null, RESTRICTED_POD))).path("policySet").path("stale").asBoolean());
        assertTrue(json(stale.handle(get("/v1/policy-sets/pss-restricted"))).path("stale").asBoolean());
    }

    @Test
    void aWorkloadIsDeniedOnTheCheckRouteWhenItsPodsWouldBe() {
        JsonNode verdict = json(api.handle(post(CHECK, null, null, PRIVILEGED_DEPLOYMENT)));

        assertFalse(verdict.path("allowed").asBoolean(true));
        assertEquals("spec.template.spec.containers[0].securityContext.privileged",
                violation(verdict.path("resources").path(0), "privileged").path("path").asText());
    }

    private static JsonNode violation(JsonNode resource, String check) {
        for (JsonNode v : resource.path("violations")) {
            if (v.path("check").asText().equals(check)) {
                return v;
            }
        }
        throw new AssertionError("no " + check + " violation in " + resource);
    }

    static String quote(String text) {
        return io.kubepolicycheck.validator.render.Json.MAPPER.valueToTree(text).toString();
    }

    /** A store with one set whose only policy records what it was asked and allows. */
    static PolicyStore recordingStore(List<AdmissionAttributes> seen) {
        Policy recorder = new Policy() {
            @Override
            public PolicyDecision evaluate(PodTemplate pod, AdmissionAttributes attributes) {
                seen.add(attributes);
                return PolicyDecision.allow();
            }

            @Override
            public boolean judges(PodUpdate update, AdmissionPhase phase) {
                return true;
            }

            @Override
            public PolicySummary summary() {
                return new PolicySummary("Recorder", "recorder", Map.of());
            }
        };
        return id -> new LoadedPolicySet(new PolicySet(id, "v1", List.of(recorder)), false);
    }

    static PolicyStore failingStore() {
        return id -> {
            throw new PolicyStoreException("S3 is down", null);
        };
    }
}
