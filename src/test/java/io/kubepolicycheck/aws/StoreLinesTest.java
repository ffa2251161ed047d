package io.kubepolicycheck.aws;

import static io.kubepolicycheck.testing.Manifests.PRIVILEGED_POD;
import static io.kubepolicycheck.testing.Manifests.RESTRICTED_SET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.lambda.ApiGatewayHandler;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.requestlog.Level;
import io.kubepolicycheck.requestlog.RequestLog;
import io.kubepolicycheck.requestlog.Starts;
import io.kubepolicycheck.testing.BucketAdmin;
import io.kubepolicycheck.testing.S3ProxyServer;
import io.kubepolicycheck.validator.render.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the request log says of the S3 store, against S3Proxy over real HTTP: how each load was answered, S3's
 * time when S3 was called, a stale answer marked as one, and S3's reason at WARN or ERROR when it fails.
 */
class StoreLinesTest {
    private static final int TTL_SECONDS = 60;

    private record Line(Level level, JsonNode json) {
    }

    private final MutableClock clock = new MutableClock();
    private final List<Line> lines = new ArrayList<>();
    private S3ProxyServer server;
    private ApiGatewayHandler handler;

    @BeforeEach
    void start() throws Exception {
        server = S3ProxyServer.start();
        Map<String, String> env = Map.of("POLICY_BUCKET", "policies", "AWS_REGION", "us-east-1",
                "POLICY_CACHE_TTL_SECONDS", Integer.toString(TTL_SECONDS),
                "AWS_ENDPOINT_URL_S3", server.endpoint().toString());
        try (S3Client admin = BucketAdmin.forEndpoint(server.endpoint(), S3ProxyServer.credentials())) {
            admin.createBucket(b -> b.bucket("policies"));
            admin.putObject(b -> b.bucket("policies").key("policies/team.yaml"),
                    RequestBody.fromString(RESTRICTED_SET, StandardCharsets.UTF_8));
        }
        // the request that finds the copy past its TTL waits for the whole revalidation, so what it logs is known
        S3Timeouts waiting = new S3Timeouts(S3Timeouts.DEFAULT.connect(), S3Timeouts.DEFAULT.read(),
                S3Timeouts.DEFAULT.attempt(), S3Timeouts.DEFAULT.lookup(), S3Timeouts.DEFAULT.permitWait(),
                S3Timeouts.DEFAULT.concurrentCalls(), Duration.ofSeconds(60));
        PolicyApi api = new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), PolicyStores.s3Store(env,
                S3Clients.fromEnvironment(env, S3ProxyServer.credentials()), clock, waiting)), ApiSettings.DEFAULT);
        RequestLog log = new RequestLog((level, line) -> {
            try {
                lines.add(new Line(level, Json.MAPPER.readTree(line)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, new Starts(), clock, null);
        handler = new ApiGatewayHandler(api, log);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private void check(String id) {
        lines.clear();
        handler.handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRawPath("/v1/policy-sets/" + id + "/check")
                .withHeaders(Map.of("content-type", "application/yaml"))
                .withBody(PRIVILEGED_POD)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("req-" + id)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                        .build())
                .build(), null);
    }

    private void list() {
        lines.clear();
        handler.handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRawPath("/v1/policy-sets")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("req-list")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build())
                        .build())
                .build(), null);
    }

    private List<Line> ofType(String type) {
        return lines.stream().filter(l -> l.json().path("type").asText().equals(type)).toList();
    }

    private JsonNode request() {
        List<Line> requests = ofType("request");
        assertEquals(1, requests.size(), lines.toString());
        return requests.get(0).json();
    }

    private JsonNode metrics() {
        List<Line> metrics = ofType("metrics");
        assertEquals(1, metrics.size(), lines.toString());
        return metrics.get(0).json();
    }

    @Test
    void aFetchThenACacheHitThenARevalidationEachSayWhatTheStoreDid() {
        check("team");
        JsonNode fetched = request();
        assertEquals("fetched", fetched.path("store").asText());
        assertTrue(fetched.path("s3Ms").isIntegralNumber(), fetched.toString());
        assertEquals(1, fetched.path("s3Attempts").asInt(), fetched.toString());
        assertEquals("team", fetched.path("policySet").asText());
        assertFalse(fetched.path("policySetVersion").asText().isEmpty());
        assertFalse(fetched.path("stale").asBoolean(true));
        assertEquals(1, fetched.path("resourcesDenied").asInt());
        assertTrue(metrics().path("S3Latency").isIntegralNumber());

        check("team");
        JsonNode hit = request();
        assertEquals("cache-hit", hit.path("store").asText());
        assertTrue(hit.path("s3Ms").isMissingNode(), "no S3 call, no S3 time: " + hit);
        assertTrue(hit.path("s3Attempts").isMissingNode(), hit.toString());
        assertTrue(metrics().path("S3Latency").isMissingNode());

        clock.advance(Duration.ofSeconds(TTL_SECONDS + 1));
        check("team");
        JsonNode revalidated = request();
        assertEquals("revalidated", revalidated.path("store").asText());
        assertTrue(revalidated.path("s3Ms").isIntegralNumber(), revalidated.toString());
        assertEquals(fetched.path("policySetVersion"), revalidated.path("policySetVersion"));
        assertTrue(ofType("policy-store").isEmpty(), "nothing failed: " + lines);
    }

    @Test
    void aVerdictFromAStaleCopySaysSoAndS3sReasonIsAWarning() throws Exception {
        check("team");
        String version = request().path("policySetVersion").asText();
        server.stop();
        clock.advance(Duration.ofSeconds(TTL_SECONDS + 1));

        check("team");

        JsonNode stale = request();
        assertEquals(200, stale.path("status").asInt());
        assertTrue(stale.path("stale").asBoolean(), stale.toString());
        assertEquals("stale", stale.path("store").asText());
        assertEquals(2, stale.path("s3Attempts").asInt(), "the attempt and its one retry: " + stale);
        assertEquals(version, stale.path("policySetVersion").asText());
        assertEquals(1, metrics().path("StaleAnswers").asInt());
        List<Line> failures = ofType("policy-store");
        assertEquals(1, failures.size(), lines.toString());
        assertEquals(Level.WARN, failures.get(0).level());
        assertEquals("WARN", failures.get(0).json().path("level").asText());
        assertEquals("team", failures.get(0).json().path("policySet").asText());
        assertEquals("req-team", failures.get(0).json().path("requestId").asText());
        assertFalse(failures.get(0).json().path("reason").asText().isBlank(), failures.toString());
    }

    @Test
    void aStoreErrorWithNothingCachedIsLoggedAtErrorWithS3sReason() throws Exception {
        server.stop();

        check("team");

        JsonNode failed = request();
        assertEquals(503, failed.path("status").asInt());
        assertEquals("POLICY_STORE_UNAVAILABLE", failed.path("outcome").asText());
        assertEquals("error", failed.path("store").asText());
        assertEquals("team", failed.path("policySet").asText());
        assertEquals(1, metrics().path("PolicyStoreErrors").asInt());
        List<Line> failures = ofType("policy-store");
        assertEquals(1, failures.size(), lines.toString());
        assertEquals(Level.ERROR, failures.get(0).level());
        assertEquals("error", failures.get(0).json().path("store").asText());
        assertFalse(failures.get(0).json().path("reason").asText().isBlank(), failures.toString());
    }

    @Test
    void aListingSaysWhetherS3WasAskedAndAFailedOneIsLoggedWithS3sReason() throws Exception {
        list();
        JsonNode listed = request();
        assertEquals(200, listed.path("status").asInt());
        assertEquals("/v1/policy-sets", listed.path("route").asText());
        assertEquals("fetched", listed.path("store").asText());
        assertTrue(listed.path("s3Ms").isIntegralNumber(), listed.toString());
        assertEquals(1, listed.path("s3Attempts").asInt(), listed.toString());
        assertEquals("fetched", metrics().path("store").asText());

        list();
        JsonNode remembered = request();
        assertEquals("cache-hit", remembered.path("store").asText());
        assertTrue(remembered.path("s3Ms").isMissingNode(), remembered.toString());

        server.stop();
        clock.advance(Duration.ofSeconds(PolicyStores.DEFAULT_NOT_FOUND_TTL_SECONDS));
        list();
        JsonNode failed = request();
        assertEquals(503, failed.path("status").asInt());
        assertEquals("error", failed.path("store").asText());
        assertEquals(1, metrics().path("PolicyStoreErrors").asInt());
        List<Line> failures = ofType("policy-store");
        assertEquals(1, failures.size(), lines.toString());
        assertEquals(Level.ERROR, failures.get(0).level());
        assertTrue(failures.get(0).json().path("policySet").isMissingNode(), "a listing names no set");
        assertTrue(failures.get(0).json().path("reason").asText().contains("cannot list s3://policies/policies/"),
                failures.toString());
    }
}
