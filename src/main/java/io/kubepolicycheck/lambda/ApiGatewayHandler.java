package io.kubepolicycheck.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.kubepolicycheck.api.ApiException;
import io.kubepolicycheck.api.ApiRequest;
import io.kubepolicycheck.api.ApiResponse;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.ErrorCode;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.api.QueryString;
import io.kubepolicycheck.aws.PolicyStores;
import io.kubepolicycheck.requestlog.RequestLog;
import io.kubepolicycheck.requestlog.RequestRecord;
import io.kubepolicycheck.requestlog.Starts;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
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
 * {@link ApiRequest}, the {@link ApiResponse} into the response event. It writes each request's lines
 * ({@link RequestLog}: the request line, a store failure, the metrics) through Lambda's runtime logger, never the
 * body.
 */
public final class ApiGatewayHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** Built once per container, in the init phase (so SnapStart's snapshot holds it): store, S3 client, sets. */
    private static final class FromEnvironment {
        static final PolicyApi API = create(System.getenv());
        /** This environment's first request, after init or after a restore. */
        static final Starts STARTS = new Starts();
    }

    /**
     * SnapStart's hooks, registered with CRaC when Lambda loads this class. Held here because CRaC holds what is
     * registered only weakly. Outside SnapStart (no CRaC runtime) registering does nothing.
     */
    private static final Resource SNAPSTART = new SnapStartHooks(() -> FromEnvironment.API,
            () -> FromEnvironment.STARTS);

    static {
        Core.getGlobalContext().register(SNAPSTART);
    }

    private final PolicyApi api;
    private final RequestLog log;

    /** The constructor Lambda calls: lines go to Lambda's runtime logger. */
    public ApiGatewayHandler() {
        this(FromEnvironment.API, RequestLog.fromEnvironment(new LambdaLoggerSink(), FromEnvironment.STARTS,
                InstantSource.system(), System.getenv()));
    }

    public ApiGatewayHandler(PolicyApi api, RequestLog log) {
        this.api = api;
        this.log = log;
    }

    /** Lines to {@code log}, whatever their level, as one environment's. */
    public ApiGatewayHandler(PolicyApi api, Consumer<String> log) {
        this(api, new RequestLog((level, line) -> log.accept(line), new Starts(), InstantSource.system(), null));
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
        return handleRequest(event, context, System.nanoTime());
    }

    /** As Lambda calls it, with the duration counted from {@code start} ({@link System#nanoTime()}). */
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context, long start) {
        return handle(event, context, start, null);
    }

    /**
     * The answer and lines Lambda would give {@code event} with a body over the API's limit, without the body:
     * {@code serve} refuses a body declared that large before the client sends it, where API Gateway would read it
     * and the function answer 413.
     */
    public APIGatewayV2HTTPResponse refuseTooLarge(APIGatewayV2HTTPEvent event, Context context, long start) {
        return handle(event, context, start, new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                "the request body is over the limit of " + api.maxBodyBytes() + " bytes (MAX_MANIFEST_BYTES)"));
    }

    /** Logs a request {@code serve} answered itself, as API Gateway's access log would hold it on AWS. */
    public void refused(RequestLog.Request request, String sourceIp) {
        try {
            log.writeRefused(request, sourceIp);
        } catch (RuntimeException e) {
            System.err.println("kube-policy-check: request " + request.requestId() + " was not logged: " + e);
        }
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context, long start,
                                            ApiException refusal) {
        RequestRecord record = RequestRecord.begin();
        String requestId = requestId(event, context);
        String method = "-";
        String path = "-";
        ApiResponse response;
        try {
            ApiRequest request = toRequest(event, requestId);
            method = request.method();
            path = request.path();
            response = refusal == null ? api.handle(request) : PolicyApi.error(refusal, requestId);
        } catch (ApiException e) {
            response = PolicyApi.error(e, requestId);
        } catch (RuntimeException e) {
            response = PolicyApi.error(new ApiException(ErrorCode.INTERNAL_ERROR,
                    "internal error; quote the request id when reporting it"), requestId);
        }
        try {
            log.write(new RequestLog.Request(context == null ? null : context.getAwsRequestId(), requestId, method,
                    path, response.status(), response.outcome(), (System.nanoTime() - start) / 1_000_000), record);
        } catch (RuntimeException e) {
            // the caller's answer does not depend on its log line; the failure still shows, once, on standard error
            System.err.println("kube-policy-check: request " + requestId + " was not logged: " + e);
        }
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
}
