package io.kubepolicycheck.policystore;

import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import java.util.List;

/** Where policy sets come from: the classpath (built-in), a folder, or S3. */
public interface PolicyStore {
    LoadedPolicySet load(String id)
            throws PolicySetNotFoundException, InvalidPolicySetException, PolicyStoreException;

    /**
     * Every set this store holds, in id order. Stored sets are listed, not loaded: a set that does not parse is
     * listed all the same, and refused when it is used.
     */
    default List<PolicySetListing> list() throws PolicyStoreException {
        return List.of();
    }

    /**
     * The sets to name when an id is not found: {@link #list()} where listing costs no network call, else none,
     * so a mistyped id never waits on (or fails with) a remote listing.
     */
    default List<PolicySetListing> listLocally() {
        return List.of();
    }

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
