package io.kubepolicycheck.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.List;
import java.util.function.Function;

/**
 * A Lambda environment's life, for {@link SnapStartHooksTest} to run in a class loader of its own: init (the
 * handler as Lambda constructs it), SnapStart's priming, then {@code primed} runs, then the first requests after
 * the restore. Their statuses are returned.
 */
public final class PrimedFirstRequests implements Function<Runnable, List<Integer>> {
    static final List<String> EVENTS = List.of("events/check-raw-yaml.json", "events/admission-pod-denied.json",
            "events/unknown-set.json");

    @Override
    public List<Integer> apply(Runnable primed) {
        ApiGatewayHandler handler = new ApiGatewayHandler();
        SnapStartHooks.prime(handler.api());
        List<APIGatewayV2HTTPEvent> events = EVENTS.stream().map(EventLoader::loadApiGatewayHttpEvent).toList();
        primed.run();
        return events.stream().map(event -> handler.handleRequest(event, null).getStatusCode()).toList();
    }
}
