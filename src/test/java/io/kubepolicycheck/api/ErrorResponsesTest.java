package io.kubepolicycheck.api;

import static io.kubepolicycheck.api.Requests.get;
import static io.kubepolicycheck.api.Requests.json;
import static io.kubepolicycheck.api.Requests.post;
import static io.kubepolicycheck.testing.Manifests.RESTRICTED_POD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.DirectoryPolicyStore;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.policystore.PolicyStoreException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error code of the API, each with its status, its body and its headers. */
class ErrorResponsesTest {
    private static final int LIMIT = 4096;

    @TempDir
    Path dir;
    private PolicyApi api;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), """
                apiVersion: pod-security.admission.config.k8s.io/v1
                kind: PodSecurityConfiguration
                defaults:
                  enforce: restricted
                  enforce-versoin: latest
                """);
        api = new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), new DirectoryPolicyStore(dir)),
                new ApiSettings(LIMIT));
    }

    private JsonNode error(ApiResponse response, ErrorCode code) {
        assertEquals(code.status(), response.status(), response.body());
        assertEquals("application/json", response.header("content-type"));
        assertTrue(response.outcome().startsWith(code.name()), response.outcome());
        JsonNode body = json(response);
        assertEquals(Set.of("error", "requestId"), fieldNames(body));
        assertEquals("req-1", body.path("requestId").asText());
        JsonNode error = body.path("error");
        assertEquals(code.name(), error.path("code").asText());
        assertFalse(error.path("message").asText().isBlank());
        assertEquals(code.retryable(), error.path("retryable").asBoolean(!code.retryable()));
        assertFalse(response.body().contains("\tat "), "no stack trace");
        return error;
    }

    @Test
    void invalidManifestSaysDocumentLineAndColumn() {
        JsonNode error = error(api.handle(post("/v1/policy-sets/pss-restricted/check", null, "application/yaml",
                RESTRICTED_POD + "---\napiVersion: v1\nkind: Pod\nmetadata: name: x\n")), ErrorCode.INVALID_MANIFEST);

        assertEquals(1, error.path("document").asInt());
        assertEquals(20, error.path("line").asInt());
        assertEquals(15, error.path("column").asInt());
    }

    @Test
    void aMistypedPodFieldIsInvalidManifestAtItsValueWithoutEchoingIt() {
        String pod = RESTRICTED_POD.replace("runAsNonRoot: true", "runAsNonRoot: \"sk-live-1234\"");
        JsonNode error = error(api.handle(post("/v1/policy-sets/pss-restricted/check", null, "application/yaml", pod)),
                ErrorCode.INVALID_MANIFEST);

        assertEquals("Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field "
                + "PodSecurityContext.spec.securityContext.runAsNonRoot of type bool", error.path("message").asText());
        assertEquals(0, error.path("document").asInt());
        assertEquals(7, error.path("line").asInt());
        assertEquals(19, error.path("column").asInt());
        assertFalse(error.toString().contains("sk-live-1234"), error.toString());
    }

    @Test
    void aMistypedPodFieldInTheJsonEnvelopeIsInvalidManifest() {
        String envelope = "{\"policySet\": \"pss-baseline\", \"manifest\": {\"apiVersion\": \"apps/v1\", \"kind\": "
                + "\"Deployment\", \"spec\": {\"template\": {\"spec\": {\"containers\": [{\"name\": \"a\", "
                + "\"ports\": [{\"hostPort\": 80.5}]}]}}}}}";
        JsonNode error = error(api.handle(post("/v1/check", null, "application/json", envelope)), ErrorCode.INVALID_MANIFEST);

        assertEquals("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal number 80.5 "
                + "into Go struct field ContainerPort.spec.template.spec.containers.ports.hostPort of type int32",
                error.path("message").asText());
    }

    @Test
    void notKubernetesObjectsIsInvalidManifest() {
        JsonNode error = error(api.handle(post("/v1/policy-sets/pss-restricted/check", null, null, "just: a map\n")),
                ErrorCode.INVALID_MANIFEST);

        assertTrue(error.path("message").asText().contains("kind"), error.toString());
    }

    @Test
    void emptyBodyIsInvalidManifest() {
        error(api.handle(post("/v1/policy-sets/pss-restricted/check", null, "application/yaml", "")),
                ErrorCode.INVALID_MANIFEST);
    }

    @Test
    void aManifestWithoutObjectsIsInvalidManifest() {
        for (String body : List.of("   \n", "# only a comment\n", "---\n---\n", "[]")) {
            JsonNode error = error(api.handle(post("/v1/policy-sets/pss-restricted/check", null, null, body)),
                    ErrorCode.INVALID_MANIFEST);
            assertEquals("no Kubernetes objects found in the manifest", error.path("message").asText(), body);
        }
        JsonNode envelope = error(api.handle(post("/v1/check", null, "application/json",
                "{\"policySet\": \"pss-restricted\", \"manifest\": []}")), ErrorCode.INVALID_MANIFEST);
        assertEquals("no Kubernetes objects found in the manifest", envelope.path("message").asText());
    }

    @Test
    void badSetIdIsInvalidRequest() {
        for (String id : List.of("Bad_Id", "-x", "a..b", "x%2F..%2Fy")) {
            JsonNode error = error(api.handle(post("/v1/policy-sets/" + id + "/check", null, null, RESTRICTED_POD)),
                    ErrorCode.INVALID_REQUEST);
            assertTrue(error.path("message").asText().contains(id), error.toString());
        }
        JsonNode dots = error(api.handle(post("/v1/policy-sets/a..b/check", null, null, RESTRICTED_POD)),
                ErrorCode.INVALID_REQUEST);
        assertTrue(dots.path("message").asText().contains("must not contain \"..\""), "a..b matches the pattern: "
                + "the message must say what else is wrong: " + dots);
    }

    @Test
    void badQueryValuesAreInvalidRequest() {
        for (String query : List.of("format=xml", "operation=DELETE", "namespace=Not_A_Namespace",
                "format=json&format=text", "namespace=%zz")) {
            error(api.handle(post("/v1/policy-sets/pss-restricted/check", query, null, RESTRICTED_POD)),
                    ErrorCode.INVALID_REQUEST);
        }
    }

    @Test
    void aBrokenPercentEscapeIsNamedWithHowToWriteAPercent() {
        for (String query : List.of("namespace=%zz", "user=100%", "group=%4")) {
            String message = error(api.handle(post("/v1/policy-sets/pss-restricted/check", query, null, RESTRICTED_POD)),
                    ErrorCode.INVALID_REQUEST).path("message").asText();
            String value = query.substring(query.indexOf('=') + 1);
            assertEquals("malformed query string: in \"" + value + "\", a % must be followed by two hexadecimal digits "
                    + "(write a literal % as %25)", message);
        }
    }

    @Test
    void unknownSetIsNotFoundAndNamedInTheMessage() {
        JsonNode error = error(api.handle(post("/v1/policy-sets/no-such-set/check", null, null, RESTRICTED_POD)),
                ErrorCode.POLICY_SET_NOT_FOUND);

        assertTrue(error.path("message").asText().contains("\"no-such-set\""), error.toString());
        error(api.handle(get("/v1/policy-sets/no-such-set")), ErrorCode.POLICY_SET_NOT_FOUND);
    }

    @Test
    void unknownRouteIsNotFound() {
        for (String path : List.of("/", "/v2/check", "/v1/policy-sets/", "/v1/policy-sets/pss-restricted/verify",
                "/v1/check/")) {
            error(api.handle(post(path, null, null, RESTRICTED_POD)), ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void wrongMethodIsMethodNotAllowedWithAllow() {
        ApiResponse response = api.handle(get("/v1/policy-sets/pss-restricted/check"));
        error(response, ErrorCode.METHOD_NOT_ALLOWED);
        assertEquals("POST", response.header("allow"));

        ApiResponse describe = api.handle(post("/v1/policy-sets/pss-restricted", null, null, RESTRICTED_POD));
        error(describe, ErrorCode.METHOD_NOT_ALLOWED);
        assertEquals("GET", describe.header("allow"));

        ApiRequest delete = new ApiRequest("DELETE", "/v1/check", null, Map.of(), new byte[0], "req-1");
        error(api.handle(delete), ErrorCode.METHOD_NOT_ALLOWED);
    }

    @Test
    void overTheLimitIsPayloadTooLargeOnEveryRoute() {
        byte[] big = ("# " + "x".repeat(LIMIT) + "\n").getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("/v1/policy-sets/pss-restricted/check", "/v1/check",
                "/v1/policy-sets/pss-restricted/admission")) {
            JsonNode error = error(api.handle(post(path, null, null, big, Map.of())), ErrorCode.PAYLOAD_TOO_LARGE);
            assertTrue(error.path("message").asText().contains(Integer.toString(LIMIT)), error.toString());
        }
    }

    @Test
    void exactlyAtTheLimitIsRead() {
        String pod = RESTRICTED_POD + "#";
        String body = pod + "x".repeat(LIMIT - pod.length());
        assertEquals(200, api.handle(post("/v1/policy-sets/pss-restricted/check", null, null, body)).status());
    }

    @Test
    void aCompressedBodyIsUnsupportedOnEveryRouteThatReadsOne() throws IOException {
        byte[] gzipped;
        try (var bytes = new ByteArrayOutputStream(); var gzip = new GZIPOutputStream(bytes)) {
            gzip.write(RESTRICTED_POD.getBytes(StandardCharsets.UTF_8));
            gzip.finish();
            gzipped = bytes.toByteArray();
        }
        for (String path : List.of("/v1/policy-sets/pss-restricted/check", "/v1/check",
                "/v1/policy-sets/pss-restricted/admission")) {
            JsonNode error = error(api.handle(post(path, null, null, gzipped, Map.of("content-encoding", "gzip"))),
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE);
            assertEquals("content encoding \"gzip\" is not supported: send the body uncompressed",
                    error.path("message").asText());
        }
        assertEquals(200, api.handle(post("/v1/policy-sets/pss-restricted/check", null, null,
                RESTRICTED_POD.getBytes(StandardCharsets.UTF_8), Map.of("content-encoding", "identity"))).status());
    }

    @Test
    void unreadableContentTypesAreUnsupported() {
        for (String type : List.of("application/xml", "multipart/form-data; boundary=x", "image/png",
                "application/yaml; charset=iso-8859-1", "notatype")) {
            JsonNode error = error(api.handle(post("/v1/policy-sets/pss-restricted/check", null, type, RESTRICTED_POD)),
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE);
            assertTrue(error.path("message").asText().contains("send"), error.toString());
        }
        error(api.handle(post("/v1/check", null, "application/yaml", "{}")), ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        for (String type : List.of(";", " ; charset=utf-8", ";;")) {
            error(api.handle(post("/v1/policy-sets/pss-restricted/check", null, type, RESTRICTED_POD)),
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE);
            error(api.handle(post("/v1/check", null, type, "{}")), ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        }
        error(api.handle(post("/v1/policy-sets/pss-restricted/admission", null, "text/plain", "{}")),
                ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void aMalformedStoredSetIsInvalidPolicySetNamingKeyDocumentAndLine() {
        JsonNode error = error(api.handle(post("/v1/policy-sets/broken/check", null, null, RESTRICTED_POD)),
                ErrorCode.INVALID_POLICY_SET);

        assertTrue(error.path("message").asText().contains("broken.yaml"), error.toString());
        assertTrue(error.path("message").asText().contains("enforce-versoin"), error.toString());
        assertEquals(0, error.path("document").asInt());
        assertEquals(5, error.path("line").asInt());
    }

    @Test
    void aFailingStoreIsUnavailableRetryableWithRetryAfter() {
        PolicyApi failing = new PolicyApi(PolicyApiTest.failingStore(), ApiSettings.DEFAULT);
        ApiResponse response = failing.handle(post("/v1/policy-sets/team/check", null, null, RESTRICTED_POD));

        JsonNode error = error(response, ErrorCode.POLICY_STORE_UNAVAILABLE);
        assertTrue(error.path("retryable").asBoolean());
        assertEquals(Integer.toString(PolicyStoreException.DEFAULT_RETRY_AFTER_SECONDS), response.header("retry-after"));
    }

    @Test
    void aBugIsAnInternalErrorWithoutItsDetails() {
        PolicyApi buggy = new PolicyApi(id -> {
            throw new IllegalStateException("secret detail");
        }, ApiSettings.DEFAULT);
        ApiResponse response = buggy.handle(post("/v1/policy-sets/x/check", null, null, RESTRICTED_POD));

        error(response, ErrorCode.INTERNAL_ERROR);
        assertFalse(response.body().contains("secret detail"));
        assertFalse(response.body().contains("IllegalStateException"));
        assertTrue(response.outcome().contains("IllegalStateException"), "the log line names the failure");
    }

    @Test
    void everyErrorCodeHasARequestThatCausesIt() {
        String check = "/v1/policy-sets/pss-restricted/check";
        Map<ErrorCode, Supplier<ApiResponse>> cases = new EnumMap<>(ErrorCode.class);
        cases.put(ErrorCode.INVALID_MANIFEST, () -> api.handle(post(check, null, null, "- not an object\n")));
        cases.put(ErrorCode.INVALID_REQUEST, () -> api.handle(post(check, "operation=PATCH", null, RESTRICTED_POD)));
        cases.put(ErrorCode.POLICY_SET_NOT_FOUND, () -> api.handle(get("/v1/policy-sets/absent")));
        cases.put(ErrorCode.NOT_FOUND, () -> api.handle(get("/healthz")));
        cases.put(ErrorCode.METHOD_NOT_ALLOWED, () -> api.handle(get(check)));
        cases.put(ErrorCode.PAYLOAD_TOO_LARGE, () -> api.handle(post(check, null, null, "#".repeat(LIMIT + 1))));
        cases.put(ErrorCode.UNSUPPORTED_MEDIA_TYPE, () -> api.handle(post(check, null, "text/html", RESTRICTED_POD)));
        cases.put(ErrorCode.INVALID_POLICY_SET, () -> api.handle(get("/v1/policy-sets/broken")));
        cases.put(ErrorCode.INTERNAL_ERROR, () -> new PolicyApi(id -> {
            throw new IllegalStateException();
        }, ApiSettings.DEFAULT).handle(get("/v1/policy-sets/x")));
        cases.put(ErrorCode.POLICY_STORE_UNAVAILABLE, () -> new PolicyApi(PolicyApiTest.failingStore(),
                ApiSettings.DEFAULT).handle(get("/v1/policy-sets/x")));

        assertEquals(EnumSet.allOf(ErrorCode.class), cases.keySet());
        cases.forEach((code, call) -> error(call.get(), code));
    }

    private static Set<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return Set.copyOf(names);
    }
}
