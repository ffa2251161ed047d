package io.kubepolicycheck.server;

import static io.kubepolicycheck.testing.Manifests.PRIVILEGED_POD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.lambda.ApiGatewayHandler;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.validator.render.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code serve}'s connections over raw sockets: what slow, idle, oversized and surplus clients get, and that
 * they cannot keep others from being answered. Deadlines are short where a test waits for one to pass, and an
 * hour where a test must not see one; nothing asserts how long anything took.
 */
class ServeConnectionsTest {
    private static final int LIMIT = 64 * 1024;
    private static final Duration NEVER = Duration.ofHours(1);
    private static final String CHECK = "/v1/policy-sets/pss-restricted/check";

    private final List<Socket> sockets = new ArrayList<>();
    /** The handler's lines, written before the answer they go with. */
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final ApiGatewayHandler handler = new ApiGatewayHandler(new PolicyApi(
            new LayeredPolicyStore(new BuiltinPolicySets(), null), new ApiSettings(LIMIT)), lines::add);
    private LocalServer server;

    private void start(int maxConnections, Duration headers, Duration body, Duration idle) throws IOException {
        server = LocalServer.start(0, handler,
                new HttpConnections.Limits(maxConnections, headers, body, idle, 8 * 1024, LIMIT, Duration.ofSeconds(30)));
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        // a safety net: a test that would hang fails instead
        socket.setSoTimeout(60_000);
        sockets.add(socket);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One response: status line, headers (names lower-cased) and the body its content-length gives. */
    private record Response(String statusLine, List<String> headers, String body) {
        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        String header(String name) {
            return headers.stream().filter(h -> h.startsWith(name + ": ")).map(h -> h.substring(name.length() + 2))
                    .findFirst().orElse(null);
        }

        JsonNode error() throws IOException {
            return Json.MAPPER.readTree(body).path("error");
        }
    }

    private static Response read(InputStream in) throws IOException {
        String status = line(in);
        List<String> headers = new ArrayList<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.add(h.substring(0, colon).toLowerCase(Locale.ROOT) + ": " + h.substring(colon + 1).strip());
        }
        Response head = new Response(status, headers, "");
        String length = head.header("content-length");
        byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-line: " + bytes);
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static String post(String path, String body, String... headers) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\n" + String.join("", headers)
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static HttpResponse<String> fresh(int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CHECK))
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(PRIVILEGED_POD)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aKeepAliveConnectionIsAnsweredRequestAfterRequest() throws Exception {
        start(16, NEVER, NEVER, NEVER);
        Socket socket = connect();
        for (int i = 0; i < 5; i++) {
            send(socket, post(CHECK, PRIVILEGED_POD));
            Response response = read(socket.getInputStream());
            assertEquals(200, response.status());
            assertEquals(null, response.header("connection"));
        }
        send(socket, post(CHECK, PRIVILEGED_POD, "Connection: close\r\n"));
        assertEquals("close", read(socket.getInputStream()).header("connection"));
        assertEquals(-1, socket.getInputStream().read());
    }

    @Test
    void headersThatDoNotArriveInTimeAre408AndTheConnectionCloses() throws Exception {
        start(16, Duration.ofMillis(300), NEVER, NEVER);
        Socket socket = connect();
        send(socket, "POST " + CHECK + " HTTP/1.1\r\nHost: x\r\n");

        Response response = read(socket.getInputStream());
        assertEquals(408, response.status());
        assertEquals("REQUEST_TIMEOUT", response.error().path("code").asText());
        assertTrue(response.error().path("retryable").asBoolean());
        assertEquals("close", response.header("connection"));
        assertEquals(-1, socket.getInputStream().read());
        JsonNode line = onlyLine();
        assertEquals("refused", line.path("type").asText());
        assertEquals("WARN", line.path("level").asText());
        assertEquals(408, line.path("status").asInt());
        assertEquals("REQUEST_TIMEOUT", line.path("outcome").asText());
        assertEquals(response.header("x-request-id"), line.path("requestId").asText());
        assertEquals("127.0.0.1", line.path("sourceIp").asText());
        assertTrue(line.path("method").isMissingNode(), "the headers never came whole: " + line);
        assertTrue(line.path("durationMs").isIntegralNumber(), line.toString());
    }

    /** The one line the server wrote. */
    private JsonNode onlyLine() throws IOException {
        assertEquals(1, lines.size(), lines.toString());
        return Json.MAPPER.readTree(lines.get(0));
    }

