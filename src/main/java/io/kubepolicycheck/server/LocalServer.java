package io.kubepolicycheck.server;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kubepolicycheck.lambda.ApiGatewayHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP API on 127.0.0.1 for local use: each request becomes the API Gateway HTTP API event (payload 2.0)
 * API Gateway would send, and goes to the same {@link ApiGatewayHandler} the Lambda runs, so the answers are
 * the Lambda's, and the handler writes the lines the Lambda writes, with each request's duration counted from when
 * it was queued for a worker. A body is read up to one byte past the API's limit, which is then refused with 413 as
 * on AWS, without holding more in memory.
 */
public final class LocalServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final ApiGatewayHandler handler;
    /** When the exchange a worker runs was handed to the pool, by {@link System#nanoTime()}. */
    private static final ThreadLocal<Long> QUEUED_AT = new ThreadLocal<>();

    private LocalServer(HttpServer server, ExecutorService executor, ApiGatewayHandler handler) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
    }

    /** Starts serving on 127.0.0.1:{@code port} (0 for any free port). */
    public static LocalServer start(int port, ApiGatewayHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        LocalServer local = new LocalServer(server, executor, handler);
        server.createContext("/", local::serve);
        server.setExecutor(queued(executor));
        server.start();
        return local;
    }

    /** The pool, noting when each exchange was queued, so its duration includes the wait for a worker. */
    private static Executor queued(Executor pool) {
        return task -> {
            long queuedAt = System.nanoTime();
            pool.execute(() -> {
                QUEUED_AT.set(queuedAt);
                try {
                    task.run();
                } finally {
                    QUEUED_AT.remove();
                }
            });
        };
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        Long queuedAt = QUEUED_AT.get();
        long start = queuedAt != null ? queuedAt : System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        // a client that goes away before its body is read leaves no line: API Gateway would not call the function
        try (exchange) {
            APIGatewayV2HTTPEvent event = toEvent(exchange, requestId);
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, new LocalContext(), start);
            byte[] body = response.getBody() == null ? new byte[0]
                    : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                    : response.getBody().getBytes(StandardCharsets.UTF_8);
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            }
            exchange.sendResponseHeaders(response.getStatusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, String requestId) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        // API Gateway lower-cases header names and joins repeated headers with commas
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String rawQuery = exchange.getRequestURI().getRawQuery();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(handler.api().maxBodyBytes() + 1);
        }
        long now = Instant.now().toEpochMilli();
        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(exchange.getRequestMethod())
                .withPath(exchange.getRequestURI().getRawPath())
                .withProtocol(exchange.getProtocol())
                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
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
                .withRawPath(exchange.getRequestURI().getRawPath())
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withHeaders(headers)
                .withBody(Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(true)
                .withRequestContext(context)
                .build();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
