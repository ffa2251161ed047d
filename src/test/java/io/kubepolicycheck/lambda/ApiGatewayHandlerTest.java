package io.kubepolicycheck.lambda;

import static io.kubepolicycheck.testing.Manifests.PRIVILEGED_POD;
import static io.kubepolicycheck.testing.Manifests.RESTRICTED_POD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.validator.render.Json;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiGatewayHandlerTest {
    private final List<String> log = new ArrayList<>();
    private final ApiGatewayHandler handler = new ApiGatewayHandler(
            new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), null), ApiSettings.DEFAULT), log::add);

    static APIGatewayV2HTTPEvent event(String method, String path, String query, String body, boolean base64) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString(query)
                .withHeaders(Map.of("Content-Type", "application/yaml"))
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("api-gw-id")
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                                .build())
                        .build())
                .build();
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new AssertionError(response.getBody(), e);
        }
    }

    @Test
    void aBase64BodyIsDecoded() {
        String encoded = Base64.getEncoder().encodeToString(PRIVILEGED_POD.getBytes(StandardCharsets.UTF_8));
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                event("POST", "/v1/policy-sets/pss-restricted/check", "", encoded, true), null);

        assertEquals(200, response.getStatusCode());
        assertFalse(response.getIsBase64Encoded());
        assertFalse(json(response).path("allowed").asBoolean(true));
    }

    @Test
    void aBodyThatIsNotBase64IsABadRequest() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                event("POST", "/v1/policy-sets/pss-restricted/check", "", "%%% not base64", true), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("INVALID_REQUEST", json(response).path("error").path("code").asText());
    }

    @Test
    void errorsCarryTheRequestIdOfTheEvent() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                event("POST", "/v1/policy-sets/absent/check", "", RESTRICTED_POD, false), null);

        assertEquals(404, response.getStatusCode());
        assertEquals("api-gw-id", json(response).path("requestId").asText());
        assertEquals("api-gw-id", response.getHeaders().get("x-request-id"));
    }

    @Test
    void withoutAnEventRequestIdTheLambdaRequestIdIsUsed() {
        APIGatewayV2HTTPEvent event = event("GET", "/nowhere", "", null, false);
        event.getRequestContext().setRequestId(null);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, context("lambda-id"));

        assertEquals("lambda-id", json(response).path("requestId").asText());
    }

    @Test
    void anEventThatIsNotAnHttpApiEventIsABadRequest() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(new APIGatewayV2HTTPEvent(), context("lambda-id"));

        assertEquals(400, response.getStatusCode());
        JsonNode body = json(response);
        assertEquals("INVALID_REQUEST", body.path("error").path("code").asText());
        assertEquals("lambda-id", body.path("requestId").asText());
    }

    @Test
    void aNamedStageIsNotPartOfTheRoute() {
        APIGatewayV2HTTPEvent event = event("GET", "/prod/v1/policy-sets/pss-baseline", "", null, false);
        event.getRequestContext().setStage("prod");

        assertEquals(200, handler.handleRequest(event, null).getStatusCode());
    }

    @Test
    void queryParametersAreReadFromTheMapWhenTheRawStringIsMissing() {
        APIGatewayV2HTTPEvent event = event("POST", "/v1/policy-sets/pss-restricted/check", null, PRIVILEGED_POD, false);
        event.setQueryStringParameters(Map.of("format", "text"));

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertEquals("text/plain; charset=utf-8", response.getHeaders().get("content-type"));
    }

    /** An event written by hand (a test harness, a replayed log) may hold nulls API Gateway never sends. */
    @Test
    void headersAndParametersWithoutAValueAreLeftOut() {
        APIGatewayV2HTTPEvent event = event("POST", "/v1/policy-sets/pss-restricted/check", null, PRIVILEGED_POD, false);
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/yaml");
        headers.put("accept", null);
        event.setHeaders(headers);
        Map<String, String> parameters = new HashMap<>();
        parameters.put("format", "text");
        parameters.put("namespace", null);
        event.setQueryStringParameters(parameters);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("text/plain; charset=utf-8", response.getHeaders().get("content-type"));
        assertTrue(response.getBody().contains("denied: Pod/web: privileged"), response.getBody());
    }

    /**
     * Events of every shape the handler may be given, well formed or not: methods, paths (with and without a
     * stage, escaped, empty, missing), bodies (missing, empty, YAML, not base64 though marked so) and headers
     * (missing, without a value, unreadable). Each is answered, and none with a 5xx.
     */
    @Test
    void everyShapeOfEventIsAnsweredWithoutA5xx() {
        List<String> methods = Arrays.asList("POST", "GET", "post", "", "DELETE", null);
        List<String> paths = Arrays.asList("/v1/policy-sets/pss-restricted/check", "/v1/check",
                "/v1/policy-sets/pss-restricted", "/v1/policy-sets//check", "/v1/policy-sets/%2e%2e/check", "", null,
                "//", "/v1/policy-sets/pss-restricted/admission/x", "/prod/v1/check");
        List<String> bodies = Arrays.asList(null, "", RESTRICTED_POD, "{}", "!!!", "%%%");
        Map<String, String> withoutValue = new HashMap<>();
        withoutValue.put("content-type", null);
        withoutValue.put("content-length", "abc");
        List<Map<String, String>> headerSets = Arrays.asList(null, withoutValue,
                Map.of("Content-Type", "application/yaml; charset=latin1"), Map.of("content-type", ";;;"),
                Map.of("accept", "text/markdown;q=x"));
        for (String method : methods) {
            for (String path : paths) {
                for (String body : bodies) {
                    for (Map<String, String> headers : headerSets) {
                        for (boolean base64 : new boolean[] {false, true}) {
                            for (String stage : Arrays.asList(null, "$default", "prod")) {
                                APIGatewayV2HTTPEvent event = event(method, path, null, body, base64);
                                event.setHeaders(headers);
                                event.getRequestContext().setStage(stage);
                                APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
                                String what = method + " " + path + " stage " + stage + " headers " + headers
                                        + " base64 " + base64 + " body " + body;
                                assertTrue(response.getStatusCode() < 500, what + ": " + response.getBody());
                                assertFalse(response.getBody().contains("\tat "), what);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void repeatedQueryParametersKeepEveryValue() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("POST", "/v1/policy-sets/pss-restricted/check",
                "format=json&format=text", RESTRICTED_POD, false), null);

        assertEquals(400, response.getStatusCode(), "two formats are refused, not joined");
    }

    @Test
    void oneRequestLinePerRequestWithoutTheManifest() throws IOException {
        String secret = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: db
                stringData:
                  password: hunter2-s3cr3t
                """;
        APIGatewayV2HTTPResponse verdict = handler.handleRequest(
                event("POST", "/v1/policy-sets/pss-restricted/check", "", secret, false), null);
        assertFalse(verdict.getBody().contains("s3cr3t"), "a Secret's data is not in the verdict either");
        handler.handleRequest(event("POST", "/v1/policy-sets/pss-restricted/check", "", secret + "  : [", false), null);

        assertEquals(4, log.size(), "a request line and a metrics line each: " + log);
        List<JsonNode> requests = new ArrayList<>();
        for (String line : log) {
            assertFalse(line.contains("s3cr3t"), line);
            assertFalse(line.contains("\n"), line);
            JsonNode parsed = Json.MAPPER.readTree(line);
            if (parsed.path("type").asText().equals("request")) {
                requests.add(parsed);
            }
        }
        JsonNode first = requests.get(0);
        assertEquals("api-gw-id", first.path("requestId").asText());
        assertEquals("POST", first.path("method").asText());
        assertEquals("/v1/policy-sets/pss-restricted/check", first.path("path").asText());
        assertEquals(200, first.path("status").asInt());
        assertEquals("allowed", first.path("outcome").asText());
        assertTrue(first.has("durationMs"));
        assertEquals("INVALID_MANIFEST", requests.get(1).path("outcome").asText());
    }

    @Test
    void theDurationCountsFromWhenTheAdapterReceivedTheRequest() throws IOException {
        long receivedTwoSecondsAgo = System.nanoTime() - 2_000_000_000L;

        handler.handleRequest(event("GET", "/v1/policy-sets/pss-restricted", null, null, false), null,
                receivedTwoSecondsAgo);

        JsonNode line = Json.MAPPER.readTree(log.get(0));
        assertTrue(line.path("durationMs").asLong() >= 2000, line.toString());
    }

    @Test
    void aRequestLogThatFailsDoesNotFailTheAnswer() {
        ApiGatewayHandler failing = new ApiGatewayHandler(ApiGatewayHandler.create(Map.of()), line -> {
            throw new IllegalStateException("disk full");
        });

        APIGatewayV2HTTPResponse response = failing.handleRequest(
                event("POST", "/v1/policy-sets/pss-restricted/check", "", RESTRICTED_POD, false), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
    }

    private static Context context(String awsRequestId) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> method.getName().equals("getAwsRequestId") ? awsRequestId : null);
    }
}
