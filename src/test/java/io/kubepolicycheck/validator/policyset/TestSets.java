package io.kubepolicycheck.validator.policyset;

import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.ManifestException;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.Operation;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.policy.UserInfo;
import io.kubepolicycheck.validator.verdict.PolicySetRef;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Loads policy sets from text and judges manifests against them, as the adapters do. */
public final class TestSets {
    private TestSets() {
    }

    public static PolicySet load(String text) {
        try {
            return new PolicySetLoader().load("test", "v1", "test.yaml", text.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidPolicySetException e) {
            throw new AssertionError(e.located(), e);
        }
    }

    public static InvalidPolicySetException refusal(String text) {
        try {
            new PolicySetLoader().load("test", "v1", "test.yaml", text.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidPolicySetException e) {
            return e;
        }
        throw new AssertionError("the set was loaded");
    }

    /** The verdict on the only object of a manifest. */
    public static ResourceVerdict judge(PolicySet set, String manifest, AdmissionAttributes attributes) {
        return judgeAll(set, manifest, attributes).get(0);
    }

    public static List<ResourceVerdict> judgeAll(PolicySet set, String manifest, AdmissionAttributes attributes) {
        try {
            return new Validator().check(set, new PolicySetRef(set.id(), set.version()),
                    List.of(new ManifestInput(null, manifest.getBytes(StandardCharsets.UTF_8))), attributes).resources();
        } catch (ManifestException e) {
            throw new AssertionError(e.located(), e);
        }
    }

    public static ResourceVerdict judge(PolicySet set, String manifest) {
        return judge(set, manifest, AdmissionAttributes.DEFAULT);
    }

    /** A CREATE by a user in groups, in a namespace (null for the object's or {@code default}). */
    public static AdmissionAttributes as(String namespace, String user, String... groups) {
        return new AdmissionAttributes(namespace, Operation.CREATE, new UserInfo(user, List.of(groups)));
    }

    public static AdmissionAttributes update(String namespace, String user, String... groups) {
        return new AdmissionAttributes(namespace, Operation.UPDATE, new UserInfo(user, List.of(groups)));
    }
}
