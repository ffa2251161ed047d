package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.AdmissionPhase;
import io.kubepolicycheck.validator.policy.PodUpdate;
import io.kubepolicycheck.validator.policy.Policy;
import io.kubepolicycheck.validator.policy.PolicyDecision;
import io.kubepolicycheck.validator.policy.PolicySummary;
import io.kubepolicycheck.validator.rbac.Authorization;
import io.kubepolicycheck.validator.rbac.Identity;
import io.kubepolicycheck.validator.rbac.Requesters;
import io.kubepolicycheck.validator.rbac.UsableNames;
import io.kubepolicycheck.validator.verdict.Violation;
import io.kubepolicycheck.validator.workload.PodTemplate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PodSecurityPolicy admission plugin over all the PodSecurityPolicies of a set. For each policy in name
 * order the pod is defaulted and validated; the first policy the requester may use that admits the pod
 * unchanged is chosen; failing that, in the mutating pass of a CREATE ({@code Admit}), the first usable one that
 * admits it with its defaults, and the pod is annotated {@code kubernetes.io/psp} with its name. In the
 * validating pass ({@code Validate}) and on UPDATE only a policy that admits the pod unchanged counts, the one
 * the annotation names tried first. A pod nobody's policy admits is refused with the field errors of every
 * policy the requester may use.
 *
 * <p>Usable means the pod's service account or its creator may {@code use} the policy (RBAC verb {@code use}
 * on {@code podsecuritypolicies} in group {@code policy} or {@code extensions}, in the pod's namespace).
 * The pods of a workload are created by its controller, so they are always CREATEd: defaults apply to them.
 */
public final class PodSecurityPolicyAdmission implements Policy {
    public static final String VALIDATED_ANNOTATION = "kubernetes.io/psp";
    public static final String RESOURCE = "podsecuritypolicies";
    public static final List<String> API_GROUPS = List.of("policy", "extensions");

    private final List<PodSecurityPolicyProvider> providers;
    private final Authorization authorization;

    public PodSecurityPolicyAdmission(List<PodSecurityPolicy> policies, Authorization authorization) {
        List<PodSecurityPolicyProvider> sorted = new ArrayList<>();
        for (PodSecurityPolicy psp : policies) {
            sorted.add(new PodSecurityPolicyProvider(psp));
        }
        sorted.sort(Comparator.comparing(p -> p.policy().name()));
        this.providers = List.copyOf(sorted);
        this.authorization = authorization;
    }

    public List<PodSecurityPolicy> policies() {
        return providers.stream().map(PodSecurityPolicyProvider::policy).toList();
    }

    @Override
    public PolicyDecision evaluate(PodTemplate pod, AdmissionAttributes attributes) {
        boolean mutationAllowed = attributes.mayDefault(pod.isPod());
        if (providers.isEmpty()) {
            return deny("PodSecurityPolicy: no providers available to validate pod request", List.of());
        }
        Requesters requesters = Requesters.of(pod, attributes);
        UsableNames byServiceAccount = usableNames(requesters.serviceAccount(), attributes.namespace());
        UsableNames byCreator = usableNames(requesters.creator(), attributes.namespace());
        Map<String, List<FieldError>> errors = new LinkedHashMap<>();
        PodSecurityPolicyProvider chosen = null;
        EffectivePod chosenPod = null;
        SubmittedPod submitted = new SubmittedPod(pod);
        for (PodSecurityPolicyProvider provider : order(pod, mutationAllowed)) {
            String name = provider.policy().name();
            // A policy nobody here may use can neither admit the pod nor show in the refusal: not worth running.
            // The service account first, as upstream checks it, then the pod's creator.
            if (!byServiceAccount.contains(name) && !byCreator.contains(name)) {
                continue;
            }
            EffectivePod candidate = new EffectivePod(submitted);
            provider.mutate(candidate);
            List<FieldError> errs = provider.validate(candidate);
            if (!errs.isEmpty()) {
                errors.put(name, errs);
                continue;
            }
            if (candidate.mutated() && !mutationAllowed) {
                continue;
            }
            if (!candidate.mutated()) {
                return admit(name, candidate, mutationAllowed);
            }
            if (chosen == null) {
                chosen = provider;
                chosenPod = candidate;
            }
        }
        if (chosen != null) {
            return admit(chosen.policy().name(), chosenPod, true);
        }
        List<String> messages = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        for (Map.Entry<String, List<FieldError>> e : errors.entrySet()) {
            for (FieldError error : e.getValue()) {
                String message = error.toString();
                messages.add(message);
                violations.add(violation("PodSecurityPolicy/" + e.getKey(), error, message, pod));
            }
        }
        String verb = mutationAllowed ? "admit" : "validate";
        return deny("PodSecurityPolicy: unable to " + verb + " pod: [" + String.join(" ", messages) + "]", violations);
    }

    /** By name; when only validating, the policy the pod was admitted by ({@code kubernetes.io/psp}) first. */
    private List<PodSecurityPolicyProvider> order(PodTemplate pod, boolean mutationAllowed) {
        String hint = mutationAllowed ? null : pod.annotation(VALIDATED_ANNOTATION);
        if (hint == null) {
            return providers;
        }
        List<PodSecurityPolicyProvider> out = new ArrayList<>();
        providers.stream().filter(p -> p.policy().name().equals(hint)).forEach(out::add);
        providers.stream().filter(p -> !p.policy().name().equals(hint)).forEach(out::add);
        return out;
    }

    private UsableNames usableNames(Identity who, String namespace) {
        return authorization.usableNames(who, namespace, API_GROUPS, RESOURCE);
    }

    /** Upstream's {@code Admit} annotates the pod it admits with the chosen policy; {@code Validate} writes nothing. */
    private static PolicyDecision admit(String name, EffectivePod pod, boolean annotate) {
        return new PolicyDecision(true, name, null, List.of(), List.of(), List.of(), Map.of(), pod.mutations(),
                annotate ? Map.of(VALIDATED_ANNOTATION, name) : Map.of());
    }

    private static PolicyDecision deny(String message, List<Violation> violations) {
        return new PolicyDecision(false, null, message, violations, List.of(), List.of(), Map.of(), List.of());
    }

    /**
     * A field error as a finding: the policy, its spec field, where the offending key stands, and the error's
     * {@code message} ({@link FieldError#toString()}), which the caller has already written for its refusal.
     */
    public static Violation violation(String policy, FieldError error, String message, PodTemplate pod) {
        var at = error.node().anchor();
        return new Violation(policy, error.check(), pod.path(error.node()), at.line(), at.column(), message);
    }

    @Override
    public boolean judges(PodUpdate update, AdmissionPhase phase) {
        return judgesUpdate(update, phase);
    }

    /**
     * Upstream's {@code shouldIgnore} and {@code Admit}: every pod UPDATE is judged, in the validating pass only
     * ({@code Admit} mutates only what is created), but one through a subresource or that changes only what the
     * garbage collector changes.
     */
    static boolean judgesUpdate(PodUpdate update, AdmissionPhase phase) {
        return phase == AdmissionPhase.VALIDATE && update.subresource().isEmpty() && !update.isOnlyMutatingGCFields();
    }

    @Override
    public boolean mutates() {
        return true;
    }

    @Override
    public PolicySummary summary() {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (PodSecurityPolicyProvider p : providers) {
            settings.put(p.policy().name(), p.policy().settings());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("access", authorization == Authorization.EVERYONE ? "everyone" : "RBAC use");
        summary.put("policies", settings);
        return new PolicySummary("PodSecurityPolicy", "PodSecurityPolicy", summary);
    }
}
