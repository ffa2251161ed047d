package io.kubepolicycheck.server;

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
import java.io.PrintStream;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code serve}'s duration counts the time a request waits for a worker: with every worker held by a request
 * whose set is still loading, the next request waits, and its line says so.
 */
class ServeQueueingTest {
    private static final long HELD_MS = 400;

    /** Loads of "held" wait for the latch; anything else is not found. */
    private static final class HeldStore implements PolicyStore {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger loading = new AtomicInteger();

        @Override
        public LoadedPolicySet load(String id) throws PolicySetNotFoundException {
            loading.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new PolicySetNotFoundException(id);
        }
    }

    @Test
    void aRequestWaitingForAWorkerCountsTheWaitInItsDuration() throws Exception {
        HeldStore store = new HeldStore();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ApiGatewayHandler handler = new ApiGatewayHandler(new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(),
                store), ApiSettings.DEFAULT), ServeCommand.requestLog(Map.of(),
                new PrintStream(log, true, StandardCharsets.UTF_8)));
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        try (LocalServer server = LocalServer.start(0, handler)) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            // hold workers until one more held request no longer reaches the store: every worker is busy
            boolean allBusy = false;
            while (!allBusy && held.size() < 64) {
                int before = store.loading.get();
                held.add(http.sendAsync(HttpRequest.newBuilder(base.resolve("/v1/policy-sets/held")).build(),
                        HttpResponse.BodyHandlers.ofString()));
                // generous, so that a request slowed by a loaded machine is not taken for a queued one
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (store.loading.get() == before && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                allBusy = store.loading.get() == before;
            }
            assertTrue(allBusy, "serve never ran out of workers after " + held.size() + " held requests");

            CompletableFuture<HttpResponse<String>> queued = http.sendAsync(
                    HttpRequest.newBuilder(base.resolve("/v1/policy-sets/pss-restricted")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(HELD_MS);
            assertTrue(store.loading.get() < held.size(), "a held request was still waiting for a worker");
            store.release.countDown();
            assertEquals(200, queued.get(30, TimeUnit.SECONDS).statusCode());
            for (CompletableFuture<HttpResponse<String>> request : held) {
                assertEquals(404, request.get(30, TimeUnit.SECONDS).statusCode());
            }
        }

        JsonNode line = null;
        for (String text : log.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode parsed = Json.MAPPER.readTree(text);
            if (parsed.path("type").asText().equals("request")
                    && parsed.path("policySet").asText().equals("pss-restricted")) {
                line = parsed;
            }
        }
        assertTrue(line != null, log.toString(StandardCharsets.UTF_8));
        // The request reaches serve a moment after the wait starts, so it waited a little less than HELD_MS; a
        // duration that left the wait out would be a few ms.
        assertTrue(line.path("durationMs").asLong() >= HELD_MS / 2, "the wait for a worker is counted: " + line);
    }
}
