package io.kubepolicycheck.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.validator.render.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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

    static JsonNode json(ApiResponse response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}
