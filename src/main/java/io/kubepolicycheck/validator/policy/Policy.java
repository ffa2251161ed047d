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
     * Whether this policy judges a pod UPDATE that changes no image, which Pod Security admission lets through
     * unexamined (upstream's {@code isSignificantPodUpdate}): none does, unless it has a rule about such an update.
     */
    default boolean judgesUpdateWithoutNewImages(PodTemplate pod, AdmissionAttributes attributes) {
        return false;
    }

    /** A one-line summary for the policy-set description route. */
    PolicySummary summary();
}
