package io.kubepolicycheck.policystore;

import io.kubepolicycheck.requestlog.RequestRecord;
import io.kubepolicycheck.requestlog.StoreOutcome;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import java.util.ArrayList;
import java.util.List;

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
            throw notFound(id);
        }
        try {
            return configured.load(id);
        } catch (PolicySetNotFoundException e) {
            throw notFound(id);
        }
    }

    /** Not found, naming the sets there are: built-in, then stored where they can be listed without a network call. */
    private PolicySetNotFoundException notFound(String id) {
        List<String> available = new ArrayList<>();
        builtin.listLocally().forEach(set -> available.add(set.id()));
        if (configured != null) {
            configured.listLocally().forEach(set -> available.add(set.id()));
        }
        return new PolicySetNotFoundException(id, available.stream().distinct().toList());
    }

    /** The built-in sets, then the stored ones; a stored set a built-in id shadows is left out, as it is never used. */
    @Override
    public List<PolicySetListing> list() throws PolicyStoreException {
        List<PolicySetListing> sets = new ArrayList<>(builtin.list());
        if (configured == null) {
            RequestRecord.current().store(StoreOutcome.BUILTIN);
        } else {
            for (PolicySetListing set : configured.list()) {
                if (!builtin.isBuiltin(set.id())) {
                    sets.add(set);
                }
            }
        }
        return sets;
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
