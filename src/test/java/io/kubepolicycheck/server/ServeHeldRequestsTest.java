package io.kubepolicycheck.server;

import static io.kubepolicycheck.testing.Manifests.PRIVILEGED_POD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.lambda.ApiGatewayHandler;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.policystore.PolicySetNotFoundException;
import io.kubepolicycheck.policystore.PolicyStore;
import io.kubepolicycheck.validator.render.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} while requests are held: requests whose set is still loading hold only their own connections, so
 * another request is answered meanwhile; and a request's duration in its line counts from its first byte, so a
 * slow upload shows in it.
 */
class ServeHeldRequestsTest {
    private static final int HELD = 64;
    private static final long SLOW_MS = 400;

    /** Loads of any stored set wait for the latch, then are not found. */
    private static final class HeldStore implements PolicyStore {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch loading = new CountDownLatch(HELD);

        @Override
        public LoadedPolicySet load(String id) throws PolicySetNotFoundException {
            loading.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new PolicySetNotFoundException(id);
        }
    }

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final HeldStore store = new HeldStore();
    private final ApiGatewayHandler handler = new ApiGatewayHandler(new PolicyApi(new LayeredPolicyStore(
            new BuiltinPolicySets(), store), ApiSettings.DEFAULT), ServeCommand.requestLog(Map.of(),
            new PrintStream(log, true, StandardCharsets.UTF_8)));

    @Test
    void requestsHeldByTheStoreDoNotKeepAnotherFromBeingAnswered() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        try (LocalServer server = LocalServer.start(0, handler)) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            for (int i = 0; i < HELD; i++) {
                held.add(http.sendAsync(HttpRequest.newBuilder(base.resolve("/v1/policy-sets/held-" + i)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            assertTrue(store.loading.await(30, TimeUnit.SECONDS), "all " + HELD + " requests reached the store");

            HttpResponse<String> other = http.send(HttpRequest.newBuilder(base.resolve("/v1/policy-sets/pss-restricted"))
                    .timeout(java.time.Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, other.statusCode(), "answered while " + HELD + " requests are held");
            store.release.countDown();
            for (CompletableFuture<HttpResponse<String>> request : held) {
                assertEquals(404, request.get(30, TimeUnit.SECONDS).statusCode());
            }
        }
    }

    @Test
    void aRequestsDurationCountsFromItsFirstByte() throws Exception {
        byte[] body = PRIVILEGED_POD.getBytes(StandardCharsets.UTF_8);
        try (LocalServer server = LocalServer.start(0, handler);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/policy-sets/pss-restricted/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            Thread.sleep(SLOW_MS);
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        }

        JsonNode line = null;
        for (String text : log.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode parsed = Json.MAPPER.readTree(text);
            if (parsed.path("type").asText().equals("request")) {
                line = parsed;
            }
        }
        assertTrue(line != null, log.toString(StandardCharsets.UTF_8));
        // half the pause at least: the server reads the first byte a moment after the client sent it, and a duration
        // counted from the handler's start would be a few milliseconds
        assertTrue(line.path("durationMs").asLong() >= SLOW_MS / 2, "the slow upload is counted: " + line);
    }
}
