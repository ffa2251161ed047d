package io.kubepolicycheck.policystore;

/** The policy store could not answer: S3 failed and nothing is cached. Retryable. */
public final class PolicyStoreException extends Exception {
    public PolicyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
