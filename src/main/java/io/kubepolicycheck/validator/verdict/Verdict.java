package io.kubepolicycheck.validator.verdict;

import java.util.List;

/** The answer to a check: allowed when every resource is. */
public record Verdict(boolean allowed, PolicySetRef policySet, String summary, List<ResourceVerdict> resources) {
    public Verdict {
        resources = List.copyOf(resources);
    }

    public static Verdict of(PolicySetRef policySet, List<ResourceVerdict> resources) {
        long denied = resources.stream().filter(r -> !r.allowed()).count();
        return new Verdict(denied == 0, policySet, summary(resources.size(), denied), resources);
    }

    /** The verdict's fields for {@code total} resources of which {@code denied} were denied, without the resources. */
    public static Verdict totals(PolicySetRef policySet, long total, long denied) {
        return new Verdict(denied == 0, policySet, summary(total, denied), List.of());
    }

    private static String summary(long total, long denied) {
        String resources = total == 1 ? " resource" : " resources";
        return denied == 0 ? total + " of " + total + resources + " allowed"
                : denied + " of " + total + resources + " denied";
    }
}
