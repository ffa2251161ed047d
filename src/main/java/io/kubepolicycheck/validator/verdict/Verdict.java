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
        String noun = resources.size() == 1 ? " resource" : " resources";
        String summary = denied == 0
                ? resources.size() + " of " + resources.size() + noun + " allowed"
                : denied + " of " + resources.size() + noun + " denied";
        if (!errors.isEmpty()) {
            summary += "; " + errors.size() + (errors.size() == 1 ? " input" : " inputs") + " could not be checked";
        }
        return new Verdict(denied == 0 && errors.isEmpty(), policySet, summary, resources, errors);
    }
}
