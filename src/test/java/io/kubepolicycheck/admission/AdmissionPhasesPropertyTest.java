package io.kubepolicycheck.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepolicycheck.testing.JsonPatches;
import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.ManifestException;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.AdmissionPhase;
import io.kubepolicycheck.validator.policy.Operation;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.policy.UserInfo;
import io.kubepolicycheck.validator.policyset.TestSets;
import io.kubepolicycheck.validator.render.Json;
import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Random pods against random PodSecurityPolicy sets and OpenShift's default SCCs, as the two webhooks see them:
 * the patch sets exactly the verdict's defaults and the annotation naming the chosen policy; the validating pass
 * admits the patched pod, and admits the pod as submitted exactly when one of the set's policies, alone, admits it
 * without a default. The seeds are fixed, so a failure names a case that can be replayed.
 */
class AdmissionPhasesPropertyTest {
    private static final int CASES = 300;
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[([^\\]]+)]");

    private final Validator validator = new Validator();
    private final AdmissionController admission = new AdmissionController(validator);
    private int patched;
    private int admittedUnchanged;
    private int denied;

    @Test
    void randomPodsAgainstRandomPodSecurityPolicies() throws Exception {
        Random random = new Random(20261203);
        for (int i = 0; i < CASES; i++) {
            List<String> psps = IntStream.range(0, 1 + random.nextInt(3)).mapToObj(k -> psp("p" + k, random)).toList();
            String pod = pod(random);
            String where = "case " + i + ":\n" + String.join("---\n", psps) + "---\n" + pod;
            PolicySet set = TestSets.load(String.join("---\n", psps));
            boolean someAdmitsUnchanged = false;
            for (String psp : psps) {
                ResourceVerdict alone = judge(TestSets.load(psp), pod);
                someAdmitsUnchanged |= alone.allowed() && alone.mutations().isEmpty();
            }
            check(set, pod, name -> Map.of("kubernetes.io/psp", name), someAdmitsUnchanged, where);
        }
        // Each outcome must be reached often, or the property says little.
        assertTrue(patched > CASES / 5, "patched: " + patched);
        assertTrue(admittedUnchanged > CASES / 20, "admitted unchanged: " + admittedUnchanged);
        assertTrue(denied > CASES / 20, "denied: " + denied);
    }

    @Test
    void randomPodsAgainstOpenShiftsDefaultConstraints() throws Exception {
        String builtin = new String(getClass().getResourceAsStream("/policysets/openshift-default.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
        List<String> documents = List.of(builtin.split("(?m)^---\\s*$"));
        List<String> constraints = documents.stream().filter(d -> d.contains("kind: SecurityContextConstraints")).toList();
        String rest = documents.stream().filter(d -> !d.contains("kind: SecurityContextConstraints"))
                .collect(Collectors.joining("---\n"));
        PolicySet set = TestSets.load(builtin);
        // Each SCC alone, with every grant of the set, to ask which admit a pod without a default.
        List<PolicySet> alone = constraints.stream().map(scc -> TestSets.load(rest + "---\n" + scc)).toList();
        Random random = new Random(1337);
        for (int i = 0; i < CASES; i++) {
            String pod = pod(random);
            boolean someAdmitsUnchanged = false;
            for (PolicySet one : alone) {
                ResourceVerdict v = judge(one, pod);
                someAdmitsUnchanged |= v.allowed() && v.mutations().isEmpty();
            }
            // every SCC here is granted to alice's groups, none to the pod's service account
            check(set, pod, name -> Map.of("openshift.io/scc", name,
                    "security.openshift.io/validated-scc-subject-type", "user"), someAdmitsUnchanged, "case " + i + ":\n" + pod);
        }
        assertTrue(patched > CASES / 10, "patched: " + patched);
        assertTrue(denied > CASES / 20, "denied: " + denied);
    }

    /** {@code chosen}: the annotations naming the chosen policy, by its name. */
    private void check(PolicySet set, String pod, Function<String, Map<String, String>> chosen,
                       boolean someAdmitsUnchanged, String where) throws Exception {
        JsonNode object = Reviews.yaml(pod);
        ResourceVerdict verdict = judge(set, pod);
        AdmissionResponse mutate = review(set, pod, "CREATE", AdmissionPhase.ADMIT);
        assertEquals(verdict.allowed(), mutate.allowed(), where);
        if (!verdict.allowed()) {
            denied++;
            assertTrue(verdict.patch().isEmpty(), where);
            assertEquals(null, mutate.patch(), where);
        } else {
            JsonNode defaulted = object.deepCopy();
            for (Mutation m : verdict.mutations()) {
                set(defaulted, m.path(), Json.MAPPER.valueToTree(m.value()));
            }
            chosen.apply(verdict.admittedBy()).forEach((key, value) ->
                    set(defaulted, "metadata.annotations[" + key + "]", Json.MAPPER.valueToTree(value)));
            // as text and back, so numbers compare as the patched pod's do
            JsonNode expected = Json.MAPPER.readTree(defaulted.toString());
            JsonNode byCheck = JsonPatches.apply(object, Json.MAPPER.valueToTree(verdict.patch()));
            assertEquals(expected, byCheck, where + "\npatch: " + verdict.patch());
            JsonNode byWebhook = JsonPatches.applyBase64(object, mutate.patch());
            assertEquals(expected, byWebhook, where);
            patched++;

            String stored = byWebhook.toString();
            assertTrue(review(set, stored, "CREATE", AdmissionPhase.VALIDATE).allowed(), where + "\nstored: " + stored);
            assertEquals(null, review(set, stored, "CREATE", AdmissionPhase.ADMIT).patch(), where + "\nstored: " + stored);
        }
        AdmissionResponse validate = review(set, pod, "CREATE", AdmissionPhase.VALIDATE);
        assertEquals(someAdmitsUnchanged, validate.allowed(), where + "\n" + validate);
        assertEquals(null, validate.patch(), where);
        if (someAdmitsUnchanged) {
            admittedUnchanged++;
        }
        assertEquals(null, review(set, pod, "UPDATE", AdmissionPhase.ADMIT).patch(), where);
    }

    private ResourceVerdict judge(PolicySet set, String pod) throws ManifestException {
        var object = validator.parse(new ManifestInput(null, pod.getBytes(StandardCharsets.UTF_8))).get(0);
        return validator.judge(set, object, new AdmissionAttributes("apps", Operation.CREATE,
                new UserInfo("alice", List.of("system:authenticated"))));
    }

    private AdmissionResponse review(PolicySet set, String pod, String operation, AdmissionPhase phase) throws Exception {
        Reviews.Builder review = Reviews.pod(operation, pod).namespace("apps");
        if (operation.equals("UPDATE")) {
            review.oldObject(pod.replace("image: app", "image: old"));
        }
        return admission.admit(AdmissionReviews.read(review.json().getBytes(StandardCharsets.UTF_8)), set,
                WorkloadMode.WARN, phase).response();
    }

    /** Sets {@code value} at a field path ({@code a.b[0].c}, {@code metadata.annotations[x/y]}), making parents. */
    private static void set(JsonNode root, String path, JsonNode value) {
        List<String> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(path);
        while (m.find()) {
            segments.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        JsonNode node = root;
        for (int i = 0; i < segments.size() - 1; i++) {
            String s = segments.get(i);
            if (node instanceof ArrayNode array) {
                node = array.get(Integer.parseInt(s));
            } else {
                ObjectNode object = (ObjectNode) node;
                if (!object.path(s).isContainerNode()) {
                    object.putObject(s);
                }
                node = object.get(s);
            }
        }
        ((ObjectNode) node).set(segments.get(segments.size() - 1), value);
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /**
     * A PodSecurityPolicy with every defaulting strategy drawn at random, valid as the API server would take it; one
     * in four allows everything and defaults nothing, so that some pods are admitted unchanged.
     */
    private static String psp(String name, Random random) {
        if (random.nextInt(4) == 0) {
            return "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: " + name + "\nspec:\n"
                    + "  privileged: true\n  allowedCapabilities: ['*']\n  volumes: ['*']\n"
                    + "  runAsUser: {rule: RunAsAny}\n  seLinux: {rule: RunAsAny}\n  fsGroup: {rule: RunAsAny}\n"
                    + "  supplementalGroups: {rule: RunAsAny}\n";
        }
        boolean escalation = random.nextBoolean();
        String defaultEscalation = pick(random, escalation ? List.of("", "true", "false") : List.of("", "false"));
        StringBuilder annotations = new StringBuilder();
        switch (random.nextInt(3)) {
            case 0 -> annotations.append("""
                    seccomp.security.alpha.kubernetes.io/allowedProfileNames: runtime/default
                    seccomp.security.alpha.kubernetes.io/defaultProfileName: runtime/default
                    """);
            case 1 -> annotations.append("seccomp.security.alpha.kubernetes.io/allowedProfileNames: '*'\n");
            default -> { }
        }
        if (random.nextBoolean()) {
            annotations.append("""
                    apparmor.security.beta.kubernetes.io/allowedProfileNames: runtime/default
                    apparmor.security.beta.kubernetes.io/defaultProfileName: runtime/default
                    """);
        }
        String requiredDrop = pick(random, List.of("[]", "[ALL]", "[NET_RAW]"));
        String defaultAdd = requiredDrop.equals("[]") ? pick(random, List.of("[]", "[NET_BIND_SERVICE]")) : "[]";
        return "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: " + name + "\n"
                + (annotations.isEmpty() ? "" : "  annotations:\n" + annotations.toString().indent(4))
                + "spec:\n"
                + "  privileged: " + random.nextBoolean() + "\n"
                + "  allowPrivilegeEscalation: " + escalation + "\n"
                + (defaultEscalation.isEmpty() ? "" : "  defaultAllowPrivilegeEscalation: " + defaultEscalation + "\n")
                + "  readOnlyRootFilesystem: " + random.nextBoolean() + "\n"
                + "  requiredDropCapabilities: " + requiredDrop + "\n"
                + "  defaultAddCapabilities: " + defaultAdd + "\n"
                + "  allowedCapabilities: " + pick(random, List.of("[]", "['*']", "[SYS_ADMIN]")) + "\n"
                + "  volumes: ['*']\n"
                + "  runAsUser: " + pick(random, List.of("{rule: RunAsAny}", "{rule: MustRunAsNonRoot}",
                        "{rule: MustRunAs, ranges: [{min: 1000, max: 2000}]}")) + "\n"
                + pick(random, List.of("", "  runAsGroup: {rule: RunAsAny}\n",
                        "  runAsGroup: {rule: MustRunAs, ranges: [{min: 100, max: 200}]}\n",
                        "  runAsGroup: {rule: MayRunAs, ranges: [{min: 100, max: 200}]}\n"))
                + "  seLinux: " + pick(random, List.of("{rule: RunAsAny}",
                        "{rule: MustRunAs, seLinuxOptions: {level: 's0:c1,c2'}}")) + "\n"
                + "  fsGroup: " + pick(random, List.of("{rule: RunAsAny}",
                        "{rule: MustRunAs, ranges: [{min: 500, max: 600}]}",
                        "{rule: MayRunAs, ranges: [{min: 500, max: 600}]}")) + "\n"
                + "  supplementalGroups: " + pick(random, List.of("{rule: RunAsAny}",
                        "{rule: MustRunAs, ranges: [{min: 700, max: 800}]}",
                        "{rule: MayRunAs, ranges: [{min: 700, max: 800}]}")) + "\n";
    }

    /** A Pod with its security settings, pod-wide and per container, each present or not at random. */
    private static String pod(Random random) {
        StringBuilder pod = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
        if (random.nextInt(4) == 0) {
            pod.append("  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: ")
                    .append(pick(random, List.of("runtime/default", "unconfined"))).append('\n');
        }
        pod.append("spec:\n");
        String podContext = settings(random, List.of(
                List.of("", "runAsUser: 0", "runAsUser: 1500", "runAsUser: 1000000000"),
                List.of("", "runAsNonRoot: true"),
                List.of("", "fsGroup: 550", "fsGroup: 1000000000", "fsGroup: 9"),
                List.of("", "supplementalGroups: [750]", "supplementalGroups: [1]"),
                List.of("", "seLinuxOptions: {level: 's0:c1,c2'}"),
                List.of("", "seccompProfile: {type: RuntimeDefault}")));
        if (!podContext.isEmpty()) {
            pod.append("  securityContext:\n").append(podContext.indent(4));
        }
        if (random.nextInt(3) == 0) {
            pod.append("  initContainers:\n").append(container("init", random).indent(2));
        }
        pod.append("  containers:\n").append(container("app", random).indent(2));
        if (random.nextBoolean()) {
            pod.append(container("side", random).indent(2));
        }
        return pod.toString();
    }

    private static String container(String name, Random random) {
        String context = settings(random, List.of(
                List.of("", "", "runAsUser: 0", "runAsUser: 1500", "runAsUser: 1000000000"),
                List.of("", "runAsGroup: 150", "runAsGroup: 0"),
                List.of("", "runAsNonRoot: true", "runAsNonRoot: false"),
                List.of("", "", "privileged: true", "privileged: false"),
                List.of("", "allowPrivilegeEscalation: true", "allowPrivilegeEscalation: false"),
                List.of("", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"),
                List.of("", "", "capabilities: {drop: [ALL]}", "capabilities: {add: [NET_BIND_SERVICE]}",
                        "capabilities: {add: [SYS_ADMIN]}"),
                List.of("", "", "seccompProfile: {type: RuntimeDefault}", "seccompProfile: {type: Unconfined}")));
        return "- name: " + name + "\n  image: app\n" + (context.isEmpty() ? "" : "  securityContext:\n" + context.indent(4));
    }

    /** Each setting is left out half the time, so that many pods are admitted, with defaults or without. */
    private static String settings(Random random, List<List<String>> choices) {
        StringBuilder out = new StringBuilder();
        for (List<String> options : choices) {
            String line = random.nextBoolean() ? "" : pick(random, options);
            if (!line.isEmpty()) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
