package io.kubepolicycheck.policystore;

import io.kubepolicycheck.requestlog.RequestRecord;
import io.kubepolicycheck.requestlog.StoreOutcome;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;

/**
 * Built-in sets first, never shadowed; then the configured store (a folder or S3), if any. Ids that break
 * the contract's syntax are refused here, before any store sees them.
 */
public final class LayeredPolicyStore implements PolicyStore {
    private final BuiltinPolicySets builtin;
    private final PolicyStore configured;

    public LayeredPolicyStore(BuiltinPolicySets builtin, PolicyStore configured) {
        this.builtin = builtin;
        this.configured = configured;
    }

    @Override
    public LoadedPolicySet load(String id) throws PolicySetNotFoundException, InvalidPolicySetException, PolicyStoreException {
        if (!PolicySetIds.isValid(id)) {
            throw new IllegalArgumentException("invalid policy set id \"" + id
                    + "\": " + PolicySetIds.RULE);
        }
        if (builtin.isBuiltin(id)) {
            RequestRecord.current().store(StoreOutcome.BUILTIN);
            return builtin.load(id);
        }
        if (configured == null) {
            RequestRecord.current().store(StoreOutcome.NOT_FOUND);
            throw new PolicySetNotFoundException(id);
        }
        return configured.load(id);
    }

    @Override
    public void prime() {
        builtin.prime();
        if (configured != null) {
            configured.prime();
        }
    }

    @Override
    public void afterRestore() {
        builtin.afterRestore();
        if (configured != null) {
            configured.afterRestore();
        }
    }
}
