package io.kubepolicycheck.validator.podsecurity;

import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.ManifestException;
import io.kubepolicycheck.validator.manifest.ManifestParser;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import io.kubepolicycheck.validator.verdict.PolicySetRef;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.verdict.Violation;
import io.kubepolicycheck.validator.workload.PodTemplate;
import io.kubepolicycheck.validator.workload.PodTemplates;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Judges manifests the way the adapters do: the facade, with a built-in {@code pss-*} set. */
final class PodSecurityTesting {
    private static final BuiltinPolicySets BUILTIN = new BuiltinPolicySets();
    private static final Validator VALIDATOR = new Validator();

    private PodSecurityTesting() {
    }

    static PolicySet builtin(String id) {
        try {
            return BUILTIN.find(id).orElseThrow(() -> new AssertionError("no built-in set " + id));
        } catch (InvalidPolicySetException e) {
            throw new AssertionError(e);
        }
    }

    /** The verdict on every object of the manifest under the built-in set. */
    static Verdict check(String setId, byte[] manifest) {
        PolicySet set = builtin(setId);
        try {
            return VALIDATOR.check(set, new PolicySetRef(set.id(), set.version()),
                    List.of(new ManifestInput(null, manifest)), AdmissionAttributes.DEFAULT);
        } catch (ManifestException e) {
            throw new AssertionError("fixture does not parse: " + e.getMessage(), e);
        }
    }

    /** The verdict on the one object of the manifest. */
    static ResourceVerdict judge(String setId, String manifest) {
        return judge(setId, manifest.getBytes(StandardCharsets.UTF_8));
    }

    static ResourceVerdict judge(String setId, byte[] manifest) {
        List<ResourceVerdict> resources = check(setId, manifest).resources();
        if (resources.size() != 1) {
            throw new AssertionError("expected one object, found " + resources.size());
        }
        return resources.get(0);
    }

    /** The checks that deny, each once, in the order the findings come. */
    static List<String> deniedBy(ResourceVerdict verdict) {
        LinkedHashSet<String> checks = new LinkedHashSet<>();
        for (Violation v : verdict.violations()) {
            checks.add(v.check());
        }
        return new ArrayList<>(checks);
    }

    static PodTemplate pod(String manifest) {
        try {
            List<KubernetesObject> objects = new ManifestParser().parse(manifest, null);
            return PodTemplates.of(objects.get(0)).orElseThrow();
        } catch (ManifestException e) {
            throw new AssertionError(e);
        }
    }
}
