package io.kubepolicycheck.api;

import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.policystore.PolicyStore;
import io.kubepolicycheck.validator.policyset.PolicySetLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sample requests that walk every route and format once, so a process can do its first-request work (class
 * loading, the built-in sets, the parsers, the PSS, PSP and SCC admission paths, every renderer, the error body,
 * the readers of the set formats only a stored set uses) before a caller waits for it: Lambda SnapStart runs them
 * before its snapshot. They read only the built-in sets and samples held here, and send nothing anywhere.
 */
final class Priming {
    /** A workload that the restricted level denies, and a kind without a pod template. */
    static final String MANIFEST = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: priming
              namespace: default
            spec:
              template:
                metadata:
                  annotations: {container.apparmor.security.beta.kubernetes.io/app: runtime/default}
                spec:
                  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                  initContainers:
                  - name: init
                    image: busybox
                    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                  containers:
                  - name: app
                    image: nginx
                    ports: [{containerPort: 80, hostPort: 8080}]
                    securityContext: {privileged: true, runAsUser: 0, capabilities: {add: [NET_ADMIN]}}
                  volumes:
                  - {name: logs, hostPath: {path: /var/log}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: priming}
            spec:
              ports: [{port: 80}]
            """;

    static final String JSON_MANIFEST = """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "priming"},
             "spec": {"containers": [{"name": "app", "image": "nginx"}]}}""";

    private static final String POD_REVIEW = """
            {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
              "uid": "00000000-0000-0000-0000-000000000001",
              "kind": {"group": "", "version": "v1", "kind": "Pod"},
              "resource": {"group": "", "version": "v1", "resource": "pods"},
              "name": "priming", "namespace": "default", "operation": "CREATE",
              "userInfo": {"username": "system:serviceaccount:kube-system:replicaset-controller",
                           "groups": ["system:serviceaccounts", "system:authenticated"]},
              "object": %s}}""".formatted(JSON_MANIFEST);

    private static final String DEPLOYMENT_REVIEW = """
            {"apiVersion": "admission.k8s.io/v1beta1", "kind": "AdmissionReview", "request": {
              "uid": "00000000-0000-0000-0000-000000000002",
              "kind": {"group": "apps", "version": "v1", "kind": "Deployment"},
              "resource": {"group": "apps", "version": "v1", "resource": "deployments"},
              "name": "priming", "namespace": "default", "operation": "CREATE",
              "userInfo": {"username": "priming", "groups": ["system:authenticated"]},
              "object": {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "priming"},
                         "spec": {"template": {"spec": {"hostNetwork": true,
                                  "containers": [{"name": "app", "image": "nginx"}]}}}}}}""";

    /**
     * Set formats no built-in set is written in but a stored set may be: the API server's AdmissionConfiguration
     * with a PodSecurityConfiguration, and Kube Cover's policy file with image patterns (RE2/J). Without them the
     * first request against such a set loads its reader ({@code bench/lambda-init}: about 21 ms, against 9).
     */
    private static final Map<String, String> STORED_FORMATS = Map.of(
            "priming-pod-security-configuration", """
                    apiVersion: apiserver.config.k8s.io/v1
                    kind: AdmissionConfiguration
                    plugins:
                    - name: PodSecurity
                      configuration:
                        apiVersion: pod-security.admission.config.k8s.io/v1
                        kind: PodSecurityConfiguration
                        defaults: {enforce: baseline, audit: restricted, warn: restricted, warn-version: v1.30}
                        exemptions: {usernames: [], namespaces: [kube-system], runtimeClasses: [kata]}
                    """,
            "priming-kube-cover", """
                    {"kind": "PodSecurityPolicyList", "apiVersion": "v1", "items": [
                      {"kind": "PodSecurityPolicy", "version": "v1", "namespaces": ["*"],
                       "spec": {"privileged": false, "hostPorts": [{"start": 8000, "end": 8080}],
                                "capabilities": ["NET_ADMIN"], "runAsUser": {"type": "RunAsAny"},
                                "images": {"permitted": [".*"], "denied": ["^evil/"]},
                                "volumes": {"hostPath": true, "hostPathAllowed": ["/var/log"]}}}]}
                    """);

    private static final PolicySetLoader LOADER = new PolicySetLoader();

    private Priming() {
    }

    /** {@link #STORED_FORMATS} as a store, read from memory. */
    static PolicyStore storedFormats() {
        return id -> new LoadedPolicySet(LOADER.load(id, "priming", id,
                STORED_FORMATS.get(id).getBytes(StandardCharsets.UTF_8)), false);
    }

    /** The sample Deployment checked against each of {@link #storedFormats()}'s sets: both refuse it. */
    static List<ApiRequest> storedFormatRequests() {
        return STORED_FORMATS.keySet().stream().sorted()
                .map(id -> post("/v1/policy-sets/" + id + "/check", null, "application/yaml", MANIFEST))
                .toList();
    }

    /** The requests, each answered 200 except the last, a manifest that does not parse (a 400 with its place). */
    static List<ApiRequest> requests() {
        List<ApiRequest> requests = new ArrayList<>();
        for (String format : List.of("json", "text", "markdown", "sarif", "junit")) {
            requests.add(post("/v1/policy-sets/pss-restricted/check", "format=" + format, "application/yaml", MANIFEST));
        }
        requests.add(post("/v1/policy-sets/pss-baseline/check", "namespace=team&operation=UPDATE&user=jane&group=dev",
                "application/json", JSON_MANIFEST));
        requests.add(post("/v1/check", null, "application/json", "{\"policySet\": \"pss-restricted\", \"manifest\": "
                + JSON_MANIFEST + ", \"userInfo\": {\"username\": \"jane\", \"groups\": [\"dev\"]}}"));
        requests.add(post("/v1/policy-sets/pss-restricted/admission", "timeout=10s", "application/json", POD_REVIEW));
        requests.add(post("/v1/policy-sets/pss-restricted/admission", null, "application/json", DEPLOYMENT_REVIEW));
        // the PodSecurityPolicy (with RBAC) and SCC paths, from reading a set to refusing a pod: a first request
        // against a stored set of either kind would otherwise load them (measured: 7 and 13 ms, against 2)
        requests.add(post("/v1/policy-sets/psp-restricted/check", null, "application/yaml", MANIFEST));
        requests.add(post("/v1/policy-sets/openshift-default/check", null, "application/yaml", MANIFEST));
        // the mutating webhook's path: a pod the policy admits only with its defaults, answered with a JSON Patch
        requests.add(post("/v1/policy-sets/psp-restricted/mutate", null, "application/json", POD_REVIEW));
        requests.add(new ApiRequest("GET", "/v1/policy-sets/pss-restricted", null, Map.of(), new byte[0], "priming"));
        requests.add(post("/v1/policy-sets/pss-restricted/check", null, "application/yaml", "kind: [unclosed"));
        return requests;
    }

    private static ApiRequest post(String path, String query, String contentType, String body) {
        return new ApiRequest("POST", path, query, Map.of("content-type", contentType, "accept", "*/*"),
                body.getBytes(StandardCharsets.UTF_8), "priming");
    }
}
