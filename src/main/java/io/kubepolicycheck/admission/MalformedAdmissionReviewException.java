package io.kubepolicycheck.admission;

/**
 * An AdmissionReview that cannot be judged. With a readable {@code uid} it is answered with a review that denies
 * ({@link AdmissionResponse#badRequest}); without one there is nothing to answer to, so the caller gets a 400.
 */
public final class MalformedAdmissionReviewException extends Exception {
    private final String uid;
    private final String apiVersion;

    public MalformedAdmissionReviewException(String uid, String apiVersion, String message) {
        super(message, null, false, false);
        this.uid = uid;
        this.apiVersion = apiVersion;
    }

    /** The request's uid, or null when it could not be read. */
    public String uid() {
        return uid;
    }

    /** The apiVersion to answer in. */
    public String apiVersion() {
        return apiVersion;
    }
}
