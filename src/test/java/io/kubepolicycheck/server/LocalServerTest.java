package io.kubepolicycheck.server;

import static io.kubepolicycheck.testing.Manifests.PRIVILEGED_POD;
import static io.kubepolicycheck.testing.Manifests.RESTRICTED_POD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.lambda.ApiGatewayHandler;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.DirectoryPolicyStore;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.testing.Manifests;
import io.kubepolicycheck.validator.render.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** {@code serve} over real HTTP: the same answers as the Lambda handler, and the lines the Lambda writes. */
class LocalServerTest {
    private static final int LIMIT = 64 * 1024;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private ApiGatewayHandler handler;
    private LocalServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(dir.resolve("team-a.yaml"), Manifests.EXEMPTING_SET);
        handler = new ApiGatewayHandler(api(), ServeCommand.requestLog(Map.of(),
                new PrintStream(logBytes, true, StandardCharsets.UTF_8)));
        server = LocalServer.start(0, handler);
    }

    private PolicyApi api() {
        return new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), new DirectoryPolicyStore(dir)),
                new ApiSettings(LIMIT));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the Lambda answers to the API Gateway event of the same request. */
    private APIGatewayV2HTTPResponse lambda(String method, String path, String query, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRawPath(path).withRawQueryString(query).withHeaders(headers)
                .withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("same-id")
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                        .build())
                .build();
        return handler.handleRequest(event, null);
    }

    private static String withoutRequestId(String body, String id) {
        return body.replace(id, "<id>");
    }

    @Test
    void everyRouteAnswersAsTheLambdaDoes() throws Exception {
        String envelope = "{\"policySet\":\"team-a\",\"manifest\":" + Json.MAPPER.valueToTree(PRIVILEGED_POD) + "}";
        String review = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u-1\","
                + "\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"pods\"},\"operation\":\"CREATE\","
                + "\"namespace\":\"default\",\"name\":\"web\",\"object\":"
                + Json.MAPPER.valueToTree(new Yaml().load(PRIVILEGED_POD))
                + "}}";
        List<String[]> requests = List.of(
                new String[] {"POST", "/v1/policy-sets/pss-restricted/check", "", "application/yaml", PRIVILEGED_POD},
                new String[] {"POST", "/v1/policy-sets/pss-restricted/check", "format=text&namespace=shop", null, PRIVILEGED_POD},
                new String[] {"POST", "/v1/policy-sets/team-a/check", "user=ops-admin&group=a&group=b",
                        "application/x-www-form-urlencoded", PRIVILEGED_POD},
                new String[] {"POST", "/v1/check", "", "application/json", envelope},
                new String[] {"POST", "/v1/policy-sets/pss-restricted/admission", "timeout=10s", "application/json", review},
                new String[] {"GET", "/v1/policy-sets/team-a", "", null, null},
                new String[] {"POST", "/v1/policy-sets/absent/check", "", null, RESTRICTED_POD},
                new String[] {"GET", "/v1/policy-sets/pss-restricted/check", "", null, null},
                new String[] {"POST", "/v1/policy-sets/pss-restricted/check", "", "application/pdf", RESTRICTED_POD},
                new String[] {"POST", "/v1/policy-sets/pss-restricted/check", "", null, "kind: [\n"},
                new String[] {"PUT", "/elsewhere", "", null, "x"});
        for (String[] r : requests) {
            HttpResponse<String> served = send(r[0], r[1] + (r[2].isEmpty() ? "" : "?" + r[2]), r[3], r[4]);
            APIGatewayV2HTTPResponse expected = lambda(r[0], r[1], r[2], r[3], r[4]);
            String label = r[0] + " " + r[1] + "?" + r[2];
            String servedId = served.headers().firstValue("x-request-id").orElseThrow();

            assertEquals(expected.getStatusCode(), served.statusCode(), label);
            assertEquals(expected.getHeaders().get("content-type"), served.headers().firstValue("content-type").orElse(null),
                    label);
            assertEquals(withoutRequestId(expected.getBody(), "same-id"), withoutRequestId(served.body(), servedId), label);
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithoutReadingItAll() throws Exception {
        String big = RESTRICTED_POD + "#".repeat(4 * LIMIT);
        HttpResponse<String> response = send("POST", "/v1/policy-sets/pss-restricted/check", "application/yaml", big);

        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void responseHeadersIncludeRetryAfterAndAllow() throws Exception {
        HttpResponse<String> response = send("GET", "/v1/check", null, null);

        assertEquals(405, response.statusCode());
        assertEquals("POST", response.headers().firstValue("allow").orElse(null));
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : logBytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        return lines;
    }

    private static List<JsonNode> ofType(List<JsonNode> lines, String type) {
        return lines.stream().filter(l -> l.path("type").asText().equals(type)).toList();
    }

    @Test
    void aClientThatGoesAwayMidBodyLeavesNoLineAsTheFunctionWouldNeverBeCalled() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.getOutputStream().write(("POST /v1/policy-sets/pss-restricted/check HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 100\r\n\r\nabc").getBytes(StandardCharsets.US_ASCII));
        }
        // the next request is answered and logged, alone
        assertEquals(200, send("GET", "/v1/policy-sets/pss-restricted", null, null).statusCode());

        List<JsonNode> requests = ofType(lines(), "request");
        assertEquals(1, requests.size(), requests.toString());
        assertEquals("GET", requests.get(0).path("method").asText());
    }

    @Test
    void eachRequestWritesOneRequestLineAndOneMetricsLine() throws Exception {
        send("POST", "/v1/policy-sets/pss-restricted/check", null, PRIVILEGED_POD);
        send("GET", "/v1/policy-sets/absent", null, null);

        List<JsonNode> lines = lines();
        assertEquals(4, lines.size(), lines.toString());
        List<JsonNode> requests = ofType(lines, "request");
        assertEquals(2, requests.size(), lines.toString());
        assertEquals(2, ofType(lines, "metrics").size(), lines.toString());
        JsonNode check = requests.get(0);
        assertEquals("/v1/policy-sets/{id}/check", check.path("route").asText());
        assertEquals(200, check.path("status").asInt());
        assertEquals("denied", check.path("outcome").asText());
        assertEquals("pss-restricted", check.path("policySet").asText());
        assertTrue(check.path("policySetVersion").asText().startsWith("builtin-"), check.toString());
        assertEquals("builtin", check.path("store").asText());
        assertEquals(1, check.path("resourcesDenied").asInt());
        assertEquals("privileged", check.path("deniedChecks").path(0).asText());
        assertEquals("cold", check.path("start").asText());
        JsonNode absent = requests.get(1);
        assertEquals(404, absent.path("status").asInt());
        assertEquals("POLICY_SET_NOT_FOUND", absent.path("outcome").asText());
        assertEquals("not-found", absent.path("store").asText());
        assertTrue(absent.path("start").isMissingNode(), absent.toString());
    }

    @Test
    void serveWritesTheLinesTheLambdaWritesForTheSameRequest() throws Exception {
        send("POST", "/v1/policy-sets/pss-restricted/check?format=text", "application/yaml", PRIVILEGED_POD);
        List<String> lambda = new ArrayList<>();
        ApiGatewayHandler direct = new ApiGatewayHandler(api(), lambda::add);
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath("/v1/policy-sets/pss-restricted/check")
                .withRawQueryString("format=text")
                .withHeaders(Map.of("content-type", "application/yaml"))
                .withBody(PRIVILEGED_POD)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("r")
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                        .build())
                .build();
        direct.handleRequest(event, new LocalContext());

        List<JsonNode> served = lines();
        assertEquals(lambda.size(), served.size(), served + " / " + lambda);
        for (int i = 0; i < served.size(); i++) {
            assertEquals(comparable(Json.MAPPER.readTree(lambda.get(i))), comparable(served.get(i)));
        }
    }

    /** A line without what differs between two runs of one request: times and ids. */
    private static JsonNode comparable(JsonNode line) {
        ObjectNode copy = line.deepCopy();
        copy.remove(List.of("timestamp", "requestId", "awsRequestId", "durationMs", "Duration"));
        if (copy.has("_aws")) {
            ((ObjectNode) copy.path("_aws")).remove("Timestamp");
        }
        return copy;
    }
}
