package io.kubepolicycheck.server;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.kubepolicycheck.lambda.ApiGatewayHandler;
import io.kubepolicycheck.requestlog.RequestLog;
import io.kubepolicycheck.server.HttpConnections.Answer;
import io.kubepolicycheck.server.HttpConnections.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The HTTP API on 127.0.0.1 for local use: each request becomes the API Gateway HTTP API event (payload 2.0)
 * API Gateway would send, and goes to the same {@link ApiGatewayHandler} the Lambda runs, so the answers are
 * the Lambda's, and the handler writes the lines the Lambda writes, with each request's duration counted from its
 * first byte. A body is read up to one byte past the API's limit, which is then refused with 413 as on AWS, without
 * holding more in memory. What the server refuses itself before the handler (too many connections, headers or a
 * body too slow, a request it cannot read) leaves a {@code refused} line, since no access log holds it here.
 * Connections, time limits and stopping are {@link HttpConnections}'s.
 */
public final class LocalServer implements AutoCloseable {
    private final ApiGatewayHandler handler;
    private HttpConnections connections;

    private LocalServer(ApiGatewayHandler handler) {
        this.handler = handler;
    }

    /** Starts serving on 127.0.0.1:{@code port} (0 for any free port). */
    public static LocalServer start(int port, ApiGatewayHandler handler) throws IOException {
        return start(port, handler, HttpConnections.Limits.defaults(handler.api().maxBodyBytes()));
    }

    static LocalServer start(int port, ApiGatewayHandler handler, HttpConnections.Limits limits) throws IOException {
        LocalServer local = new LocalServer(handler);
        local.connections = HttpConnections.start(port, limits, new HttpConnections.Handler() {
            @Override
            public Answer answer(Request request) {
                return local.serve(request);
            }

            // API Gateway would answer these without calling the function; a long-running serve has no access log
            // to hold them, so it writes a line of their own type (a client that goes away mid-body leaves none)
            @Override
            public void refused(Request head, String remoteAddress, int status, String code, String requestId,
                                long since) {
                handler.refused(new RequestLog.Request(null, requestId, head == null ? null : head.method(),
                        head == null ? null : head.rawPath(), status, code, (System.nanoTime() - since) / 1_000_000),
                        remoteAddress);
            }
        });
        return local;
    }

    public int port() {
        return connections.port();
    }

    private Answer serve(Request request) {
        APIGatewayV2HTTPEvent event = toEvent(request, UUID.randomUUID().toString());
        APIGatewayV2HTTPResponse response = request.bodyRefused()
                ? handler.refuseTooLarge(event, new LocalContext(), request.arrived())
                : handler.handleRequest(event, new LocalContext(), request.arrived());
        byte[] body = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        return new Answer(response.getStatusCode(),
                response.getHeaders() == null ? Map.of() : response.getHeaders(), body);
    }

    private APIGatewayV2HTTPEvent toEvent(Request request, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        // API Gateway lower-cases header names and joins repeated headers with commas
        request.headers().forEach((name, values) -> headers.put(name, String.join(",", values)));
        String rawQuery = request.rawQuery();
        byte[] body = request.body();
        long now = Instant.now().toEpochMilli();
        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(request.method())
                .withPath(request.rawPath())
                .withProtocol(request.protocol())
                .withSourceIp(request.remoteAddress())
                .withUserAgent(headers.getOrDefault("user-agent", ""))
                .build();
        APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRouteKey("$default")
                .withStage("$default")
                .withRequestId(requestId)
                .withDomainName(headers.getOrDefault("host", "127.0.0.1"))
                .withTimeEpoch(now)
                .withHttp(http)
                .build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(request.rawPath())
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withHeaders(headers)
                .withBody(Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(true)
                .withRequestContext(context)
                .build();
    }

    /** Stops accepting, lets the requests being answered finish (a few seconds at most), closes the rest. */
    @Override
    public void close() {
        connections.close();
    }
}
