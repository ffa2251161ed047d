package io.kubepolicycheck.api;

import static io.kubepolicycheck.api.Requests.assertAnswered;
import static io.kubepolicycheck.api.Requests.json;
import static io.kubepolicycheck.api.Requests.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.DirectoryPolicyStore;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.validator.render.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Manifests that parse but have the wrong shape somewhere: one field of a pod that sets nearly everything the
 * policies read (as a Pod, or as a CronJob's template) is replaced by a value of another type (or removed), and
 * the result goes to every route, every
 * kind of policy set and every format. Whatever is changed, the caller's mistake is a 200 with a verdict or a
 * 400 that says where, never a 500: each policy reads fields the type decoding may not cover.
 */
class MutatedManifestsTest {
    /** A Pod that sets, somewhere, each field a Pod Security check, a PodSecurityPolicy or an SCC reads. */
    static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: everything
              namespace: default
              annotations:
                seccomp.security.alpha.kubernetes.io/pod: runtime/default
                container.seccomp.security.alpha.kubernetes.io/app: localhost/profile.json
                container.apparmor.security.beta.kubernetes.io/app: localhost/custom
            spec:
              serviceAccountName: builder
              runtimeClassName: gvisor
              hostNetwork: true
              hostPID: false
              hostIPC: false
              hostUsers: false
              os: {name: linux}
              securityContext:
                runAsUser: 1000
                runAsGroup: 3000
                runAsNonRoot: true
                fsGroup: 2000
                supplementalGroups: [4000, 5000]
                seLinuxOptions: {type: container_t, level: "s0:c1,c2", user: system_u, role: system_r}
                seccompProfile: {type: Localhost, localhostProfile: profile.json}
                appArmorProfile: {type: RuntimeDefault}
                sysctls:
                - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}
                windowsOptions: {hostProcess: false}
              initContainers:
              - name: init
                image: busybox
                securityContext:
                  privileged: false
                  capabilities: {add: [CHOWN], drop: [ALL]}
              containers:
              - name: app
                image: registry.example.com/app:1.0
                ports:
                - {containerPort: 8080, hostPort: 8080, protocol: TCP}
                - {containerPort: 9090}
                livenessProbe:
                  httpGet: {path: /healthz, port: 8080, host: 10.0.0.1}
                readinessProbe:
                  tcpSocket: {port: 9090, host: localhost}
                lifecycle:
                  postStart:
                    httpGet: {path: /start, port: 8080, host: example.com}
                  preStop:
                    tcpSocket: {port: 9090, host: 127.0.0.1}
                volumeMounts:
                - {name: logs, mountPath: /var/log, readOnly: true}
                - {name: data, mountPath: /data}
                securityContext:
                  runAsUser: 1001
                  runAsNonRoot: true
                  allowPrivilegeEscalation: false
                  readOnlyRootFilesystem: true
                  procMount: Default
                  privileged: false
                  capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}
                  seLinuxOptions: {type: spc_t}
                  seccompProfile: {type: RuntimeDefault}
                  appArmorProfile: {type: Localhost, localhostProfile: custom}
                  windowsOptions: {hostProcess: false}
              ephemeralContainers:
              - name: debug
                image: busybox
                securityContext: {capabilities: {add: [SYS_PTRACE]}}
              volumes:
              - name: logs
                hostPath: {path: /var/log, type: Directory}
              - name: data
                persistentVolumeClaim: {claimName: data}
              - name: config
                configMap: {name: app}
              - name: scratch
                emptyDir: {medium: Memory}
              - name: flex
                flexVolume: {driver: example.com/flex, fsType: ext4}
              - name: csi
                csi: {driver: csi.example.com}
            """;

    private static final List<String> SETS = List.of("pss-baseline", "pss-restricted", "pss-restricted-v1.24",
            "pss-baseline-v1.0", "psp-restricted", "psp-privileged", "openshift-default", "kube-cover");
    private static final String UID = "705ab4f5-6393-11e8-b7cc-42010a800002";
    private static final List<String> FORMATS = List.of("json", "text", "markdown", "sarif");

    @TempDir
    Path dir;
    private PolicyApi api;

    @BeforeEach
    void setUp() throws IOException {
        try (InputStream in = MutatedManifestsTest.class.getResourceAsStream("/kube-cover/policies.json")) {
            Files.write(dir.resolve("kube-cover.json"), in.readAllBytes());
        }
        api = new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), new DirectoryPolicyStore(dir)),
                ApiSettings.DEFAULT);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aFieldOfAnotherTypeIsA200OrA400ThatSaysWhereNeverA500(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 150; i++) {
            Map<String, Object> pod = random.nextBoolean() ? new Yaml().load(POD) : cronJob(new Yaml().load(POD));
            String change = Mutation.apply(pod, random);
            String set = SETS.get(random.nextInt(SETS.size()));
            String format = FORMATS.get(random.nextInt(FORMATS.size()));
            int route = random.nextInt(4);
            ApiRequest request = request(route, pod, set, format);
            ApiResponse response = api.handle(request);
            String what = change + " against " + set + " as " + format + " to " + request.path();
            assertAnswered(response, what, 200, 400);
            if (response.status() == 400) {
                JsonNode error = json(response).path("error");
                assertEquals("INVALID_MANIFEST", error.path("code").asText(), what + ": " + response.body());
                assertTrue(error.path("message").asText().length() > 0, what);
                if (route < 2) {
                    assertTrue(error.path("line").asInt() > 0, what + " names no line: " + response.body());
                }
            }
        }
    }

    /**
     * The envelope changed rather than the pod: any field of a {@code /v1/check} body or of an AdmissionReview
     * (its uid, kinds, operation, user, the object itself) given another type or removed. A review whose uid can
     * be read is answered with a review; anything else is a 4xx error that names its code.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void aChangedEnvelopeIsAnsweredNeverA500(long seed) throws IOException {
        Random random = new Random(seed);
        for (int i = 0; i < 150; i++) {
            Map<String, Object> pod = random.nextBoolean() ? new Yaml().load(POD) : cronJob(new Yaml().load(POD));
            String set = SETS.get(random.nextInt(SETS.size()));
            boolean admission = random.nextBoolean();
            String body = admission ? review(pod) : new String(request(2, pod, set, "json").body(), StandardCharsets.UTF_8);
            Object envelope = Json.MAPPER.readValue(body, Object.class);
            String change = Mutation.apply(envelope, random);
            String path = admission ? "/v1/policy-sets/" + set + "/admission" : "/v1/check";
            ApiResponse response = api.handle(post(path, null, "application/json",
                    Json.MAPPER.writeValueAsString(envelope)));
            String what = change + " to " + path;
            assertAnswered(response, what, 200, 400, 404);
            JsonNode answer = json(response);
            if (response.status() != 200) {
                assertTrue(List.of("INVALID_MANIFEST", "INVALID_REQUEST", "POLICY_SET_NOT_FOUND")
                        .contains(answer.path("error").path("code").asText()), what + ": " + response.body());
            } else if (admission) {
                assertEquals("AdmissionReview", answer.path("kind").asText(), what);
                assertTrue(answer.path("response").has("allowed"), what + ": " + response.body());
            } else {
                assertTrue(answer.path("resources").isArray(), what + ": " + response.body());
            }
        }
    }

    /**
     * Query strings as anyone may type them: the parameters the routes read and others, repeated or not, with
     * values valid, invalid, empty, percent-encoded or broken. The answer is the verdict or a 400 that says which
     * parameter is wrong.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void anyQueryStringIsAVerdictOrA400(long seed) {
        List<String> names = List.of("format", "namespace", "operation", "user", "group", "workloads", "x", "");
        List<String> values = List.of("", "json", "text", "markdown", "sarif", "CREATE", "UPDATE", "DELETE", "enforce",
                "warn", "default", "kube-system", "Bad_Namespace", "alice", "system:masters", "%", "%zz", "%C3%A9",
                "a%26b", "+", "=", "a".repeat(300), "%00");
        Random random = new Random(seed);
        for (int i = 0; i < 200; i++) {
            StringBuilder query = new StringBuilder();
            for (int n = random.nextInt(5); n >= 0; n--) {
                query.append(query.length() > 0 ? "&" : "").append(names.get(random.nextInt(names.size())));
                if (random.nextInt(8) > 0) {
                    query.append('=').append(values.get(random.nextInt(values.size())));
                }
            }
            String path = random.nextBoolean() ? "/v1/policy-sets/pss-restricted/check" : "/v1/policy-sets/psp-restricted/admission";
            String body = path.endsWith("/check") ? POD : review(new Yaml().load(POD));
            ApiResponse response = api.handle(post(path, query.toString(), path.endsWith("/check")
                    ? "application/yaml" : "application/json", body));
            String what = path + "?" + query;
            assertAnswered(response, what, 200, 400);
            if (response.status() == 400) {
                JsonNode error = json(response).path("error");
                assertEquals("INVALID_REQUEST", error.path("code").asText(), what + ": " + response.body());
                String message = error.path("message").asText();
                assertTrue(message.contains("query") || names.stream().anyMatch(n -> !n.isEmpty() && message.startsWith(n)),
                        what + ": " + message);
            }
        }
    }

    /** Unchanged, the pod is read and judged on every route by every set: the mutations start from a verdict. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pss-baseline", "pss-restricted", "pss-restricted-v1.24", "pss-baseline-v1.0",
            "psp-restricted", "psp-privileged", "openshift-default", "kube-cover"})
    void theUnchangedPodIsJudgedOnEveryRoute(String set) {
        for (int route = 0; route < 4; route++) {
            for (Map<String, Object> object : List.of(new Yaml().<Map<String, Object>>load(POD), cronJob(new Yaml().load(POD)))) {
                ApiResponse response = api.handle(request(route, object, set, "json"));
                assertEquals(200, response.status(), set + " route " + route + ": " + response.body());
                JsonNode answer = json(response);
                if (route < 3) {
                    assertTrue(answer.path("resources").path(0).path("checked").asBoolean(false), answer.toString());
                } else {
                    assertEquals(UID, answer.path("response").path("uid").asText(), answer.toString());
                }
            }
        }
    }

    /** The pod as a CronJob's template: the kind whose pods stand deepest, under two wrappers. */
    private static Map<String, Object> cronJob(Map<String, Object> pod) {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("metadata", Map.of("annotations", ((Map<?, ?>) pod.get("metadata")).get("annotations")));
        template.put("spec", pod.get("spec"));
        Map<String, Object> cronJob = new LinkedHashMap<>();
        cronJob.put("apiVersion", "batch/v1");
        cronJob.put("kind", "CronJob");
        cronJob.put("metadata", Map.of("name", "nightly", "namespace", "default"));
        cronJob.put("spec", new LinkedHashMap<>(Map.of("schedule", "0 3 * * *",
                "jobTemplate", new LinkedHashMap<>(Map.of("spec", new LinkedHashMap<>(Map.of("template", template)))))));
        // Mutable all the way down, as the YAML loader's maps are, so that a mutation can change any field.
        return Json.MAPPER.convertValue(cronJob, new TypeReference<Map<String, Object>>() { });
    }

    /** The changed pod as raw YAML, raw JSON, a {@code /v1/check} envelope or an AdmissionReview. */
    private static ApiRequest request(int route, Map<String, Object> pod, String set, String format) {
        String query = "format=" + format;
        return switch (route) {
            case 0 -> post("/v1/policy-sets/" + set + "/check", query, "application/yaml", yaml(pod));
            case 1 -> post("/v1/policy-sets/" + set + "/check", query, "application/json",
                    Json.MAPPER.valueToTree(pod).toString());
            case 2 -> {
                Map<String, Object> envelope = new LinkedHashMap<>();
                envelope.put("policySet", set);
                envelope.put("manifest", pod);
                envelope.put("format", format);
                yield post("/v1/check", null, "application/json", Json.MAPPER.valueToTree(envelope).toString());
            }
            default -> post("/v1/policy-sets/" + set + "/admission", null, "application/json", review(pod));
        };
    }

    private static String yaml(Object pod) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(pod);
    }

    static String review(Map<String, Object> object) {
        boolean isPod = "Pod".equals(object.get("kind"));
        ObjectNode review = Json.MAPPER.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", UID);
        String group = isPod ? "" : "batch";
        request.putObject("kind").put("group", group).put("version", "v1").put("kind", isPod ? "Pod" : "CronJob");
        request.putObject("resource").put("group", group).put("version", "v1").put("resource", isPod ? "pods" : "cronjobs");
        request.put("namespace", "default").put("operation", "CREATE").put("name", isPod ? "everything" : "nightly");
        request.putObject("userInfo").put("username", "alice").putArray("groups").add("system:authenticated");
        request.set("object", Json.MAPPER.valueToTree(object));
        return review.toString();
    }
}
