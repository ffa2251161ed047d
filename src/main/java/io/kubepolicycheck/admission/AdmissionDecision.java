package io.kubepolicycheck.admission;

import io.kubepolicycheck.validator.verdict.ResourceVerdict;

/**
 * What {@link AdmissionController#admit} decided: the response for the API server, and the verdict it came from,
 * for the request log (the checks that denied); {@code verdict} is null when the request was allowed without being
 * examined (DELETE, a namespace, a kind without pods, a subresource that cannot change a pod).
 */
public record AdmissionDecision(AdmissionResponse response, ResourceVerdict verdict) {
}
