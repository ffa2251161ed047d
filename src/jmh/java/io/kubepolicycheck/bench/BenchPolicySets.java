package io.kubepolicycheck.bench;

import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.policystore.PolicySetNotFoundException;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import io.kubepolicycheck.validator.policyset.PolicySetLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The policy sets the benchmarks judge with: the built-in ones, and the benchmark's own sets under
 * {@code src/jmh/resources/policysets/} (read as a bucket object would be), such as {@code psp-five}.
 */
final class BenchPolicySets {
    /** Every set a benchmark may name; {@link #loadable()} keeps those this build can read. */
    static final List<String> ALL = List.of("pss-restricted", "psp-five");

    private static final BuiltinPolicySets BUILTIN = new BuiltinPolicySets();

    private BenchPolicySets() {
    }

    static LoadedPolicySet load(String id) throws PolicySetNotFoundException, InvalidPolicySetException {
        if (BUILTIN.isBuiltin(id)) {
            return BUILTIN.load(id);
        }
        String resource = "/policysets/" + id + ".yaml";
        try (InputStream in = BenchPolicySets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new PolicySetNotFoundException(id);
            }
            return new LoadedPolicySet(new PolicySetLoader().load(id, "bench", resource, in.readAllBytes()), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
