package io.kubepolicycheck.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.kubepolicycheck.lambda.ApiGatewayHandler;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Lambda handler end to end, warm: an API Gateway HTTP API event in, the response event out, as the
 * runtime calls it (the request log goes to a no-op sink, so printing does not dominate). Latency per call,
 * sampled; BenchReport prints p50 and p99.
 *
 * <p>{@code event}: {@code check:<corpus file>} posts the file to {@code /v1/policy-sets/pss-restricted/check};
 * {@code admission:<corpus file>} posts an AdmissionReview to the admission route; {@code events/<name>.json}
 * replays one of the project's sample events.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandlerBenchmark {
    @Param({"check:web-3docs.yaml", "admission:admission-review-pod.json", "admission:admission-review-deployment.json",
            "events/check-raw-yaml.json"})
    public String event;

    private ApiGatewayHandler handler;
    private APIGatewayV2HTTPEvent request;

    @Setup(Level.Trial)
    public void setUp() {
        handler = new ApiGatewayHandler(ApiGatewayHandler.create(Map.of()), line -> { });
        request = event(event);
        APIGatewayV2HTTPResponse response = handler.handleRequest(request, null);
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException(event + " answers " + response.getStatusCode() + ": " + response.getBody());
        }
    }

    @Benchmark
    public APIGatewayV2HTTPResponse handle() {
        return handler.handleRequest(request, null);
    }

    static APIGatewayV2HTTPEvent event(String name) {
        if (name.startsWith("events/")) {
            return EventLoader.loadApiGatewayHttpEvent(name);
        }
        String file = name.substring(name.indexOf(':') + 1);
        String body = new String(Corpus.read("", file), StandardCharsets.UTF_8);
        if (name.startsWith("check:")) {
            return post("/v1/policy-sets/pss-restricted/check", "",
                    file.endsWith(".json") ? "application/json" : "application/yaml", body);
        }
        if (name.startsWith("admission:")) {
            return post("/v1/policy-sets/pss-restricted/admission", "timeout=10s", "application/json", body);
        }
        throw new IllegalArgumentException("event must be check:<file>, admission:<file> or events/<name>.json: " + name);
    }

    /** An event as API Gateway delivers it: the headers a client and the gateway add, a request context. */
    private static APIGatewayV2HTTPEvent post(String path, String query, String contentType, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString(query)
                .withHeaders(Map.of(
                        "accept", "application/json",
                        "content-type", contentType,
                        "content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length),
                        "host", "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
                        "user-agent", "kube-apiserver-admission",
                        "x-amzn-trace-id", "Root=1-6740180a-0123456789abcdef01234567",
                        "x-forwarded-for", "203.0.113.10",
                        "x-forwarded-proto", "https"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("123456789012")
                        .withApiId("a1b2c3d4e5")
                        .withDomainName("a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com")
                        .withRequestId("bench-request")
                        .withRouteKey("$default")
                        .withStage("$default")
                        .withTimeEpoch(1795327200000L)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST")
                                .withPath(path)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp("203.0.113.10")
                                .withUserAgent("kube-apiserver-admission")
                                .build())
                        .build())
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
