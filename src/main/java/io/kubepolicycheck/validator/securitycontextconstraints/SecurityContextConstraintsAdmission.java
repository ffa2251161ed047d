package io.kubepolicycheck.validator.securitycontextconstraints;

import io.kubepolicycheck.validator.podsecuritypolicy.EffectivePod;
import io.kubepolicycheck.validator.podsecuritypolicy.FieldError;
import io.kubepolicycheck.validator.podsecuritypolicy.PodSecurityPolicyAdmission;
import io.kubepolicycheck.validator.podsecuritypolicy.SubmittedPod;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.AdmissionPhase;
import io.kubepolicycheck.validator.policy.PodUpdate;
import io.kubepolicycheck.validator.policy.Policy;
import io.kubepolicycheck.validator.policy.PolicyDecision;
import io.kubepolicycheck.validator.policy.PolicySummary;
import io.kubepolicycheck.validator.rbac.Authorization;
import io.kubepolicycheck.validator.rbac.Identity;
import io.kubepolicycheck.validator.rbac.Requesters;
import io.kubepolicycheck.validator.verdict.Violation;
import io.kubepolicycheck.validator.workload.PodTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * OpenShift's SCC admission over all the SCCs of a set: in {@link Restrictiveness} order, the first SCC the
 * pod's service account or its creator may use and that admits the pod is chosen. In the mutating pass of a
 * CREATE ({@code Admit}) its defaults are applied (OpenShift prefers the most restrictive SCC even if it
 * mutates) and the pod is annotated with the SCC's name and whose access chose it; on UPDATE, and in the
 * validating pass ({@code Validate}, which tries the SCC the pod's annotation names first), only an SCC that
 * admits the pod unchanged counts. A refusal lists every attempt, an unusable SCC as
 * {@code provider "x": Forbidden: not usable by user or serviceaccount}. Windows pods are not checked.
 *
 * <p>A pod that names an SCC in {@code openshift.io/required-scc} is tried against that one only, which must
 * exist; in the validating pass it must also be the SCC the mutating pass chose ({@code openshift.io/scc}).
 *
 * <p>An SCC is usable by the users and groups it names, and by whoever RBAC lets {@code use} it
 * ({@code securitycontextconstraints} in group {@code security.openshift.io}). In a set without RBAC objects
 * an SCC that names no users and no groups is usable by everyone.
 */
public final class SecurityContextConstraintsAdmission implements Policy {
    public static final String RESOURCE = "securitycontextconstraints";
    public static final String VALIDATED_ANNOTATION = "openshift.io/scc";
    public static final String REQUIRED_ANNOTATION = "openshift.io/required-scc";
    public static final String SUBJECT_TYPE_ANNOTATION = "security.openshift.io/validated-scc-subject-type";
    public static final List<String> API_GROUPS = List.of("security.openshift.io");
    /** Informative annotations whose change does not bring a pod back through SCC admission. */
    private static final Set<String> IGNORED_ANNOTATIONS = Set.of("k8s.ovn.org/pod-networks");

    private final List<SecurityContextConstraints> sccs;
    private final Authorization rbac;
    private final Map<String, NamespaceAllocation> namespaces;

    /** {@code rbac} null when the set has no RBAC objects. */
    public SecurityContextConstraintsAdmission(List<SecurityContextConstraints> sccs, Authorization rbac,
                                               Map<String, NamespaceAllocation> namespaces) {
        List<SecurityContextConstraints> sorted = new ArrayList<>(sccs);
        sorted.sort(Restrictiveness.ORDER);
        this.sccs = List.copyOf(sorted);
        this.rbac = rbac;
        this.namespaces = Map.copyOf(namespaces);
    }

    /** The SCCs in the order admission tries them. */
    public List<SecurityContextConstraints> ordered() {
        return sccs;
    }

    @Override
    public PolicyDecision evaluate(PodTemplate pod, AdmissionAttributes attributes) {
        if (pod.isWindows()) {
            return PolicyDecision.allow();
        }
        // Upstream's Admit refuses an UPDATE that changes the required SCC before trying any SCC; Validate does not.
        if (attributes.phase() == AdmissionPhase.ADMIT && changesRequiredScc(pod, attributes.oldAnnotations())) {
            return denied("invalid change of required security context constraint annotation: " + REQUIRED_ANNOTATION);
        }
        boolean mutationAllowed = attributes.mayDefault(pod.isPod());
        boolean validating = pod.isPod() && attributes.phase() == AdmissionPhase.VALIDATE;
        String required = nonEmpty(pod.annotation(REQUIRED_ANNOTATION));
        String hint = nonEmpty(pod.annotation(VALIDATED_ANNOTATION));
        // Upstream's Validate refuses a required SCC other than the one Admit chose before computing anything.
        if (validating && required != null && !required.equals(hint)) {
            return denied("required scc/" + required + " does not match the suggested scc/" + (hint == null ? "" : hint));
        }
        List<SecurityContextConstraints> candidates = required != null ? requiredOnly(required)
                : validating ? hintFirst(hint) : sccs;
        if (candidates.isEmpty()) {
            return denied("failed to retrieve the required SCC \"" + required + "\": securitycontextconstraints."
                    + "security.openshift.io \"" + required + "\" not found");
        }
        NamespaceAllocation allocation = namespaces.getOrDefault(attributes.namespace(), NamespaceAllocation.DEFAULT);
        Requesters requesters = Requesters.of(pod, attributes);
        List<String> messages = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        Set<String> denied = new HashSet<>();
        SecurityContextConstraintsProvider restricted = null;
        boolean hasRestrictedV2 = false;
        SubmittedPod submitted = new SubmittedPod(pod);
        for (SecurityContextConstraints scc : candidates) {
            SecurityContextConstraintsProvider provider = new SecurityContextConstraintsProvider(scc, allocation);
            restricted = "restricted".equals(scc.name()) ? provider : restricted;
            hasRestrictedV2 |= "restricted-v2".equals(scc.name());
            String subjectType = subjectType(scc, requesters, attributes.namespace());
            if (subjectType == null) {
                denied.add(scc.name());
                messages.add("provider \"" + scc.name() + "\": Forbidden: not usable by user or serviceaccount");
                continue;
            }
            EffectivePod candidate = new EffectivePod(submitted);
            List<FieldError> errors = provider.assign(candidate);
            if (!errors.isEmpty()) {
                addAll(errors, scc.name(), pod, messages, violations);
                continue;
            }
            if (mutationAllowed || !candidate.mutated()) {
                // Admit writes the chosen SCC on the pod; on UPDATE nothing is written, as no patch is answered there.
                // Sorted, as the API server writes a map: Map.of's order changes from one JVM to the next.
                Map<String, String> annotations = mutationAllowed
                        ? new TreeMap<>(Map.of(VALIDATED_ANNOTATION, scc.name(), SUBJECT_TYPE_ANNOTATION, subjectType))
                        : Map.of();
                return new PolicyDecision(true, scc.name(), null, List.of(), List.of(), List.of(), Map.of(),
                        candidate.mutations(), annotations);
            }
        }
        if (hasRestrictedV2 && denied.contains("restricted") && restricted.assign(new EffectivePod(submitted)).isEmpty()) {
            messages.add("no access to scc/restricted: Forbidden: the pod fails to validate against the `restricted-v2` "
                    + "security context constraint, but would validate successfully against the `restricted` "
                    + "security context constraint");
        }
        // Admit prints its errors as an aggregate; Validate prints the field.ErrorList itself, as Go's %v does.
        String errors = validating ? "[" + String.join(" ", messages) + "]" : aggregate(messages);
        return new PolicyDecision(false, null, "unable to validate against any security context constraint: "
                + errors, violations, List.of(), List.of(), Map.of(), List.of());
    }

    private static PolicyDecision denied(String reason) {
        return new PolicyDecision(false, null, reason, List.of(), List.of(), List.of(), Map.of(), List.of());
    }

    /**
     * Upstream's {@code shouldIgnore}: every pod UPDATE is judged, in both passes, but one that changes only what the
     * garbage collector changes or the annotation OVN-Kubernetes writes on running pods; one that changes
     * {@code openshift.io/required-scc} is judged too, and {@code Admit} refuses it.
     */
    @Override
    public boolean judges(PodUpdate update, AdmissionPhase phase) {
        return !update.isOnlyMutatingGCFieldsOr(IGNORED_ANNOTATIONS);
    }

    /**
     * Whether an UPDATE changes the pod's {@code openshift.io/required-scc}; never without the old pod's annotations
     * ({@code oldAnnotations} null). Go reads a missing annotation as "", so removing an empty one changes nothing.
     */
    private static boolean changesRequiredScc(PodTemplate pod, Map<String, String> oldAnnotations) {
        return oldAnnotations != null && !Objects.equals(nonEmpty(pod.annotation(REQUIRED_ANNOTATION)),
                nonEmpty(oldAnnotations.get(REQUIRED_ANNOTATION)));
    }

    /** Go reads a missing annotation as "", and upstream tests the name's length. */
    private static String nonEmpty(String annotation) {
        return annotation == null || annotation.isEmpty() ? null : annotation;
    }

    /** The SCC a pod requires, or none when the set has no SCC of that name. */
    private List<SecurityContextConstraints> requiredOnly(String name) {
        return sccs.stream().filter(scc -> scc.name().equals(name)).toList();
    }

    /** The SCCs in admission order, the one named (the pod's {@code openshift.io/scc}) moved to the front. */
    private List<SecurityContextConstraints> hintFirst(String hint) {
        if (hint == null) {
            return sccs;
        }
        List<SecurityContextConstraints> out = new ArrayList<>(sccs.size());
        sccs.stream().filter(scc -> scc.name().equals(hint)).forEach(out::add);
        sccs.stream().filter(scc -> !scc.name().equals(hint)).forEach(out::add);
        return out;
    }

    private static void addAll(List<FieldError> errors, String scc, PodTemplate pod, List<String> messages,
                               List<Violation> violations) {
        Set<String> seen = new HashSet<>();
        for (FieldError error : errors) {
            String message = error.toString();
            messages.add(message);
            Violation v = PodSecurityPolicyAdmission.violation("SecurityContextConstraints/" + scc, error, message, pod);
            // OpenShift reports each host port once per container; one finding per offending key is enough.
            if (seen.add(v.check() + " " + v.path() + " " + v.line() + ":" + v.column())) {
                violations.add(v);
            }
        }
    }

    /**
     * Kubernetes' aggregate error: duplicates dropped; one error as is, several in brackets. No error makes no
     * aggregate, which Go prints {@code <nil>}: Admit's words for an UPDATE only an SCC's defaults would admit.
     */
    static String aggregate(List<String> messages) {
        Set<String> unique = new LinkedHashSet<>(messages);
        if (unique.isEmpty()) {
            return "<nil>";
        }
        if (unique.size() == 1) {
            return unique.iterator().next();
        }
        return "[" + String.join(", ", unique) + "]";
    }

    /**
     * Whose access lets the pod use the SCC, as OpenShift records it on the pod: {@code serviceaccount} (checked
     * first), {@code user} (the pod's creator), or null when neither may use it.
     */
    private String subjectType(SecurityContextConstraints scc, Requesters requesters, String namespace) {
        if (appliesTo(scc, requesters.serviceAccount(), namespace)) {
            return "serviceaccount";
        }
        return appliesTo(scc, requesters.creator(), namespace) ? "user" : null;
    }

    private boolean appliesTo(SecurityContextConstraints scc, Identity who, String namespace) {
        if (scc.users().contains(who.username()) || who.groups().stream().anyMatch(scc.groups()::contains)) {
            return true;
        }
        if (rbac == null) {
            return scc.users().isEmpty() && scc.groups().isEmpty();
        }
        return rbac.mayUse(who, namespace, API_GROUPS, RESOURCE, scc.name());
    }

    @Override
    public boolean mutates() {
        return true;
    }

    @Override
    public PolicySummary summary() {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (SecurityContextConstraints scc : sccs) {
            settings.put(scc.name(), scc.settings());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("order", sccs.stream().map(SecurityContextConstraints::name).toList());
        summary.put("constraints", settings);
        return new PolicySummary("SecurityContextConstraints", "SecurityContextConstraints", summary);
    }
}
