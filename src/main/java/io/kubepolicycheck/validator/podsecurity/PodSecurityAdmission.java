package io.kubepolicycheck.validator.podsecurity;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.manifest.Position;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.AdmissionPhase;
import io.kubepolicycheck.validator.policy.PodUpdate;
import io.kubepolicycheck.validator.policy.Policy;
import io.kubepolicycheck.validator.policy.PolicyDecision;
import io.kubepolicycheck.validator.policy.PolicySummary;
import io.kubepolicycheck.validator.rbac.Identity;
import io.kubepolicycheck.validator.rbac.Requesters;
import io.kubepolicycheck.validator.verdict.Violation;
import io.kubepolicycheck.validator.workload.PodTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod Security admission as the API server runs it for one {@link PodSecurityConfiguration}: exemptions
 * first, then the enforce level (denies), the audit level (recorded in audit annotations) and the warn level
 * (returned as warnings), each worded as upstream words it.
 */
public final class PodSecurityAdmission implements Policy {
    static final String AUDIT_VIOLATIONS = "pod-security.kubernetes.io/audit-violations";
    static final String ENFORCE_POLICY = "pod-security.kubernetes.io/enforce-policy";
    static final String EXEMPT = "pod-security.kubernetes.io/exempt";

    private final PodSecurityConfiguration config;
    /** The checks of each mode, chosen once for the set rather than on every pod. */
    private final PodSecurityEvaluator.Plan enforcePlan;
    private final PodSecurityEvaluator.Plan auditPlan;
    private final PodSecurityEvaluator.Plan warnPlan;
    /** {@code restricted:latest}: worded once, recorded on every pod. */
    private final String enforceLabel;
    /** {@code PodSecurity/restricted:latest}, the policy that findings of each mode name. */
    private final String enforcePolicy;
    private final String auditPolicy;

    public PodSecurityAdmission(PodSecurityConfiguration config, PodSecurityEvaluator evaluator) {
        this.config = config;
        this.enforcePlan = evaluator.plan(config.enforce());
        this.auditPlan = evaluator.plan(config.audit());
        this.warnPlan = evaluator.plan(config.warn());
        this.enforceLabel = config.enforce().toString();
        this.enforcePolicy = "PodSecurity/" + enforceLabel;
        this.auditPolicy = "PodSecurity/" + config.audit();
    }

    public PodSecurityAdmission(PodSecurityConfiguration config) {
        this(config, PodSecurityEvaluator.standard());
    }

    public PodSecurityConfiguration configuration() {
        return config;
    }

    @Override
    public PolicyDecision evaluate(PodTemplate pod, AdmissionAttributes attributes) {
        String exemption = exemption(pod, attributes);
        if (exemption != null) {
            return new PolicyDecision(true, null, null, List.of(), List.of(), List.of(), Map.of(EXEMPT, exemption), List.of());
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ENFORCE_POLICY, enforceLabel);

        List<CheckFinding> enforced = enforcePlan.evaluate(pod);
        List<Violation> violations = violations(pod, enforcePolicy, enforced);
        String message = violations.isEmpty() ? null : wouldViolate(config.enforce(), enforced);

        List<Violation> audit = List.of();
        if (config.audit().level() != Level.PRIVILEGED) {
            List<CheckFinding> audited = sameAs(config.audit(), config.enforce())
                    ? enforced : auditPlan.evaluate(pod);
            audit = violations(pod, auditPolicy, audited);
            if (!audit.isEmpty()) {
                annotations.put(AUDIT_VIOLATIONS, wouldViolate(config.audit(), audited));
            }
        }
        List<String> warnings = new ArrayList<>();
        // As upstream: no warnings on a request that is already rejected.
        if (violations.isEmpty() && config.warn().level() != Level.PRIVILEGED) {
            List<CheckFinding> warned = sameAs(config.warn(), config.enforce())
                    ? enforced : warnPlan.evaluate(pod);
            if (anyForbidden(warned)) {
                warnings.add(wouldViolate(config.warn(), warned));
            }
        }
        return new PolicyDecision(violations.isEmpty(), null, message, violations, warnings, audit, annotations, List.of());
    }

