package io.kubepolicycheck.validator.policy;

import java.util.List;

/**
 * A loaded policy set: its id, the version of the stored object it came from, and its policies.
 * Immutable and shared between requests.
 */
public record PolicySet(String id, String version, List<Policy> policies) {
    public PolicySet {
        policies = List.copyOf(policies);
    }
}
