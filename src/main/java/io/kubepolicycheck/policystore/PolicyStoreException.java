package io.kubepolicycheck.policystore;

/**
 * The policy store could not answer: S3 failed (or is busy) and nothing is cached. Retryable. The message is
 * for the caller and names only the set; {@link #detail()} (bucket, key, the SDK's words) is for the log.
 */
public final class PolicyStoreException extends Exception {
    /** When no store says otherwise: the seconds a caller should wait. */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 5;

    private final String detail;
    private final int retryAfterSeconds;

    public PolicyStoreException(String message, String detail, int retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.detail = detail;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public PolicyStoreException(String message, Throwable cause) {
        this(message, message, DEFAULT_RETRY_AFTER_SECONDS, cause);
    }

    /** What failed, for the operator: may name the bucket, the key and the SDK's error. Never for callers. */
    public String detail() {
        return detail;
    }

    /** The seconds before asking again is useful (the store's back-off), at least 1. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