    private static boolean sameAs(LevelVersion a, LevelVersion b) {
        return a.equals(b);
    }

    private String exemption(PodTemplate pod, AdmissionAttributes attributes) {
        if (config.exemptNamespaces().contains(attributes.namespace())) {
            return "namespace";
        }
        if (!config.exemptUsernames().isEmpty()) {
            String username = requester(pod, attributes);
            if (!username.isEmpty() && config.exemptUsernames().contains(username)) {
                return "user";
            }
        }
        String runtimeClass = pod.spec().get("runtimeClassName").asText();
        if (runtimeClass != null && config.exemptRuntimeClasses().contains(runtimeClass)) {
            return "runtimeClass";
        }
        return null;
    }

    /**
     * The username a user exemption is compared with: whoever requests what is judged. A Pod, and a workload
     * judged as its own request, are requested by the requesting user; the pods of a workload by its
     * controller's service account ({@code --use-service-account-credentials}), so an exempt user's Deployment
     * still has its pods checked. A kind with no known controller (PodTemplate, custom kinds) keeps the
     * requesting user: nobody else is known.
     */
    private static String requester(PodTemplate pod, AdmissionAttributes attributes) {
        if (!pod.isPod() && attributes.workloads() == AdmissionAttributes.Workloads.AS_PODS) {
            String controller = Requesters.controller(pod.object().kind());
            if (controller != null) {
                return Identity.serviceAccountUsername("kube-system", controller);
            }
        }
        return attributes.userInfo().username();
    }

    /** The message of the API server: {@code would violate PodSecurity "restricted:latest": reason (detail), ...}. */
    public static String wouldViolate(LevelVersion levelVersion, List<CheckFinding> findings) {
        return "would violate PodSecurity \"" + levelVersion + "\": " + PodSecurityEvaluator.forbiddenDetail(findings);
    }

    private static boolean anyForbidden(List<CheckFinding> findings) {
        for (CheckFinding finding : findings) {
            if (!finding.result().allowed()) {
                return true;
            }
        }
        return false;
    }

    private static List<Violation> violations(PodTemplate pod, String policy, List<CheckFinding> findings) {
        List<Violation> out = new ArrayList<>();
        for (CheckFinding finding : findings) {
            CheckResult r = finding.result();
            if (r.allowed()) {
                continue;
            }
            if (r.fields().isEmpty()) {
                Node at = pod.spec();
                Position anchor = at.anchor();
                out.add(new Violation(policy, finding.checkId(), pod.path(at), anchor.line(), anchor.column(),
                        r.forbiddenReason() + (r.forbiddenDetail().isEmpty() ? "" : " (" + r.forbiddenDetail() + ")")));
                continue;
            }
            for (FieldViolation field : r.fields()) {
                Node at = field.node();
                Position anchor = at.anchor();
                out.add(new Violation(policy, finding.checkId(), pod.path(at), anchor.line(), anchor.column(),
                        field.message()));
            }
        }
        return out;
    }

    /** Upstream's {@code isSignificantPodUpdate}, in both passes: Pod Security admission only validates. */
    @Override
    public boolean judges(PodUpdate update, AdmissionPhase phase) {
        return update.isSignificant();
    }

    @Override
    public PolicySummary summary() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("enforce", config.enforce().toString());
        settings.put("audit", config.audit().toString());
        settings.put("warn", config.warn().toString());
        if (!config.exemptUsernames().isEmpty() || !config.exemptNamespaces().isEmpty() || !config.exemptRuntimeClasses().isEmpty()) {
            // in PodSecurityExemptions' field order: Map.of would iterate in an order that changes from run to run
            Map<String, Object> exemptions = new LinkedHashMap<>();
            exemptions.put("usernames", config.exemptUsernames());
            exemptions.put("namespaces", config.exemptNamespaces());
            exemptions.put("runtimeClasses", config.exemptRuntimeClasses());
            settings.put("exemptions", exemptions);
        }
        return new PolicySummary("PodSecurityConfiguration", "PodSecurity", settings);
    }
}
