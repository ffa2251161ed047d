package io.kubepolicycheck.validator.verdict;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The verdict on one object of the input. {@code document} counts from 0, {@code line} from 1; {@code source}
 * is the file name when several inputs were checked at once. {@code message} is the denial in Kubernetes'
 * wording. Kinds without a pod template are {@code checked: false, allowed: true}. {@code patch}, on an admitted
 * object that a mutating policy changes, is the JSON Patch from the object as submitted to the one stored: its
 * {@code mutations} and the annotation naming the chosen policy.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceVerdict(
        String source,
        int document,
        int line,
        String apiVersion,
        String kind,
        String namespace,
        String name,
        boolean checked,
        boolean allowed,
        @JsonInclude(JsonInclude.Include.ALWAYS) String admittedBy,
        String message,
        List<Violation> violations,
        List<String> warnings,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Violation> audit,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> auditAnnotations,
        List<Mutation> mutations,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PatchOperation> patch) {
}
