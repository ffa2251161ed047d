package io.kubepolicycheck.validator.verdict;

import java.util.List;

/** The answer to a check: allowed when every resource is. */
public record Verdict(boolean allowed, PolicySetRef policySet, String summary, List<ResourceVerdict> resources) {
    public Verdict {
        resources = List.copyOf(resources);
    }

    public static Verdict of(PolicySetRef policySet, List<ResourceVerdict> resources) {
        long denied = resources.stream().filter(r -> !r.allowed()).count();
        String summary = denied == 0
                ? resources.size() + " of " + resources.size() + (resources.size() == 1 ? " resource" : " resources") + " allowed"
                : denied + " of " + resources.size() + (resources.size() == 1 ? " resource" : " resources") + " denied";
        return new Verdict(denied == 0, policySet, summary, resources);
    }
}
