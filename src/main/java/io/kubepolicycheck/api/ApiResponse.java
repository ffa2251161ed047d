package io.kubepolicycheck.api;

import java.util.Map;

/**
 * The answer to one request. {@code outcome} is for the request log only: {@code allowed}, {@code denied}, an
 * error code or {@code ok}; it never carries anything of the submitted manifest.
 */
public record ApiResponse(int status, Map<String, String> headers, String body, String outcome) {
    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
