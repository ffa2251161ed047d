package io.kubepolicycheck.policystore;

import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;

/** Where policy sets come from: the classpath (built-in), a folder, or S3. */
public interface PolicyStore {
    LoadedPolicySet load(String id)
            throws PolicySetNotFoundException, InvalidPolicySetException, PolicyStoreException;
}
