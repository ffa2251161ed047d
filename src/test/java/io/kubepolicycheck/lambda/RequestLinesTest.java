package io.kubepolicycheck.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepolicycheck.api.ErrorCode;
import io.kubepolicycheck.requestlog.Level;
import io.kubepolicycheck.requestlog.RequestLog;
import io.kubepolicycheck.requestlog.Routes;
import io.kubepolicycheck.requestlog.StoreOutcome;
import io.kubepolicycheck.requestlog.Starts;
import io.kubepolicycheck.validator.render.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The lines the handler writes, replaying events/ and requests carrying secrets: one request line per request
 * with the fields an operator reads, metrics lines in CloudWatch's embedded metric format, and nothing of the
 * caller's body.
 */
class RequestLinesTest {
    private record Line(Level level, JsonNode json) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final ApiGatewayHandler handler = new ApiGatewayHandler(ApiGatewayHandler.create(Map.of()),
            new RequestLog((level, line) -> {
                try {
                    lines.add(new Line(level, Json.MAPPER.readTree(line)));
                } catch (IOException e) {
                    throw new UncheckedIOException(line, e);
                }
            }, new Starts(), InstantSource.system(), null));

    private static Context context(String awsRequestId) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> method.getName().equals("getAwsRequestId") ? awsRequestId : null);
    }

    private static List<Path> events() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            return files.sorted().toList();
        }
    }

    private List<JsonNode> ofType(String type) {
        return lines.stream().map(Line::json).filter(l -> l.path("type").asText().equals(type)).toList();
    }

    @Test
    void everyEventLeavesOneRequestLineWithTheFieldsAnOperatorReads() throws IOException {
        List<Path> events = events();
        for (int i = 0; i < events.size(); i++) {
            lines.clear();
            APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(events.get(i).toString());
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, context("lambda-" + i));

            String where = events.get(i) + ": " + lines;
            List<JsonNode> requests = ofType("request");
            assertEquals(1, requests.size(), where);
            assertEquals(1, ofType("metrics").size(), where);
            JsonNode line = requests.get(0);
            Instant.parse(line.path("timestamp").asText());
            assertEquals(response.getStatusCode() >= 500 ? "ERROR" : "INFO", line.path("level").asText(), where);
            assertEquals("lambda-" + i, line.path("awsRequestId").asText(), where);
            assertEquals(event.getRequestContext().getRequestId(), line.path("requestId").asText(), where);
            assertEquals(event.getRequestContext().getHttp().getMethod(), line.path("method").asText(), where);
            assertTrue(Routes.ALL.contains(line.path("route").asText()), where);
            assertNotEquals(Routes.OTHER, line.path("route").asText(), where);
            assertEquals(response.getStatusCode(), line.path("status").asInt(), where);
            assertFalse(line.path("outcome").asText().isEmpty(), where);
            assertTrue(line.path("durationMs").isIntegralNumber(), where);
            // listing the sets is the one route about no set in particular
            assertEquals(!line.path("route").asText().equals("/v1/policy-sets"), line.path("policySet").isTextual(),
                    "every event about a set names it: " + where);
            if (response.getStatusCode() == 200 && line.path("policySet").isTextual()) {
                assertTrue(line.path("policySetVersion").asText().startsWith("builtin-"), where);
                assertFalse(line.path("stale").asBoolean(true), where);
                assertEquals(StoreOutcome.BUILTIN.id(), line.path("store").asText(), where);
            }
            assertEquals(i == 0 ? "cold" : null, line.path("start").textValue(), "only the first is a cold start");
        }
    }

    @Test
    void aDeniedCheckNamesTheSetItsVersionTheStoreOutcomeAndTheCounts() throws IOException {
        handler.handleRequest(EventLoader.loadApiGatewayHttpEvent("events/check-raw-yaml.json"), context("a"));

        JsonNode line = ofType("request").get(0);
        assertEquals("denied", line.path("outcome").asText());
        assertEquals("/v1/policy-sets/{id}/check", line.path("route").asText());
        assertEquals("pss-restricted", line.path("policySet").asText());
        assertTrue(line.path("policySetVersion").asText().startsWith("builtin-"));
        assertEquals("builtin", line.path("store").asText());
        assertEquals(1, line.path("resourcesChecked").asInt());
        assertEquals(1, line.path("resourcesDenied").asInt());
        assertTrue(line.path("deniedChecks").toString().contains("\"privileged\""), line.toString());
        assertTrue(line.path("s3Ms").isMissingNode(), "no S3 call for a built-in set");
    }

    @Test
    void anAdmissionReviewsLineHasTheFieldsOfACheckLineCountingItsObjectAndTheChecksThatRefusedIt()
            throws IOException {
        handler.handleRequest(EventLoader.loadApiGatewayHttpEvent("events/check-raw-yaml.json"), context("check"));
        Set<String> checkFields = fields(ofType("request").get(0));
        checkFields.remove("start");
        Map<String, Boolean> denied = Map.of("admission-pod-allowed.json", false, "admission-pod-denied.json", true,
                "admission-deployment-warnings.json", false, "mutate-pod-psp.json", false,
                "mutate-pod-scc.json", false, "validate-pod-patched.json", false, "validate-pod-unpatched.json", true);
        List<Path> reviews = events().stream().filter(event -> denied.containsKey(event.getFileName().toString()))
                .toList();
        assertEquals(denied.size(), reviews.size(), "every AdmissionReview event is replayed: " + reviews);

        for (Path event : reviews) {
            lines.clear();
            handler.handleRequest(EventLoader.loadApiGatewayHttpEvent(event.toString()), context("review"));

            JsonNode line = ofType("request").get(0);
            String where = event + ": " + line;
            assertEquals(checkFields, fields(line), where);
            boolean refused = denied.get(event.getFileName().toString());
            assertEquals(refused ? "denied" : "allowed", line.path("outcome").asText(), where);
            assertEquals(1, line.path("resourcesChecked").asInt(), where);
            assertEquals(refused ? 1 : 0, line.path("resourcesDenied").asInt(), where);
            if (!refused) {
                assertTrue(line.path("deniedChecks").isEmpty(), where);
            }
        }
    }

    @Test
    void aRefusedReviewNamesTheChecksTheCheckRouteNamesForItsObject() throws IOException {
        APIGatewayV2HTTPEvent review = EventLoader.loadApiGatewayHttpEvent("events/admission-pod-denied.json");
        handler.handleRequest(review, context("review"));
        JsonNode admitted = ofType("request").get(0);
        APIGatewayV2HTTPEvent check = EventLoader.loadApiGatewayHttpEvent("events/admission-pod-denied.json");
        check.setRawPath(review.getRawPath().replace("/admission", "/check"));
        check.setRawQueryString(null);
        check.setBody(Json.MAPPER.readTree(review.getBody()).path("request").path("object").toString());
        lines.clear();
        handler.handleRequest(check, context("check"));
        JsonNode checked = ofType("request").get(0);

        assertEquals("denied", checked.path("outcome").asText(), checked.toString());
        assertTrue(admitted.path("deniedChecks").toString().contains("\"privileged\""), admitted.toString());
        assertEquals(checked.path("deniedChecks"), admitted.path("deniedChecks"));
    }

    @Test
    void aPodThePodSecurityPolicyAdmitsOnlyWithDefaultsIsRefusedByNoCheck() throws IOException {
        // upstream's message names no field either ("unable to validate pod: []"): the pod breaks no rule, it
        // lacks the defaults the mutating pass would have set
        handler.handleRequest(EventLoader.loadApiGatewayHttpEvent("events/validate-pod-unpatched.json"),
                context("review"));

        JsonNode line = ofType("request").get(0);
        assertEquals("denied", line.path("outcome").asText());
        assertEquals(1, line.path("resourcesDenied").asInt());
        assertTrue(line.path("deniedChecks").isArray() && line.path("deniedChecks").isEmpty(), line.toString());
    }

    @Test
    void aMalformedReviewIsCountedAsABadRequestNotADenial() throws IOException {
        // a uid, so it is answered in kind (an AdmissionReview whose status is 400), but its object is no object
        ObjectNode review = (ObjectNode) Json.MAPPER.readTree(review(POD));
        ((ObjectNode) review.path("request")).put("object", 7);
        handler.handleRequest(event("POST", "/v1/policy-sets/pss-restricted/admission", "application/json",
                review.toString()), context("review"));

        JsonNode line = ofType("request").get(0);
        assertEquals(200, line.path("status").asInt(), line.toString());
        assertEquals("INVALID_REQUEST", line.path("outcome").asText(), line.toString());
        assertEquals(0, line.path("resourcesDenied").asInt(), line.toString());
    }

    private static Set<String> fields(JsonNode line) {
        Set<String> names = new HashSet<>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void everyMetricsLineIsEmbeddedMetricFormatWithBoundedDimensions() throws IOException {
        for (Path event : events()) {
            handler.handleRequest(EventLoader.loadApiGatewayHttpEvent(event.toString()), context("m"));
        }
        Set<String> outcomes = new HashSet<>(List.of("allowed", "denied", "ok"));
        Arrays.stream(ErrorCode.values()).forEach(code -> outcomes.add(code.name()));
        Set<String> stores = new HashSet<>();
        Arrays.stream(StoreOutcome.values()).forEach(store -> stores.add(store.id()));
        Map<String, Set<String>> bounded = Map.of("route", Set.copyOf(Routes.ALL), "outcome", outcomes,
                "store", stores);

        List<JsonNode> metrics = ofType("metrics");
        assertEquals(events().size(), metrics.size());
        Set<String> names = new HashSet<>();
        for (JsonNode line : metrics) {
            JsonNode aws = line.path("_aws");
            assertTrue(aws.path("Timestamp").isIntegralNumber(), line.toString());
            JsonNode directives = aws.path("CloudWatchMetrics");
            assertTrue(directives.isArray() && !directives.isEmpty(), line.toString());
            for (JsonNode directive : aws.path("CloudWatchMetrics")) {
                assertEquals(RequestLog.DEFAULT_NAMESPACE, directive.path("Namespace").asText(), line.toString());
                assertTrue(directive.path("Dimensions").isArray() && !directive.path("Dimensions").isEmpty());
                for (JsonNode set : directive.path("Dimensions")) {
                    assertTrue(set.isArray() && set.size() <= 30, line.toString());
                    for (JsonNode dimension : set) {
                        JsonNode value = line.path(dimension.asText());
                        assertTrue(value.isTextual(), dimension + " is a top-level string: " + line);
                        assertTrue(bounded.get(dimension.asText()).contains(value.asText()),
                                dimension + "=" + value + " is one of a fixed set");
                    }
                }
                assertTrue(directive.path("Metrics").isArray() && !directive.path("Metrics").isEmpty());
                for (JsonNode metric : directive.path("Metrics")) {
                    String name = metric.path("Name").asText();
                    names.add(name);
                    assertTrue(line.path(name).isNumber(), name + " is a top-level number: " + line);
                    assertTrue(Set.of("Count", "Milliseconds").contains(metric.path("Unit").asText()), line.toString());
                }
            }
        }
        assertTrue(names.containsAll(List.of("Requests", "Duration", "ResourcesChecked", "ResourcesDenied",
                "PolicyStoreLoads", "StaleAnswers", "PolicyStoreErrors", "ColdStarts")), names.toString());
    }

    /** A marker no check would ever print, in a Secret's data and stringData and a container's env value. */
    private static final String MARKER = "Zq7Xk9-not-for-logs";
    private static final String ENCODED = Base64.getEncoder().encodeToString(MARKER.getBytes(StandardCharsets.UTF_8));
    private static final String SECRETS = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
            data:
              password: %s
            stringData:
              token: %s-token
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
              - name: web
                image: nginx
                env:
                - name: DB_PASSWORD
                  value: %s-env
                securityContext:
                  privileged: true
            """.formatted(ENCODED, MARKER, MARKER);
    private static final String POD = SECRETS.substring(SECRETS.indexOf("apiVersion: v1\nkind: Pod"));

    private static APIGatewayV2HTTPEvent event(String method, String path, String contentType, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(contentType == null ? Map.of() : Map.of("content-type", contentType))
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("secrets")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                        .build())
                .build();
    }

    private static String envelope(String manifest) {
        return Json.MAPPER.createObjectNode().put("policySet", "pss-restricted").put("manifest", manifest).toString();
    }

    private static String review(String podYaml) {
        ObjectNode review = Json.MAPPER.createObjectNode().put("apiVersion", "admission.k8s.io/v1")
                .put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", "u-1").put("operation", "CREATE")
                .put("namespace", "default");
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        request.putObject("userInfo").put("username", "alice");
        request.set("object", Json.MAPPER.valueToTree(new Yaml().load(podYaml)));
        return review.toString();
    }

    @Test
    void noSecretOrEnvValueAppearsInAnyLineOnAnyRouteOnSuccessOrError() {
        String broken = SECRETS + "    bad: [\n";
        List<APIGatewayV2HTTPEvent> requests = List.of(
                event("POST", "/v1/policy-sets/pss-restricted/check", "application/yaml", SECRETS),
                event("POST", "/v1/policy-sets/pss-restricted/check", "application/yaml", broken),
                event("POST", "/v1/policy-sets/no-such-set/check", "application/yaml", SECRETS),
                event("POST", "/v1/policy-sets/pss-restricted/check", "text/x-" + MARKER, SECRETS),
                event("POST", "/v1/check", "application/json", envelope(SECRETS)),
                event("POST", "/v1/check", "application/json", envelope(broken)),
                event("POST", "/v1/check", "application/json", "{\"manifest\": \"" + MARKER),
                event("POST", "/v1/policy-sets/pss-restricted/admission", "application/json", review(POD)),
                event("POST", "/v1/policy-sets/pss-restricted/admission", "application/json",
                        review(POD).replace("\"u-1\"", "7")),
                event("POST", "/v1/policy-sets/pss-restricted/mutate", "application/json", review(POD)),
                event("GET", "/v1/policy-sets/pss-restricted", null, SECRETS));

        for (APIGatewayV2HTTPEvent request : requests) {
            handler.handleRequest(request, context("s"));
        }

        Set<Integer> statuses = new HashSet<>();
        for (JsonNode line : ofType("request")) {
            statuses.add(line.path("status").asInt());
        }
        assertTrue(statuses.containsAll(List.of(200, 400, 404)), "successes and errors: " + statuses);
        assertEquals(requests.size(), ofType("request").size());
        for (Line line : lines) {
            String text = line.json().toString();
            assertFalse(text.contains("Zq7Xk9"), text);
            assertFalse(text.contains(ENCODED), text);
        }
    }
}
