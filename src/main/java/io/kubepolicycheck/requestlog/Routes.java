package io.kubepolicycheck.requestlog;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The route of a path, as a template with {@code {id}} for the set id: the request log's {@code route} and the
 * metrics' route dimension. Every path maps to one of {@link #ALL}, so the dimension has a fixed set of values.
 */
public final class Routes {
    /** A path no route serves. */
    public static final String OTHER = "other";
    private static final String SET = "/v1/policy-sets/[^/]+";

    private record Route(String template, Pattern path) {
    }

    private static final List<Route> ROUTES = List.of(
            new Route("/v1/check", Pattern.compile("/v1/check")),
            new Route("/v1/policy-sets", Pattern.compile("/v1/policy-sets")),
            new Route("/v1/policy-sets/{id}", Pattern.compile(SET)),
            new Route("/v1/policy-sets/{id}/check", Pattern.compile(SET + "/check")),
            new Route("/v1/policy-sets/{id}/admission", Pattern.compile(SET + "/admission")),
            new Route("/v1/policy-sets/{id}/mutate", Pattern.compile(SET + "/mutate")));

    /** Every value {@link #of} can return. */
    public static final List<String> ALL = Stream.concat(ROUTES.stream().map(Route::template), Stream.of(OTHER))
            .toList();

    private Routes() {
    }

    public static String of(String path) {
        if (path != null) {
            for (Route route : ROUTES) {
                if (route.path().matcher(path).matches()) {
                    return route.template();
                }
            }
        }
        return OTHER;
    }
}
