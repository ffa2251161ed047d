package io.kubepolicycheck.api;

/**
 * Every error the HTTP API answers, with its status. The first seven are the contract's table; {@code NOT_FOUND},
 * {@code METHOD_NOT_ALLOWED} and {@code INTERNAL_ERROR} cover what a route table and a bug can cause.
 */
public enum ErrorCode {
    INVALID_MANIFEST(400, false),
    INVALID_REQUEST(400, false),
    POLICY_SET_NOT_FOUND(404, false),
    NOT_FOUND(404, false),
    METHOD_NOT_ALLOWED(405, false),
    PAYLOAD_TOO_LARGE(413, false),
    UNSUPPORTED_MEDIA_TYPE(415, false),
    INVALID_POLICY_SET(422, false),
    INTERNAL_ERROR(500, false),
    POLICY_STORE_UNAVAILABLE(503, true);

    private final int status;
    private final boolean retryable;

    ErrorCode(int status, boolean retryable) {
        this.status = status;
        this.retryable = retryable;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }
}
