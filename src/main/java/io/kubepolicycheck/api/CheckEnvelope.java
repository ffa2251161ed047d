package io.kubepolicycheck.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/check}: {@code {"policySet", "manifest", "namespace", "operation",
 * "userInfo": {"username", "groups"}, "format"}}. Strict, so a misspelt field is an error rather than ignored.
 *
 * <p>A manifest given as a JSON object or array is cut out of the body and padded with the newlines and spaces
 * before it, so lines and columns in the verdict point into the body as sent.
 */
record CheckEnvelope(String policySet, String manifest, String namespace, String operation, String username,
                     List<String> groups, String format) {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final String FIELDS = "policySet, manifest, namespace, operation, userInfo, format";

    static CheckEnvelope parse(String body) throws ApiException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw invalid(p, "the request body must be a JSON object {\"policySet\": ..., \"manifest\": ...}");
            }
            String policySet = null;
            String manifest = null;
            String namespace = null;
            String operation = null;
            String username = null;
            List<String> groups = List.of();
            String format = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "policySet" -> policySet = string(p, field);
                    case "manifest" -> manifest = manifest(p, body);
                    case "namespace" -> namespace = string(p, field);
                    case "operation" -> operation = string(p, field);
                    case "format" -> format = string(p, field);
                    case "userInfo" -> {
                        if (value == JsonToken.VALUE_NULL) {
                            break;
                        }
                        if (value != JsonToken.START_OBJECT) {
                            throw invalid(p, "userInfo must be an object {\"username\": ..., \"groups\": [...]}");
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            switch (f) {
                                case "username" -> username = string(p, "userInfo.username");
                                case "groups" -> groups = strings(p, "userInfo.groups");
                                // an AdmissionReview's userInfo may be passed as-is: these do not select policies
                                case "uid", "extra" -> p.skipChildren();
                                default -> throw invalid(p, "unknown field \"userInfo." + f
                                        + "\"; expected username, groups");
                            }
                        }
                    }
                    default -> throw invalid(p, "unknown field \"" + field + "\"; expected " + FIELDS);
                }
            }
            if (p.nextToken() != null) {
                throw invalid(p, "unexpected content after the request object");
            }
            if (policySet == null) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "policySet is required");
            }
            if (manifest == null) {
                throw new ApiException(ErrorCode.INVALID_REQUEST,
                        "manifest is required: the manifest text, an object or an array of objects");
            }
            return new CheckEnvelope(policySet, manifest, namespace, operation, username, groups, format);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ApiException(ErrorCode.INVALID_REQUEST, "request body is not valid JSON: " + e.getOriginalMessage(),
                    -1, at == null ? -1 : at.getLineNr(), at == null ? -1 : at.getColumnNr(), Map.of());
        } catch (IOException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "request body cannot be read: " + e.getMessage());
        }
    }

    private static String manifest(JsonParser p, String body) throws IOException, ApiException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            throw invalid(p, "manifest must be the manifest text, an object or an array of objects");
        }
        JsonLocation start = p.currentTokenLocation();
        p.skipChildren();
        int end = (int) p.currentLocation().getCharOffset();
        int from = (int) start.getCharOffset();
        StringBuilder text = new StringBuilder(end - from + start.getLineNr() + start.getColumnNr());
        text.append("\n".repeat(start.getLineNr() - 1)).append(" ".repeat(start.getColumnNr() - 1));
        return text.append(body, from, end).toString();
    }

    private static String string(JsonParser p, String field) throws IOException, ApiException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> null;
            default -> throw invalid(p, field + " must be a string");
        };
    }

    private static List<String> strings(JsonParser p, String field) throws IOException, ApiException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw invalid(p, field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw invalid(p, field + " must be an array of strings");
            }
            out.add(p.getText());
        }
        return out;
    }

    private static ApiException invalid(JsonParser p, String message) {
        JsonLocation at = p.currentTokenLocation();
        return new ApiException(ErrorCode.INVALID_REQUEST, message, -1, at.getLineNr(), at.getColumnNr(), Map.of());
    }
}