    @Test
    void aBodyTrickledTooSlowlyIs408() throws Exception {
        start(16, NEVER, Duration.ofMillis(300), NEVER);
        Socket socket = connect();
        send(socket, "POST " + CHECK + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nkind");

        Response response = read(socket.getInputStream());
        assertEquals(408, response.status());
        assertEquals("the request body did not arrive within 300 ms", response.error().path("message").asText());
        JsonNode line = onlyLine();
        assertEquals("refused", line.path("type").asText());
        assertEquals("REQUEST_TIMEOUT", line.path("outcome").asText());
        assertEquals("POST", line.path("method").asText());
        assertEquals(CHECK, line.path("path").asText());
        assertEquals("/v1/policy-sets/{id}/check", line.path("route").asText());
    }

    @Test
    void sixteenStalledClientsDoNotKeepAnotherFromBeingAnswered() throws Exception {
        start(64, NEVER, NEVER, NEVER);
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Socket headers = connect();
            send(headers, "POST " + CHECK + " HTTP/1.1\r\nHost: x\r\n");
            Socket body = connect();
            send(body, "POST " + CHECK + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nkind: Pod\n");
            stalled.add(headers);
            stalled.add(body);
        }

        HttpResponse<String> answered = fresh(server.port());

        assertEquals(200, answered.statusCode());
        for (Socket socket : stalled) {
            assertEquals(0, socket.getInputStream().available(), "the stalled clients are still waiting");
        }
    }

    @Test
    void aConnectionOverTheLimitIsRefusedWith503AndTheOthersAreStillServed() throws Exception {
        start(2, NEVER, NEVER, NEVER);
        Socket first = connect();
        Socket second = connect();
        send(first, post(CHECK, PRIVILEGED_POD));
        assertEquals(200, read(first.getInputStream()).status());

        Socket third = connect();
        Response refused = read(third.getInputStream());

        assertEquals(503, refused.status());
        assertEquals("TOO_MANY_CONNECTIONS", refused.error().path("code").asText());
        assertEquals("1", refused.header("retry-after"));
        JsonNode line = Json.MAPPER.readTree(lines.get(lines.size() - 1));
        assertEquals("refused", line.path("type").asText(), lines.toString());
        assertEquals(503, line.path("status").asInt());
        assertEquals("TOO_MANY_CONNECTIONS", line.path("outcome").asText());
        assertEquals(Json.MAPPER.readTree(refused.body()).path("requestId").asText(), line.path("requestId").asText());
        assertEquals(3, lines.size(), "the first request's two lines, then the refusal's one: " + lines);
        assertEquals(-1, third.getInputStream().read());
        send(second, post(CHECK, PRIVILEGED_POD));
        assertEquals(200, read(second.getInputStream()).status(), "the connections within the limit still work");
    }

    @Test
    void expectContinueOverTheCapIsRefusedBeforeTheBodyIsSentAndTheConnectionClosesCleanly() throws Exception {
        start(16, NEVER, NEVER, NEVER);
        Socket socket = connect();
        send(socket, "POST " + CHECK + " HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                + (LIMIT * 4) + "\r\n\r\n");

        Response response = read(socket.getInputStream());
        assertEquals(413, response.status(), "a final status, not 100 Continue");
        // the function would be called with this body and answer it, so serve writes the function's lines
        JsonNode line = Json.MAPPER.readTree(lines.get(0));
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("request", line.path("type").asText());
        assertEquals("PAYLOAD_TOO_LARGE", line.path("outcome").asText());
        assertEquals(CHECK, line.path("path").asText());
        assertEquals(response.header("x-request-id"), line.path("requestId").asText());
        assertEquals("metrics", Json.MAPPER.readTree(lines.get(1)).path("type").asText());
        assertEquals("PAYLOAD_TOO_LARGE", response.error().path("code").asText());
        assertEquals("close", response.header("connection"));
        socket.shutdownOutput();
        assertEquals(-1, socket.getInputStream().read(), "closed, not reset");

        String lambda = handler.api().handle(new io.kubepolicycheck.api.ApiRequest("POST", CHECK, null,
                java.util.Map.of(), new byte[LIMIT + 1], "id")).body();
        assertEquals(Json.MAPPER.readTree(lambda).path("error").path("message"), response.error().path("message"),
                "the API's own words");
    }

    @Test
    void expectContinueWithinTheCapGetsTheGoAhead() throws Exception {
        start(16, NEVER, NEVER, NEVER);
        Socket socket = connect();
        byte[] body = PRIVILEGED_POD.getBytes(StandardCharsets.UTF_8);
        send(socket, "POST " + CHECK + " HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                + body.length + "\r\n\r\n");

        assertEquals("HTTP/1.1 100 Continue", line(socket.getInputStream()));
        assertEquals("", line(socket.getInputStream()));
        socket.getOutputStream().write(body);
        assertEquals(200, read(socket.getInputStream()).status());
    }

    @Test
    void aBodySentOverTheCapWithoutExpectIs413AndTheClientReadsItWithoutAReset() throws Exception {
        start(16, NEVER, NEVER, NEVER);
        Socket socket = connect();
        String big = "#".repeat(LIMIT * 4);
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                send(socket, post(CHECK, big));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        Response response = read(socket.getInputStream());
        sending.get();
        assertEquals(413, response.status());
        assertEquals("close", response.header("connection"));
        socket.shutdownOutput();
        assertEquals(-1, socket.getInputStream().read(), "closed, not reset");
    }

    @Test
    void aChunkedBodyIsAnsweredAsTheSameBodyWithALength() throws Exception {
        start(16, NEVER, NEVER, NEVER);
        Socket socket = connect();
        String half = PRIVILEGED_POD.substring(0, PRIVILEGED_POD.length() / 2);
        String rest = PRIVILEGED_POD.substring(half.length());
        send(socket, "POST " + CHECK + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(half.length()) + "\r\n" + half + "\r\n"
                + Integer.toHexString(rest.length()) + ";ext=1\r\n" + rest + "\r\n0\r\n\r\n");
        Response chunked = read(socket.getInputStream());
        send(socket, post(CHECK, PRIVILEGED_POD));
        Response plain = read(socket.getInputStream());

        assertEquals(200, chunked.status());
        assertEquals(plain.body().replace(plain.header("x-request-id"), "<id>"),
                chunked.body().replace(chunked.header("x-request-id"), "<id>"));
    }

    @Test
    void aBodyInOneByteChunksIsReadWhole() throws Exception {
        start(16, NEVER, NEVER, NEVER);
        Socket socket = connect();
        StringBuilder request = new StringBuilder("POST " + CHECK + " HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        String body = PRIVILEGED_POD + "#".repeat(LIMIT - PRIVILEGED_POD.length() - 1) + "\n";
        for (char c : body.toCharArray()) {
            request.append("1\r\n").append(c).append("\r\n");
        }
        send(socket, request.append("0\r\n\r\n").toString());

        assertEquals(200, read(socket.getInputStream()).status(), "a body of the largest size, framing and all");
    }

    @Test
    void requestsTheServerCannotReadAreRefusedWithTheApisErrorBody() throws Exception {
        start(16, NEVER, NEVER, NEVER);
        String manyHeaders = "X-A: b\r\n".repeat(101);
        String[][] cases = {
            {"GARBAGE\r\n\r\n", "400", "INVALID_REQUEST"},
            {"GET " + CHECK + " HTTP/2.0\r\n\r\n", "505", "HTTP_VERSION_NOT_SUPPORTED"},
            {"GET " + CHECK + " HTTP/1.1\r\n" + manyHeaders + "\r\n", "431", "REQUEST_HEADERS_TOO_LARGE"},
            {"GET " + CHECK + " HTTP/1.1\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n", "431", "REQUEST_HEADERS_TOO_LARGE"},
            {"POST " + CHECK + " HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", "400",
                "INVALID_REQUEST"},
            {"POST " + CHECK + " HTTP/1.1\r\nContent-Length: -5\r\n\r\n", "400", "INVALID_REQUEST"},
            {"POST " + CHECK + " HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "501", "NOT_IMPLEMENTED"},
            {post(CHECK + "?format=%zz", PRIVILEGED_POD), "400", "INVALID_REQUEST"},
        };
        for (String[] c : cases) {
            Socket socket = connect();
            send(socket, c[0]);
            Response response = read(socket.getInputStream());
            assertEquals(Integer.parseInt(c[1]), response.status(), c[0]);
            assertEquals(c[2], response.error().path("code").asText(), c[0]);
            assertFalse(response.error().path("message").asText().isEmpty());
        }
    }

    @Test
    void stoppingLetsTheRequestBeingReadFinishAndClosesIdleConnections() throws Exception {
        start(16, NEVER, NEVER, NEVER);
        Socket idle = connect();
        send(idle, post(CHECK, PRIVILEGED_POD));
        assertEquals(200, read(idle.getInputStream()).status());
        Socket busy = connect();
        send(busy, post(CHECK, PRIVILEGED_POD));
        assertEquals(200, read(busy.getInputStream()).status(), "accepted before the stop");
        byte[] body = PRIVILEGED_POD.getBytes(StandardCharsets.UTF_8);
        send(busy, "POST " + CHECK + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n");

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
        assertEquals(-1, idle.getInputStream().read(), "an idle connection is closed");
        busy.getOutputStream().write(body);
        Response answer = read(busy.getInputStream());
        stopping.get();

        assertEquals(200, answer.status());
        assertEquals("close", answer.header("connection"));
        server = null;
    }
}
