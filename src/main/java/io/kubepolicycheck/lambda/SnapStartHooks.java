package io.kubepolicycheck.lambda;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.requestlog.RequestLog;
import io.kubepolicycheck.requestlog.Starts;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Resource;

/**
 * Lambda SnapStart's hooks (CRaC). Before the snapshot: the API primes itself ({@link PolicyApi#prime()}: the
 * built-in sets, the S3 request path without a network call, a sample request of every route and format), then
 * sample events go through a handler, so the event translation and the request log, down to the runtime logger's
 * sink, are warm too; the snapshot then holds a process that has done its first-request work; priming writes no
 * log line. After a restore: the
 * store stops trusting cache expiries measured before the snapshot, and the next request is logged as a
 * restore. Nothing else in the process is bound to time, randomness or a connection: request ids come from the
 * event (a random one only without any, drawn at the time), and no connection is opened before the snapshot.
 */
final class SnapStartHooks implements Resource {
    private final Supplier<PolicyApi> api;
    private final Supplier<Starts> starts;

    SnapStartHooks(Supplier<PolicyApi> api, Supplier<Starts> starts) {
        this.api = api;
        this.starts = starts;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime(api.get());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        api.get().afterRestore();
        starts.get().restored();
    }

    /** What {@link #beforeCheckpoint} does, for a given API; the answers to the sample events, for checking. */
    static List<APIGatewayV2HTTPResponse> prime(PolicyApi api) {
        api.prime();
        // the lines go through the runtime logger's sink, as a request's do, into a logger that drops them; the
        // runtime's own logger is only looked up (Lambda's runtime set it before init; elsewhere this loads the one
        // that writes to standard output)
        LambdaRuntime.getLogger();
        ApiGatewayHandler handler = new ApiGatewayHandler(api, new RequestLog(
                new LambdaLoggerSink(() -> LambdaLoggerSink.DROP), new Starts(), InstantSource.system(), null));
        List<APIGatewayV2HTTPResponse> answers = new ArrayList<>();
        for (APIGatewayV2HTTPEvent event : events()) {
            answers.add(handler.handleRequest(event, null));
        }
        return answers;
    }

    /** A check posted as API Gateway posts it, and a describe request with a stage in the path. */
    static List<APIGatewayV2HTTPEvent> events() {
        return List.of(
                event("POST", "/v1/policy-sets/pss-restricted/check", "format=text",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: priming}\nspec:\n  containers: [{name: a, image: b}]\n"),
                event("GET", "/prod/v1/policy-sets/pss-restricted", null, null));
    }

    private static APIGatewayV2HTTPEvent event(String method, String path, String query, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRawPath(path)
                .withRawQueryString(query)
                .withHeaders(Map.of("content-type", "application/yaml", "accept", "*/*"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("priming")
                        .withStage(path.startsWith("/prod/") ? "prod" : "$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build())
                        .build())
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
