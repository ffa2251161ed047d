package io.kubepolicycheck.policystore;

import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.verdict.PolicySetRef;

/** A policy set as a store handed it out: {@code stale} when served from cache because the store failed. */
public record LoadedPolicySet(PolicySet set, boolean stale) {
    public PolicySetRef ref() {
        return new PolicySetRef(set.id(), set.version(), stale ? Boolean.TRUE : null);
    }
}
