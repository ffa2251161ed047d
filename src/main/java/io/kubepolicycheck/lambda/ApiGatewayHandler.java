package io.kubepolicycheck.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.kubepolicycheck.api.ApiException;
import io.kubepolicycheck.api.ApiRequest;
import io.kubepolicycheck.api.ApiResponse;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.ErrorCode;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.api.QueryString;
import io.kubepolicycheck.aws.PolicyStores;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.crac.Core;
import org.crac.Resource;

/**
 * The Lambda function behind the API Gateway HTTP API (payload format 2.0), named in template.yaml as
 * {@code io.kubepolicycheck.lambda.ApiGatewayHandler::handleRequest}. It only translates: the event into an
 * {@link ApiRequest}, the {@link ApiResponse} into the response event. It writes one log line per request, with
 * the request id, route, status and outcome, never the body.
 */
public final class ApiGatewayHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** Built once per container, in the init phase (so SnapStart's snapshot holds it): store, S3 client, sets. */
    private static final class FromEnvironment {
        static final PolicyApi API = create(System.getenv());
    }

    /**
     * SnapStart's hooks, registered with CRaC when Lambda loads this class. Held here because CRaC holds what is
     * registered only weakly. Outside SnapStart (no CRaC runtime) registering does nothing.
     */
    private static final Resource SNAPSTART = new SnapStartHooks(() -> FromEnvironment.API);

    static {
        Core.getGlobalContext().register(SNAPSTART);
    }

    private final PolicyApi api;
    private final Consumer<String> log;

    /** The constructor Lambda calls. */
    public ApiGatewayHandler() {
        this(FromEnvironment.API, System.out::println);
    }

    public ApiGatewayHandler(PolicyApi api, Consumer<String> log) {
        this.api = api;
        this.log = log;
    }

    /** The API this process serves, configured by CONTRACT section 4's environment variables. */
    public static PolicyApi create(Map<String, String> env) {
        return new PolicyApi(PolicyStores.fromEnvironment(env), ApiSettings.fromEnvironment(env));
    }

    public PolicyApi api() {
        return api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long start = System.nanoTime();
        String requestId = requestId(event, context);
        String method = "-";
        String path = "-";
        ApiResponse response;
        try {
            ApiRequest request = toRequest(event, requestId);
            method = request.method();
            path = request.path();
            response = api.handle(request);
        } catch (ApiException e) {
            response = PolicyApi.error(e, requestId);
        } catch (RuntimeException e) {
            response = PolicyApi.error(new ApiException(ErrorCode.INTERNAL_ERROR,
                    "internal error; quote the request id when reporting it"), requestId);
        }
        log(requestId, method, path, response, (System.nanoTime() - start) / 1_000_000);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }

    private static ApiRequest toRequest(APIGatewayV2HTTPEvent event, String requestId) throws ApiException {
        APIGatewayV2HTTPEvent.RequestContext context = event == null ? null : event.getRequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = context == null ? null : context.getHttp();
        if (http == null || http.getMethod() == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST,
                    "not an API Gateway HTTP API event (payload 2.0): requestContext.http.method is missing");
        }
        String path = event.getRawPath() != null ? event.getRawPath() : http.getPath();
        String stage = context.getStage();
        if (path != null && stage != null && !stage.equals("$default") && path.startsWith("/" + stage + "/")) {
            path = path.substring(stage.length() + 1);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        // API Gateway sends no header or parameter without a name and a value; an event written by hand may.
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> {
                if (name != null && value != null) {
                    headers.put(name.toLowerCase(Locale.ROOT), value);
                }
            });
        }
        String rawQuery = event.getRawQueryString();
        if ((rawQuery == null || rawQuery.isEmpty()) && event.getQueryStringParameters() != null) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            event.getQueryStringParameters().forEach((name, value) -> {
                if (name != null && value != null) {
                    params.put(name, List.of(value));
                }
            });
            rawQuery = QueryString.encode(params);
        }
        return new ApiRequest(http.getMethod().toUpperCase(Locale.ROOT), path == null ? "/" : path, rawQuery,
                headers, body(event), requestId);
    }

    private static byte[] body(APIGatewayV2HTTPEvent event) throws ApiException {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (!event.getIsBase64Encoded()) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "the body is marked base64-encoded but is not base64");
        }
    }

    private static String requestId(APIGatewayV2HTTPEvent event, Context context) {
        if (event != null && event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            return event.getRequestContext().getRequestId();
        }
        if (context != null && context.getAwsRequestId() != null) {
            return context.getAwsRequestId();
        }
        return UUID.randomUUID().toString();
    }

    /**
     * One JSON line, written as data binding would write the map of these fields but without it: a cold
     * function's first request would otherwise spend more on loading data binding for its log line than on the
     * check itself.
     */
    private void log(String requestId, String method, String path, ApiResponse response, long millis) {
        StringBuilder line = new StringBuilder(160).append('{');
        field(line, "requestId", requestId).append(',');
        field(line, "method", method).append(',');
        field(line, "path", path).append(',');
        line.append("\"status\":").append(response.status()).append(',');
        field(line, "outcome", response.outcome()).append(',');
        line.append("\"durationMs\":").append(millis).append('}');
        log.accept(line.toString());
    }

    private static StringBuilder field(StringBuilder line, String name, String value) {
        line.append('"').append(name).append("\":");
        if (value == null) {
            return line.append("null");
        }
        line.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, line);
        return line.append('"');
    }
}
