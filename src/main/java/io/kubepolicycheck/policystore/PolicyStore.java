package io.kubepolicycheck.policystore;

import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;

/** Where policy sets come from: the classpath (built-in), a folder, or S3. */
public interface PolicyStore {
    LoadedPolicySet load(String id)
            throws PolicySetNotFoundException, InvalidPolicySetException, PolicyStoreException;

    /**
     * Gets ready for requests ahead of them, without any network call: what can be loaded is loaded, the
     * request path is walked once. A Lambda SnapStart snapshot is taken after it.
     */
    default void prime() {
    }

    /**
     * Called after the process was restored from a snapshot: whatever was measured against the clock (a cache's
     * expiry) or held open before the snapshot must not be trusted any more.
     */
    default void afterRestore() {
    }
}
