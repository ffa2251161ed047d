package io.kubepolicycheck.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.kubepolicycheck.requestlog.Starts;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One cold start of the Lambda function in this fresh JVM, as the Java runtime drives it: the init phase
 * (loading {@link ApiGatewayHandler} and constructing it with its no-argument constructor, which builds the store
 * from the environment), then the first request (a 3-document manifest posted to the check route of the set
 * named in the arguments, built in or in the configured store, pss-restricted by default; event in, response out).
 * With {@code --snapstart} the SnapStart hook runs between the two, as before a snapshot, so the first request is
 * what a function restored from that snapshot answers first.
 *
 * <p>Prints one line: {@code jvm=<ms from JVM start to main> init=<ms> prime=<ms> first=<ms>}. Building the
 * event (the runtime's deserialization) is outside every figure. {@code bench/lambda-init} runs it N times.
 */
public final class LambdaInit {
    private LambdaInit() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        boolean snapStart = false;
        String set = "pss-restricted";
        for (String arg : args) {
            if (arg.equals("--snapstart")) {
                snapStart = true;
            } else {
                set = arg;
            }
        }

        long t0 = System.nanoTime();
        ApiGatewayHandler handler = (ApiGatewayHandler) Class.forName("io.kubepolicycheck.lambda.ApiGatewayHandler")
                .getConstructor().newInstance();
        long t1 = System.nanoTime();
        if (snapStart) {
            new SnapStartHooks(handler::api, Starts::new).beforeCheckpoint(null);
        }
        long t2 = System.nanoTime();

        APIGatewayV2HTTPEvent event = event(set, resource("/corpus/web-3docs.yaml"));
        long t3 = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        long t4 = System.nanoTime();

        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("the first request answered " + response.getStatusCode() + ": "
                    + response.getBody());
        }
        long jvm = mainAt - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.printf(Locale.ROOT, "jvm=%d init=%.1f prime=%.1f first=%.1f%n", jvm, (t1 - t0) / 1e6,
                (t2 - t1) / 1e6, (t4 - t3) / 1e6);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LambdaInit.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static APIGatewayV2HTTPEvent event(String set, String manifest) {
        String path = "/v1/policy-sets/" + set + "/check";
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(Map.of("content-type", "application/yaml", "accept", "application/json"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("lambda-init")
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath(path).build())
                        .build())
                .withBody(manifest)
                .withIsBase64Encoded(false)
                .build();
    }
}
