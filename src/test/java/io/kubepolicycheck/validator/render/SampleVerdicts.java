package io.kubepolicycheck.validator.render;

import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.verdict.InputError;
import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.PatchOperation;
import io.kubepolicycheck.validator.verdict.PolicySetRef;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Verdicts that exercise the renderers: a real one from the validator and hand-made ones with odd content. */
final class SampleVerdicts {
    static final String PRIVILEGED_DEPLOYMENT = """
            # a comment line
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    image: nginx
                    securityContext:
                      privileged: true
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            """;

    private SampleVerdicts() {
    }

    /** The validator's verdict on a privileged Deployment and a Service, against the built-in pss-baseline. */
    static Verdict fromValidator(String source) throws Exception {
        LoadedPolicySet set = new BuiltinPolicySets().load("pss-baseline");
        return new Validator().check(set.set(), set.ref(),
                List.of(new ManifestInput(source, PRIVILEGED_DEPLOYMENT.getBytes(StandardCharsets.UTF_8))),
                AdmissionAttributes.DEFAULT);
    }

    static ResourceVerdict resource(String source, int document, int line, String kind, String namespace, String name,
                                    boolean allowed, String message, List<Violation> violations, List<String> warnings) {
        return new ResourceVerdict(source, document, line, "v1", kind, namespace, name, true, allowed, null, message,
                violations, warnings, List.of(), Map.of(), List.of(), List.of());
    }

    static ResourceVerdict unchecked(String source, int document, int line, String kind, String name) {
        return new ResourceVerdict(source, document, line, "v1", kind, "default", name, false, true, null, null,
                List.of(), List.of(), List.of(), Map.of(), List.of(), List.of());
    }

    /**
     * Several files (one with a space and one absolute), several checks and policies, a denial that names no
     * field, warnings, an unnamed object, and names and messages full of Markdown and JSON special characters.
     */
    static Verdict mixed() {
        List<ResourceVerdict> resources = new ArrayList<>();
        resources.add(resource("deploy/web app.yaml", 0, 1, "Deployment", "shop", "web", false,
                "would violate PodSecurity \"restricted:latest\": ...",
                List.of(new Violation("PodSecurity/restricted:latest", "privileged",
                                "spec.template.spec.containers[0].securityContext.privileged", 21, 11,
                                "container \"web\" must not set securityContext.privileged=true"),
                        new Violation("PodSecurity/restricted:latest", "capabilities_restricted",
                                "spec.template.spec.containers[0].securityContext.capabilities", 22, 11,
                                "container \"web\" must set securityContext.capabilities.drop=[\"ALL\"]"),
                        new Violation("PodSecurity/restricted:latest", "privileged",
                                "spec.template.spec.initContainers[0].securityContext.privileged", 30, 11,
                                "container \"init\" must not set securityContext.privileged=true")),
                List.of("would violate PodSecurity \"restricted:latest\": seccompProfile (pod or container \"web\" "
                        + "must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")")));
        resources.add(resource("/abs/path/pods.json", 2, 40, "Pod", "team|a", "we`ird*name_<x>", false, null,
                List.of(new Violation("PodSecurityPolicy/restricted", "hostPorts", "spec.containers[0].ports[0].hostPort",
                        44, 9, "spec.containers[0].hostPort: Invalid value: 3306: Host port 3306 is not allowed to be "
                        + "used. Allowed ports: []\nsecond line | with pipe and `backticks`")),
                List.of()));
        resources.add(new ResourceVerdict(null, 0, 1, "v1", "Pod", null, null, true, false, null,
                "PodSecurityPolicy: no providers available to validate pod request", List.of(), List.of(), List.of(),
                Map.of(), List.of(), List.of()));
        resources.add(resource("C:\\work\\job.yaml", 0, 3, "Job", "batch", "nightly", true, null, List.of(),
                List.of("warn: a warning without a check")));
        resources.add(new ResourceVerdict("deploy/psp.yaml", 1, 12, "apps/v1", "Deployment", "shop", "api", true, true,
                "restricted", null, List.of(), List.of(), List.of(), Map.of(),
                List.of(new Mutation("spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation", false)),
                List.of(new PatchOperation("add", "/spec/template/spec/containers/0/securityContext",
                        Map.of("allowPrivilegeEscalation", false)))));
        resources.add(unchecked("deploy/web app.yaml", 1, 40, "ConfigMap", "settings"));
        resources.add(resource("odd:name.yaml", 0, 1, "Pod", "default", "x", false, null,
                List.of(new Violation("SecurityContextConstraints/restricted-v2", "allowHostNetwork",
                        "spec.hostNetwork", 0, 0, "Host network is not allowed to be used")),
                List.of()));
        return Verdict.of(new PolicySetRef("mixed-set", "\"etag|1\"", true), resources);
    }

    /** Everything allowed, nothing to report. */
    static Verdict allowed() {
        return Verdict.of(new PolicySetRef("pss-baseline", "builtin-0"),
                List.of(resource(null, 0, 1, "Pod", "default", "ok", true, null, List.of(), List.of()),
                        unchecked(null, 1, 9, "Service", "svc")));
    }

    /** An allowed Pod beside a file that does not parse and one that cannot be read. */
    static Verdict withErrors() {
        return Verdict.of(new PolicySetRef("pss-baseline", "builtin-2"),
                List.of(resource("ok.yaml", 0, 1, "Pod", "default", "ok", true, null, List.of(), List.of())),
                List.of(InputError.at("bad.yaml", 1, 7, 3, InputError.INVALID_MANIFEST, "invalid YAML: a | b"),
                        InputError.of("gone.yaml", InputError.UNREADABLE_INPUT, "no such file or directory")));
    }

    /** One Pod with {@code count} violations, for the caps of long lists. */
    static Verdict many(int count, int warnings) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            violations.add(new Violation("PodSecurity/baseline:latest", "hostPorts",
                    "spec.containers[" + i + "].ports[0].hostPort", 10 + i, 7, "container \"c" + i + "\" uses hostPort " + (1000 + i)));
        }
        List<String> warningList = new ArrayList<>();
        for (int i = 0; i < warnings; i++) {
            warningList.add("warning number " + i);
        }
        return Verdict.of(new PolicySetRef("pss-baseline", "builtin-1"),
                List.of(resource("many.yaml", 0, 1, "Pod", "default", "big", false, null, violations, warningList)));
    }
}
