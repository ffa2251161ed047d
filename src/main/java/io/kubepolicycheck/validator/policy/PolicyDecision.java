package io.kubepolicycheck.validator.policy;

import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.Violation;
import java.util.List;
import java.util.Map;

/**
 * What one policy of a set says of one pod.
 *
 * @param allowed          whether this policy admits the pod
 * @param admittedBy       the PodSecurityPolicy or SCC chosen, or null
 * @param message          the denial in Kubernetes' wording (null when allowed)
 * @param violations       enforce-mode findings, one per offending field
 * @param warnings         warn-mode messages, as the API server returns them to the client
 * @param audit            audit-mode findings (recorded, never enforced)
 * @param auditAnnotations annotations for the audit log, as an admission response carries them
 * @param mutations        defaults the chosen policy applied
 * @param podAnnotations   annotations the plugin writes on a pod it admits in the mutating pass, naming the
 *                         chosen policy ({@code kubernetes.io/psp}, {@code openshift.io/scc}); not defaults
 */
public record PolicyDecision(boolean allowed, String admittedBy, String message, List<Violation> violations,
                             List<String> warnings, List<Violation> audit, Map<String, String> auditAnnotations,
                             List<Mutation> mutations, Map<String, String> podAnnotations) {
    /** A policy that writes no annotation of its own on the pod. */
    public PolicyDecision(boolean allowed, String admittedBy, String message, List<Violation> violations,
                          List<String> warnings, List<Violation> audit, Map<String, String> auditAnnotations,
                          List<Mutation> mutations) {
        this(allowed, admittedBy, message, violations, warnings, audit, auditAnnotations, mutations, Map.of());
    }

    public static PolicyDecision allow() {
        return new PolicyDecision(true, null, null, List.of(), List.of(), List.of(), Map.of(), List.of());
    }
}
