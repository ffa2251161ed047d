package io.kubepolicycheck.api;

import java.util.Map;

/**
 * A request the API answers with an error body. {@code document}, {@code line} and {@code column} say where in
 * the submitted text (-1 where unknown); {@code headers} are added to the answer (Allow, Retry-After).
 */
public final class ApiException extends Exception {
    private final ErrorCode code;
    private final int document;
    private final int line;
    private final int column;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String message, int document, int line, int column, Map<String, String> headers) {
        super(message, null, false, false);
        this.code = code;
        this.document = document;
        this.line = line;
        this.column = column;
        this.headers = Map.copyOf(headers);
    }

    public ApiException(ErrorCode code, String message) {
        this(code, message, -1, -1, -1, Map.of());
    }

    public ErrorCode code() {
        return code;
    }

    public int document() {
        return document;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
