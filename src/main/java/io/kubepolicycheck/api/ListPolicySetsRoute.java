package io.kubepolicycheck.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kubepolicycheck.policystore.PolicySetListing;
import io.kubepolicycheck.policystore.PolicyStore;
import io.kubepolicycheck.policystore.PolicyStoreException;
import io.kubepolicycheck.validator.render.Json;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/policy-sets}: every set a caller may name, built-in first, then the stored ones (the bucket's
 * prefix or the folder), each with its id, origin and a one-line description:
 * {@code {"policySets": [{"id": "pss-baseline", "origin": "builtin", "description": "..."}, ...]}}.
 */
final class ListPolicySetsRoute {
    static final String PATH = "/v1/policy-sets";

    private final PolicyStore store;

    ListPolicySetsRoute(PolicyStore store) {
        this.store = store;
    }

    ApiResponse handle(ApiRequest request) throws ApiException {
        List<PolicySetListing> sets;
        try {
            sets = store.list();
        } catch (PolicyStoreException e) {
            // the message says nothing internal; e.detail() names the bucket and S3's words
            throw new ApiException(ErrorCode.POLICY_STORE_UNAVAILABLE, e.getMessage(),
                    -1, -1, -1, Map.of("retry-after", Integer.toString(e.retryAfterSeconds())));
        }
        try {
            return new ApiResponse(200, PolicyApi.headers("application/json", request.requestId()),
                    Json.PRETTY.writeValueAsString(Map.of("policySets", sets)) + "\n", "ok");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the list of sets is not serializable", e);
        }
    }
}
