package io.kubepolicycheck.validator.verdict;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to a check: allowed when every resource is and every input could be read. {@code errors} lists the
 * inputs that could not be judged (left out of JSON when there are none); the other inputs are judged all the same.
 */
public record Verdict(boolean allowed, PolicySetRef policySet, String summary, List<ResourceVerdict> resources,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<InputError> errors) {
    public Verdict {
        resources = List.copyOf(resources);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public Verdict(boolean allowed, PolicySetRef policySet, String summary, List<ResourceVerdict> resources) {
        this(allowed, policySet, summary, resources, List.of());
    }

    public static Verdict of(PolicySetRef policySet, List<ResourceVerdict> resources) {
        return of(policySet, resources, List.of());
    }

    public static Verdict of(PolicySetRef policySet, List<ResourceVerdict> resources, List<InputError> errors) {
        long denied = resources.stream().filter(r -> !r.allowed()).count();
        return new Verdict(denied == 0 && errors.isEmpty(), policySet, summary(resources.size(), denied, errors.size()),
                resources, errors);
    }

    /**
     * The verdict's fields for {@code total} resources of which {@code denied} were denied and the inputs that could
     * not be checked, without the resources.
     */
    public static Verdict totals(PolicySetRef policySet, long total, long denied, List<InputError> errors) {
        return new Verdict(denied == 0 && errors.isEmpty(), policySet, summary(total, denied, errors.size()), List.of(),
                errors);
    }

    private static String summary(long total, long denied, int errors) {
        String resources = total == 1 ? " resource" : " resources";
        String summary = denied == 0 ? total + " of " + total + resources + " allowed"
                : denied + " of " + total + resources + " denied";
        if (errors > 0) {
            summary += "; " + errors + (errors == 1 ? " input" : " inputs") + " could not be checked";
        }
        return summary;
    }
}
