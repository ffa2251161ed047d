package io.kubepolicycheck.validator;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.manifest.ManifestException;
import io.kubepolicycheck.validator.manifest.ManifestParser;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.Policy;
import io.kubepolicycheck.validator.policy.PolicyDecision;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.verdict.InputError;
import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.PatchOperation;
import io.kubepolicycheck.validator.verdict.PolicySetRef;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.verdict.Violation;
import io.kubepolicycheck.validator.workload.PodPatch;
import io.kubepolicycheck.validator.workload.PodSpecSchema;
import io.kubepolicycheck.validator.workload.PodTemplate;
import io.kubepolicycheck.validator.workload.PodTemplates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one shared validator: manifests in, verdict out. It knows nothing of AWS, HTTP or the command line;
 * the Lambda handler, the CLI and the local server are adapters around it. Thread-safe and stateless.
 */
public final class Validator {
    private final ManifestParser parser;

    public Validator(Limits limits) {
        this.parser = new ManifestParser(limits);
    }

    public Validator() {
        this(Limits.DEFAULT);
    }

    /**
     * The objects of an input, each as the API server would decode it: an object whose pod fields hold values of
     * the wrong type is refused here, before anything judges it ({@link PodSpecSchema}).
     */
    public List<KubernetesObject> parse(ManifestInput input) throws ManifestException {
        try {
            return decoded(parser.parse(input.content(), input.source()));
        } catch (ManifestException e) {
            throw isTemplate(input.content()) ? e.withAdvice(TEMPLATE_ADVICE) : e;
        }
    }

    /** Added to the error when text that does not parse holds template delimiters. */
    public static final String TEMPLATE_ADVICE = "this looks like a Helm or Go template; render it first, e.g. "
            + "helm template ... | kube-policy-check check --policy-set ID -";

    /** Whether the text holds both {@code {{} and {@code }}}, as an unrendered Helm chart or Go template does. */
    private static boolean isTemplate(byte[] content) {
        int open = indexOf(content, (byte) '{', 0);
        return open >= 0 && indexOf(content, (byte) '}', open + 2) >= 0;
    }

