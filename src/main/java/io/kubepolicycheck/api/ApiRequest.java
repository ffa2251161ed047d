package io.kubepolicycheck.api;

import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request, independent of where it came from (API Gateway or the local server).
 *
 * @param method    the HTTP method, upper case
 * @param path      the path without stage prefix or query, still percent-encoded
 * @param rawQuery  the query string as sent, percent-encoded, without {@code ?} (null or empty when none)
 * @param headers   header values by lower-case name
 * @param body      the body bytes (empty, never null)
 * @param requestId the id every answer and log line carries
 */
public record ApiRequest(String method, String path, String rawQuery, Map<String, String> headers,
                         byte[] body, String requestId) {
    public ApiRequest {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
