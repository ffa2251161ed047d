package io.kubepolicycheck.validator.policy;

import io.kubepolicycheck.validator.workload.PodTemplate;

/**
 * One kind of admission control in a policy set: Pod Security admission, the PodSecurityPolicy plugin, or
 * OpenShift's SCC admission. A pod is allowed when every policy of its set allows it.
 */
public interface Policy {
    PolicyDecision evaluate(PodTemplate pod, AdmissionAttributes attributes);

    /**
     * Whether this policy is a mutating admission plugin that may default the pod (PodSecurityPolicy, SCC); the
     * others validate the pod as the mutating ones left it, as the API server runs validating admission after.
     */
    default boolean mutates() {
        return false;
    }

    /**
     * Whether this policy judges a pod UPDATE in this admission pass. Each admission plugin lets some updates
     * through unexamined (Pod Security admission's {@code isSignificantPodUpdate}, the others' {@code shouldIgnore});
     * in a set, an update is judged only by the policies that judge it.
     */
    boolean judges(PodUpdate update, AdmissionPhase phase);

    /** A one-line summary for the policy-set description route. */
    PolicySummary summary();
}
