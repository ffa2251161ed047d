package io.kubepolicycheck.api;

import static io.kubepolicycheck.api.Requests.assertAnswered;
import static io.kubepolicycheck.api.Requests.get;
import static io.kubepolicycheck.api.Requests.json;
import static io.kubepolicycheck.api.Requests.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.DirectoryPolicyStore;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.validator.render.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Policy sets with one field of one object given a value of another type (or removed), as a bucket may hold them:
 * PodSecurityPolicies with the RBAC that grants their use, SecurityContextConstraints, a PodSecurityConfiguration
 * and Kube Cover's file. Each route that loads a set answers 200, or 422 naming the stored object: never a 500.
 */
class MutatedPolicySetsTest {
    /** Two PodSecurityPolicies, one granted to everyone authenticated, the other to one namespace's accounts. */
    private static final String PSP_RBAC = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: psp:restricted
              labels: {psp: "true"}
            rules:
            - apiGroups: [policy]
              resources: [podsecuritypolicies]
              verbs: [use]
              resourceNames: [restricted]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: psp:aggregate
            aggregationRule:
              clusterRoleSelectors:
              - matchLabels: {psp: "true"}
                matchExpressions:
                - {key: psp, operator: In, values: ["true"]}
            rules: []
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: psp:restricted
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: psp:aggregate}
            subjects:
            - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: system:authenticated}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: psp:privileged
              namespace: default
            rules:
            - apiGroups: [policy, extensions]
              resources: [podsecuritypolicies]
              verbs: [use]
              resourceNames: [privileged]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: psp:privileged
              namespace: default
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: psp:privileged}
            subjects:
            - {kind: ServiceAccount, name: builder, namespace: default}
            - {kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}
            """;

    private static final String POD_SECURITY_CONFIGURATION = """
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults:
              enforce: baseline
              enforce-version: v1.30
              audit: restricted
              audit-version: latest
              warn: restricted
              warn-version: v1.25
            exemptions:
              usernames: [ops-admin]
              namespaces: [kube-system]
              runtimeClasses: [kata]
            """;

    /** Each seed: its documents as YAML (or Kube Cover's JSON) and the extension it is stored with. */
    private record Seed(String text, String extension) {
    }

    private static final List<Seed> SEEDS = List.of(
            new Seed(resource("/policysets/psp-restricted.yaml") + "---\n" + resource("/policysets/psp-privileged.yaml")
                    + "---\n" + PSP_RBAC, "yaml"),
            new Seed(resource("/policysets/openshift-default.yaml"), "yaml"),
            new Seed(POD_SECURITY_CONFIGURATION, "yaml"),
            new Seed(resource("/kube-cover/policies.json"), "json"));

    @TempDir
    Path dir;
    private PolicyApi api;

    @BeforeEach
    void setUp() {
        api = new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), new DirectoryPolicyStore(dir)),
                ApiSettings.DEFAULT);
    }

    /** Unchanged, each seed is a valid set that judges the pod: the mutations start from a set that loads. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void eachSeedLoadsAndJudges(int seed) throws IOException {
        Files.writeString(dir.resolve("seed." + SEEDS.get(seed).extension()), SEEDS.get(seed).text());
        ApiResponse response = api.handle(post("/v1/policy-sets/seed/check", null, "application/yaml",
                MutatedManifestsTest.POD));
        assertEquals(200, response.status(), response.body());
        assertTrue(json(response).path("resources").path(0).path("checked").asBoolean(false), response.body());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void aFieldOfAnotherTypeIsA200OrA422ThatNamesTheObjectNeverA500(long seed) throws IOException {
        Random random = new Random(seed);
        for (int i = 0; i < 100; i++) {
            Seed chosen = SEEDS.get(random.nextInt(SEEDS.size()));
            List<Object> documents = new ArrayList<>();
            new Yaml().loadAll(chosen.text()).forEach(documents::add);
            String change = Mutation.apply(documents, random);
            String id = "mutant-" + i;
            String key = id + "." + chosen.extension();
            Files.writeString(dir.resolve(key), chosen.extension().equals("json")
                    ? (documents.isEmpty() ? "" : Json.MAPPER.writeValueAsString(documents.get(0))) : yaml(documents));
            for (ApiRequest request : List.of(
                    post("/v1/policy-sets/" + id + "/check", "format=text", "application/yaml", MutatedManifestsTest.POD),
                    post("/v1/policy-sets/" + id + "/admission", null, "application/json",
                            MutatedManifestsTest.review(new Yaml().load(MutatedManifestsTest.POD))),
                    get("/v1/policy-sets/" + id))) {
                ApiResponse response = api.handle(request);
                String what = change + " in " + key + ", " + request.method() + " " + request.path();
                assertAnswered(response, what, 200, 422);
                if (response.status() == 422) {
                    JsonNode error = json(response).path("error");
                    assertEquals("INVALID_POLICY_SET", error.path("code").asText(), what);
                    assertTrue(error.path("message").asText().contains(key), what + ": " + response.body());
                }
            }
        }
    }

    private static String yaml(List<Object> documents) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dumpAll(documents.iterator());
    }

    private static String resource(String name) {
        try (InputStream in = MutatedPolicySetsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
