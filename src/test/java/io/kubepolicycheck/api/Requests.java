package io.kubepolicycheck.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.validator.render.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds requests for {@link PolicyApi} and reads its JSON answers. */
final class Requests {
    private Requests() {
    }

    static ApiRequest post(String path, String query, String contentType, String body) {
        return post(path, query, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static ApiRequest post(String path, String query, String contentType, byte[] body, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        return new ApiRequest("POST", path, query, headers, body, "req-1");
    }

    static ApiRequest get(String path) {
        return new ApiRequest("GET", path, null, Map.of(), new byte[0], "req-1");
    }

    /**
     * Asserts that {@code response} has one of {@code statuses} and shows no Java exception or stack trace;
     * {@code what} names the request in the failure message.
     */
    static void assertAnswered(ApiResponse response, String what, Integer... statuses) {
        assertTrue(List.of(statuses).contains(response.status()), what + ": " + response.status() + " " + response.body());
        assertFalse(response.body().contains("Exception") || response.body().contains("\tat "), what + ": " + response.body());
    }

    static JsonNode json(ApiResponse response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}
