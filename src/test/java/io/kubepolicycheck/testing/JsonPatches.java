package io.kubepolicycheck.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.validator.render.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Applies our JSON Patches with Eclipse Parsson's RFC 6902 implementation, not our own, so a patch is proved to
 * mean to a real implementation what we think it means.
 */
public final class JsonPatches {
    private JsonPatches() {
    }

    /** {@code object} with {@code patch} (a JSON array of operations) applied. */
    public static JsonNode apply(JsonNode object, JsonNode patch) {
        try {
            JsonArray operations = read(Json.MAPPER.writeValueAsString(patch)).asJsonArray();
            JsonObject target = read(Json.MAPPER.writeValueAsString(object)).asJsonObject();
            JsonStructure patched = jakarta.json.Json.createPatch(operations).apply(target);
            return Json.MAPPER.readTree(patched.toString());
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code object} with an AdmissionReview response's {@code patch} (base64 of the operations) applied. */
    public static JsonNode applyBase64(JsonNode object, String base64) {
        try {
            String operations = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
            return apply(object, Json.MAPPER.readTree(operations));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonStructure read(String json) {
        try (var reader = jakarta.json.Json.createReader(new StringReader(json))) {
            return reader.read();
        }
    }
}