    /** The index of the first of two {@code b} in a row at or after {@code from}, or -1. */
    private static int indexOf(byte[] content, byte b, int from) {
        for (int i = from; i + 1 < content.length; i++) {
            if (content[i] == b && content[i + 1] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The objects of a JSON value already parsed by Jackson (an AdmissionReview's object), as if read as text. */
    public List<KubernetesObject> parse(JsonNode tree) throws ManifestException {
        return decoded(parser.parse(tree, null));
    }

    private static List<KubernetesObject> decoded(List<KubernetesObject> objects) throws ManifestException {
        for (KubernetesObject object : objects) {
            PodSpecSchema.check(object);
        }
        return objects;
    }

    /** Parses every input first (so a bad one fails the whole call with its place), then judges each object. */
    public Verdict check(PolicySet set, PolicySetRef ref, List<ManifestInput> inputs, AdmissionAttributes attributes)
            throws ManifestException {
        List<KubernetesObject> objects = new ArrayList<>();
        for (ManifestInput input : inputs) {
            try {
                objects.addAll(parse(input));
            } catch (ManifestException e) {
                throw input.source() == null ? e : e.withSource(input.source());
            }
        }
        return judgeAll(set, ref, objects, attributes);
    }

    /**
     * Judges every input that parses and reports each one that does not in {@code errors}, with its place, so one
     * broken file hides nothing about the others.
     */
    public Verdict checkEach(PolicySet set, PolicySetRef ref, List<ManifestInput> inputs,
                             AdmissionAttributes attributes) {
        List<KubernetesObject> objects = new ArrayList<>();
        List<InputError> errors = new ArrayList<>();
        for (ManifestInput input : inputs) {
            try {
                objects.addAll(parse(input));
            } catch (ManifestException e) {
                errors.add(InputError.at(input.source(), e.document(), e.line(), e.column(),
                        InputError.INVALID_MANIFEST, e.getMessage()));
            }
        }
        return Verdict.of(ref, judgeAll(set, ref, objects, attributes).resources(), errors);
    }

    /** One object of a manifest read a document at a time: its pod fields decoded as the API server would, then judged. */
    public ResourceVerdict check(PolicySet set, KubernetesObject object, AdmissionAttributes attributes)
            throws ManifestException {
        PodSpecSchema.check(object);
        return judge(set, object, attributes);
    }

    public Verdict judgeAll(PolicySet set, PolicySetRef ref, List<KubernetesObject> objects, AdmissionAttributes attributes) {
        List<ResourceVerdict> resources = new ArrayList<>(objects.size());
        for (KubernetesObject object : objects) {
            resources.add(judge(set, object, attributes));
        }
        return Verdict.of(ref, resources);
    }

    /** The verdict on one object: every policy of the set must admit its pod template. */
    public ResourceVerdict judge(PolicySet set, KubernetesObject object, AdmissionAttributes attributes) {
        AdmissionAttributes attrs = attributes.inNamespace(object.namespace());
        Optional<PodTemplate> pod = PodTemplates.of(object);
        if (pod.isEmpty()) {
            return new ResourceVerdict(object.source(), object.document(), object.position().line(),
                    object.apiVersion(), object.kind(), attrs.namespace(), object.name(), false, true, null, null,
                    List.of(), List.of(), List.of(), Map.of(), List.of(), List.of());
        }
        boolean allowed = true;
        String admittedBy = null;
        List<String> messages = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Violation> audit = new ArrayList<>();
        Map<String, String> auditAnnotations = new LinkedHashMap<>();
        List<Mutation> mutations = new ArrayList<>();
        Map<String, String> podAnnotations = new LinkedHashMap<>();
        for (PolicyDecision decision : decide(set.policies(), pod.get(), attrs)) {
            allowed &= decision.allowed();
            if (decision.admittedBy() != null && admittedBy == null) {
                admittedBy = decision.admittedBy();
            }
            if (decision.message() != null) {
                messages.add(decision.message());
            }
            violations.addAll(decision.violations());
            warnings.addAll(decision.warnings());
            audit.addAll(decision.audit());
            auditAnnotations.putAll(decision.auditAnnotations());
            mutations.addAll(decision.mutations());
            podAnnotations.putAll(decision.podAnnotations());
        }
        String message = messages.isEmpty() ? null : messages.size() == 1 ? messages.get(0) : String.join("; ", messages);
        // A refused pod is stored by nobody: there is nothing to patch.
        List<PatchOperation> patch = allowed ? PodPatch.of(pod.get(), mutations, podAnnotations) : List.of();
        return new ResourceVerdict(object.source(), object.document(), object.position().line(),
                object.apiVersion(), object.kind(), attrs.namespace(), object.name(), true, allowed, admittedBy,
                message, violations, warnings, audit, auditAnnotations, mutations, patch);
    }

    /**
     * Each policy's decision, in the set's order. As in the API server's admission chain, the mutating policies
     * judge the pod as submitted and the others judge it with the defaults the mutating ones applied.
     */
    private static List<PolicyDecision> decide(List<Policy> policies, PodTemplate pod, AdmissionAttributes attrs) {
        PolicyDecision[] decisions = new PolicyDecision[policies.size()];
        for (int i = 0; i < decisions.length; i++) {
            if (policies.get(i).mutates()) {
                decisions[i] = policies.get(i).evaluate(pod, attrs);
            }
        }
        PodTemplate defaulted = null;
        for (int i = 0; i < decisions.length; i++) {
            if (decisions[i] == null) {
                // Copying the tree with the defaults is worth it only when a validating policy will read it.
                if (defaulted == null) {
                    defaulted = withDefaults(pod, decisions);
                }
                decisions[i] = policies.get(i).evaluate(defaulted, attrs);
            }
        }
        return List.of(decisions);
    }

    /** The pod with the defaults of the mutating policies' decisions made so far, later ones winning. */
    private static PodTemplate withDefaults(PodTemplate pod, PolicyDecision[] decisions) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (PolicyDecision decision : decisions) {
            if (decision != null) {
                decision.mutations().forEach(m -> defaults.put(m.path(), m.value()));
            }
        }
        return defaults.isEmpty() ? pod : pod.withDefaults(defaults);
    }
}
