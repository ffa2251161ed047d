package io.kubepolicycheck.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.ManifestException;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.AdmissionPhase;
import io.kubepolicycheck.validator.policy.Operation;
import io.kubepolicycheck.validator.policy.PodUpdate;
import io.kubepolicycheck.validator.policy.Policy;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.render.Json;
import io.kubepolicycheck.validator.verdict.PatchOperation;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.workload.PodTemplates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Judges one admission request with a policy set the way the API server's Pod Security admission does
 * ({@code pod-security-admission/admission}): Pods are enforced; a workload's pod template only warns unless
 * {@link WorkloadMode#ENFORCE}; DELETE, CONNECT, namespaces, kinds without pods and subresources that cannot
 * change a pod spec are allowed unexamined; a pod UPDATE is judged only by the policies of the set that judge it
 * ({@link Policy#judges}), and allowed unexamined when none does.
 */
public final class AdmissionController {
    /** Pod subresources upstream never evaluates; any other (ephemeralcontainers, resize, ...) carries a Pod. */
    private static final Set<String> IGNORED_POD_SUBRESOURCES =
            Set.of("exec", "attach", "binding", "eviction", "log", "portforward", "proxy", "status");
    /** Kubernetes truncates longer warnings; cutting them here keeps the end of the text under our control. */
    static final int MAX_WARNING_LENGTH = 255;
    private static final Pattern WOULD_VIOLATE = Pattern.compile("(^|; )would violate PodSecurity \"");
    private static final String ENFORCE_POLICY = "enforce-policy";
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final Validator validator;

    public AdmissionController(Validator validator) {
        this.validator = validator;
    }

    /**
     * The answer of one admission pass. In the mutating pass ({@link AdmissionPhase#ADMIT}) an allowed CREATE of a
     * Pod that a PodSecurityPolicy or SCC defaults carries the JSON Patch to the pod the plugin would store; in the
     * validating pass a Pod is allowed only if some policy admits it unchanged, and nothing is ever patched.
     */
    public AdmissionDecision admit(AdmissionRequest request, PolicySet set, WorkloadMode workloads, AdmissionPhase phase)
            throws MalformedAdmissionReviewException {
        String uid = request.uid();
        Operation operation = switch (request.operation()) {
            case "CREATE" -> Operation.CREATE;
            case "UPDATE" -> Operation.UPDATE;
            case "DELETE", "CONNECT" -> null;
            default -> throw malformed(request, "request.operation must be CREATE, UPDATE, DELETE or CONNECT, not \""
                    + request.operation() + "\"");
        };
        if (operation == null || request.resourceGroup().isEmpty() && "namespaces".equals(request.resource())) {
            return new AdmissionDecision(AdmissionResponse.allow(uid), null);
        }
        boolean pod = request.isPod();
        if (pod ? IGNORED_POD_SUBRESOURCES.contains(request.subResource()) : !request.subResource().isEmpty()) {
            return new AdmissionDecision(AdmissionResponse.allow(uid), null);
        }
        KubernetesObject object = object(request, request.object(), "request.object");
        boolean enforced = pod || workloads == WorkloadMode.ENFORCE;
        if (pod && !"Pod".equals(object.kind())) {
            throw malformed(request, "request.object of resource pods must be a Pod, not \"" + object.kind() + "\"");
        }
        boolean podUpdate = pod && operation == Operation.UPDATE;
        if (podUpdate && request.oldObject() == null) {
            throw malformed(request, "request.oldObject is required for UPDATE of a pod");
        }
        // Enforced, a workload stands for the pods its controller will create; warned about, it is the request
        // upstream judges, so the requesting user's exemption applies to it.
        AdmissionAttributes attributes = new AdmissionAttributes(request.namespace(), operation, request.userInfo(),
                enforced ? AdmissionAttributes.Workloads.AS_PODS : AdmissionAttributes.Workloads.AS_REQUESTS, phase,
                podUpdate ? annotations(request.oldObject()) : null);
        PolicySet judging = set;
        if (podUpdate) {
            PodUpdate update = new PodUpdate(request.object(), request.oldObject(), request.subResource());
            List<Policy> policies = set.policies().stream().filter(p -> p.judges(update, phase)).toList();
            if (policies.isEmpty()) {
                return new AdmissionDecision(AdmissionResponse.allow(uid), null);
            }
            judging = new PolicySet(set.id(), set.version(), policies);
        } else if (!pod && PodTemplates.of(object).isEmpty()) {
            return new AdmissionDecision(AdmissionResponse.allow(uid), null);
        }

        ResourceVerdict verdict = validator.judge(judging, object, attributes);
        Map<String, String> annotations = auditAnnotations(verdict.auditAnnotations(), enforced);
        if (enforced && !verdict.allowed()) {
            // as upstream: no warnings on a request that is rejected anyway
            return new AdmissionDecision(new AdmissionResponse(uid, false, forbidden(request, object, verdict), List.of(),
                    annotations), verdict);
        }
        List<String> warnings = new ArrayList<>();
        if (!verdict.allowed() && verdict.message() != null) {
            warnings.add(truncate(verdict.message()));
        }
        for (String warning : verdict.warnings()) {
            warnings.add(truncate(warning));
        }
        AdmissionResponse answer = new AdmissionResponse(uid, true, null, warnings, annotations);
        // The plugins default only the pods they create: not a workload's template, not on UPDATE.
        if (phase == AdmissionPhase.ADMIT && pod && operation == Operation.CREATE && !verdict.patch().isEmpty()) {
            return new AdmissionDecision(answer.withPatch(jsonPatch(verdict.patch())), verdict);
        }
        return new AdmissionDecision(answer, verdict);
    }

    private static byte[] jsonPatch(List<PatchOperation> patch) {
        try {
            return Json.MAPPER.writeValueAsBytes(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON patch is not serializable", e);
        }
    }

    private KubernetesObject object(AdmissionRequest request, JsonNode node, String field)
            throws MalformedAdmissionReviewException {
        if (node == null) {
            throw malformed(request, field + " is required for " + request.operation());
        }
        List<KubernetesObject> objects;
        try {
            objects = validator.parse(node);
        } catch (ManifestException e) {
            throw malformed(request, field + " is not a valid Kubernetes object: " + e.getMessage());
        }
        if (objects.size() != 1) {
            throw malformed(request, field + " must be one Kubernetes object");
        }
        return objects.get(0);
    }

    /** An object's annotations; a value that is not a string is none the API server would send. */
    private static Map<String, String> annotations(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.path("metadata").path("annotations").fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                out.put(e.getKey(), e.getValue().textValue());
            }
        });
        return out;
    }

    /**
     * {@code apierrors.NewForbidden}: {@code pods "web" is forbidden: violates PodSecurity "restricted:latest": ...}.
     * A check says what the pod would violate; admission says what it violates.
     */
    private static AdmissionResponse.Status forbidden(AdmissionRequest request, KubernetesObject object,
                                                      ResourceVerdict verdict) {
        String name = request.name().isEmpty() && object.root().get("metadata").get("name").asText() != null
                ? object.root().get("metadata").get("name").asText() : request.name();
        String reason = verdict.message() == null ? "denied by its policy set"
                : WOULD_VIOLATE.matcher(verdict.message()).replaceAll("$1violates PodSecurity \"");
        String message = name.isEmpty()
                ? request.groupResource() + " is forbidden: " + reason
                : request.groupResource() + " \"" + name + "\" is forbidden: " + reason;
        return new AdmissionResponse.Status("Failure", message, "Forbidden",
                new AdmissionResponse.Details(name, request.resourceGroup(), request.resource()), 403);
    }

    /**
     * A webhook's audit annotation keys get the webhook's name as prefix, so they must have none of their own:
     * {@code pod-security.kubernetes.io/audit-violations} is answered as {@code audit-violations}, as the Pod
     * Security webhook does. {@code enforce-policy} is only recorded where the policy was enforced.
     */
    private static Map<String, String> auditAnnotations(Map<String, String> annotations, boolean enforced) {
        Map<String, String> out = new LinkedHashMap<>();
        annotations.forEach((key, value) -> {
            String bare = key.substring(key.lastIndexOf('/') + 1);
            if (enforced || !bare.equals(ENFORCE_POLICY)) {
                out.put(bare, value);
            }
        });
        return out;
    }

    /** One line, at most {@value #MAX_WARNING_LENGTH} characters. */
    static String truncate(String warning) {
        String line = CONTROL.matcher(warning).replaceAll(" ");
        if (line.length() <= MAX_WARNING_LENGTH) {
            return line;
        }
        int cut = MAX_WARNING_LENGTH - 3;
        if (Character.isHighSurrogate(line.charAt(cut - 1))) {
            cut--;
        }
        return line.substring(0, cut) + "...";
    }

    private static MalformedAdmissionReviewException malformed(AdmissionRequest request, String message) {
        return new MalformedAdmissionReviewException(request.uid(), request.apiVersion(), message);
    }
}
