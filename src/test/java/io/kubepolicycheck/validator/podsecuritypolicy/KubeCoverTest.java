package io.kubepolicycheck.validator.podsecuritypolicy;

import static io.kubepolicycheck.validator.policyset.TestSets.as;
import static io.kubepolicycheck.validator.policyset.TestSets.judge;
import static io.kubepolicycheck.validator.policyset.TestSets.load;
import static io.kubepolicycheck.validator.policyset.TestSets.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** Kube Cover's policy file read as PodSecurityPolicies that apply in their namespaces. */
class KubeCoverTest {
    static String file() {
        try (InputStream in = KubeCoverTest.class.getResourceAsStream("/kube-cover/policies.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static final PolicySet SET = load(file());

    static String hostPathPod(String namespace, String path) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: vault-agent
                  namespace: %s
                spec:
                  containers:
                  - name: agent
                    image: vault
                    volumeMounts:
                    - name: vault
                      mountPath: /vault
                  volumes:
                  - name: vault
                    hostPath:
                      path: %s
                """.formatted(namespace, path);
    }

    @Test
    void aHostPathOutsideTheAllowedPathsIsDeniedNamingIt() {
        ResourceVerdict v = judge(SET, hostPathPod("apps", "/run/vault"));
        assertFalse(v.allowed());
        assertEquals("PodSecurityPolicy: unable to admit pod: [spec.volumes[0].hostPath.pathPrefix: "
                + "Invalid value: \"/run/vault\": is not allowed to be used]", v.message());
        Violation violation = v.violations().get(0);
        assertEquals("PodSecurityPolicy/kube-cover-1", violation.policy());
        assertEquals("allowedHostPaths", violation.check());
        assertEquals("spec.volumes[0].hostPath.path", violation.path());
        assertEquals(16, violation.line());
    }

    @Test
    void aHostPathUnderAnAllowedPathIsAdmitted() {
        ResourceVerdict v = judge(SET, hostPathPod("apps", "/var/data/vault"));
        assertTrue(v.allowed(), v::toString);
        assertEquals("kube-cover-1", v.admittedBy());
    }

    @Test
    void prefixesMatchByPathSegmentNotByString() {
        assertFalse(judge(SET, hostPathPod("apps", "/var/database")).allowed());
        assertFalse(judge(SET, hostPathPod("apps", "/var/data/../../etc")).allowed());
    }

    static String privilegedPod(String namespace, String list) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: tools
                  namespace: %s
                spec:
                  %s:
                  - name: tools
                    image: tools
                    securityContext:
                      privileged: true
                """.formatted(namespace, list);
    }

    @Test
    void theFirstItemNamingTheNamespaceDecides() {
        assertTrue(judge(SET, privilegedPod("platform", "containers")).allowed());
        ResourceVerdict elsewhere = judge(SET, privilegedPod("apps", "containers"));
        assertFalse(elsewhere.allowed());
        assertEquals("PodSecurityPolicy: unable to admit pod: [spec.containers[0].securityContext.privileged: "
                + "Invalid value: true: Privileged containers are not allowed]", elsewhere.message());
    }

    @Test
    void theRequestNamespaceAppliesWhenTheObjectNamesNone() {
        String pod = privilegedPod("x", "containers").replace("  namespace: x\n", "");
        assertTrue(judge(SET, pod, as("platform", "ops")).allowed());
        assertFalse(judge(SET, pod, as("apps", "ops")).allowed());
    }

    @Test
    void initContainersAreCheckedTooUnlikeKubeCoverItself() {
        ResourceVerdict v = judge(SET, privilegedPod("apps", "initContainers"));
        assertFalse(v.allowed());
        assertTrue(v.message().contains("spec.initContainers[0].securityContext.privileged"), v.message());
    }

    @Test
    void capabilitiesOutsideTheListAreDenied() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: net, namespace: apps}
                spec:
                  containers:
                  - name: net
                    image: net
                    securityContext:
                      capabilities:
                        add: [NET_ADMIN, SYS_ADMIN]
                """;
        ResourceVerdict v = judge(SET, pod);
        assertEquals("PodSecurityPolicy: unable to admit pod: [spec.containers[0].securityContext.capabilities.add: "
                + "Invalid value: \"SYS_ADMIN\": capability may not be added]", v.message());
        assertEquals(10, v.violations().get(0).line());
    }

    @Test
    void deniedImagesAreRefused() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: evil, namespace: apps}
                spec:
                  containers:
                  - name: evil
                    image: evil/miner:latest
                """;
        ResourceVerdict v = judge(SET, pod);
        assertEquals("PodSecurityPolicy: unable to admit pod: [spec.containers[0].image: Invalid value: "
                + "\"evil/miner:latest\": image: evil/miner:latest explicitly denied by policy]", v.message());
        assertEquals("images", v.violations().get(0).check());
    }

    static PolicySet imagesSet(String permitted, String denied) {
        return load("""
                {"kind": "PodSecurityPolicyList", "apiVersion": "v1", "items": [
                  {"kind": "PodSecurityPolicy", "version": "v1", "namespaces": ["*"],
                   "spec": {"images": {"permitted": [%s], "denied": [%s]}}}]}
                """.formatted(permitted, denied));
    }

    static String podWithImage(String image) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: apps}
                spec:
                  containers:
                  - name: web
                    image: "%s"
                """.formatted(image);
    }

    @Test
    void imagePatternsAreGoRegularExpressionsFoundAnywhereInTheImage() {
        PolicySet set = imagesSet("\"(?P<registry>quay\\\\.io)/\"", "");
        assertTrue(judge(set, podWithImage("quay.io/team/web:1.2")).allowed());
        assertTrue(judge(set, podWithImage("mirror.example/quay.io/team/web:1.2")).allowed());
        assertEquals("PodSecurityPolicy: unable to admit pod: [spec.containers[0].image: Invalid value: "
                + "\"quayXio/team/web\": image: quayXio/team/web denied by policy]",
                judge(set, podWithImage("quayXio/team/web")).message());
    }

    @Test
    void theDescriptionShowsTheImagePatternsAsWrittenAndTheAllowedHostPaths() {
        Map<?, ?> items = (Map<?, ?>) SET.policies().get(0).summary().settings().get("items");
        assertEquals(Map.of("permitted", List.of(".*"), "denied", List.of("^evil/")),
                ((Map<?, ?>) items.get("kube-cover-1")).get("images"));
        assertFalse(((Map<?, ?>) items.get("kube-cover-0")).containsKey("images"), "an item without image rules");
        assertEquals(List.of(Map.of("pathPrefix", "/var/data", "readOnly", false)),
                ((Map<?, ?>) items.get("kube-cover-1")).get("allowedHostPaths"));
    }

    @Test
    void greedyAndLazyRepetitionsMatchTheSameImages() {
        for (String denied : new String[] {"\"miner.*latest$\"", "\"miner.*?latest$\"", "\"(?U)miner.*latest$\""}) {
            PolicySet set = imagesSet("\".*\"", denied);
            assertFalse(judge(set, podWithImage("evil/miner:latest")).allowed(), denied);
            assertTrue(judge(set, podWithImage("evil/miner:latest-1")).allowed(), denied);
            assertTrue(judge(set, podWithImage("evil/web:latest")).allowed(), denied);
        }
    }

    @Test
    void aPatternGoCannotCompileIsRefusedWithItsLineAndGosReason() {
        Map<String, String> reasons = Map.of(
                "^(?=evil)", "invalid or unsupported Perl syntax: `(?=`",
                "(a)\\\\1", "invalid escape sequence: `\\1`",
                "[z-a]", "invalid character class range: `z-a`",
                "a{1001}", "invalid repeat count: `{1001}`",
                "(a{2}){501}", "invalid repeat count: `{501}`");
        reasons.forEach((pattern, reason) -> {
            InvalidPolicySetException e = refusal("""
                    {"kind": "PodSecurityPolicyList", "apiVersion": "v1", "items": [
                      {"kind": "PodSecurityPolicy", "version": "v1", "namespaces": ["*"],
                       "spec": {"images": {"denied": ["ok", "%s"]}}}]}
                    """.formatted(pattern));
            assertEquals("Kube Cover policy spec 0: regex: " + pattern.replace("\\\\", "\\") + " is invalid: "
                    + "error parsing regexp: " + reason, e.getMessage(), pattern);
            assertEquals(3, e.line(), pattern);
        });
    }

    @Test
    void aPatternNestedTooDeeplyForGoIsRefusedNotAStackOverflow() {
        // Alternations and concatenations only: no capture or repetition for the limits' own count to see, so
        // the compile itself runs out of stack on this.
        String deep = "(?:b|c".repeat(10000) + ")".repeat(10000);
        InvalidPolicySetException e = refusal("""
                {"kind": "PodSecurityPolicyList", "apiVersion": "v1", "items": [
                  {"kind": "PodSecurityPolicy", "version": "v1", "namespaces": ["*"],
                   "spec": {"images": {"denied": ["%s"]}}}]}
                """.formatted(deep));
        assertEquals("Kube Cover policy spec 0: regex: " + deep + " is invalid: error parsing regexp: "
                + "expression nests too deeply: `" + deep + "`", e.getMessage());
    }

    // A hang guard, not a speed test: java.util.regex takes about 0.8 s for 24 characters here, ten times more
    // for each four more, so hours for 40.
    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void aPatternThatWouldBacktrackCannotHangTheCheck() {
        PolicySet set = imagesSet("\".*\"", "\"(.*a){50}!\"");
        assertTrue(judge(set, podWithImage("a".repeat(40) + "!")).allowed());
        assertFalse(judge(set, podWithImage("a".repeat(50) + "!")).allowed());
    }

    @Test
    void hostPortsOutsideTheRangesAreDenied() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: platform}
                spec:
                  containers:
                  - name: web
                    image: web
                    ports:
                    - {containerPort: 80, hostPort: 9090}
                """;
        assertEquals("PodSecurityPolicy: unable to admit pod: [spec.containers[0].hostPort: Invalid value: 9090: "
                + "Host port 9090 is not allowed to be used. Allowed ports: [8000-8080]]", judge(SET, pod).message());
        assertTrue(judge(SET, pod.replace("9090", "8080")).allowed());
    }

    @Test
    void aNamespaceNoItemNamesIsNotRestricted() {
        PolicySet platformOnly = load("""
                {"kind": "PodSecurityPolicyList", "apiVersion": "v1", "items": [
                  {"kind": "PodSecurityPolicy", "version": "v1", "namespaces": ["platform"], "spec": {}}]}
                """);
        assertTrue(judge(platformOnly, privilegedPod("apps", "containers")).allowed());
        assertFalse(judge(platformOnly, privilegedPod("platform", "containers")).allowed());
    }

    @Test
    void aFileWithoutItemsIsRefused() {
        InvalidPolicySetException e = refusal("{\"kind\": \"PodSecurityPolicyList\", \"apiVersion\": \"v1\", \"items\": []}");
        assertEquals("Kube Cover policy list: the policy list has no items", e.getMessage());
    }

    @Test
    void anItemWithoutNamespacesIsRefused() {
        InvalidPolicySetException e = refusal("""
                {"kind": "PodSecurityPolicyList", "apiVersion": "v1", "items": [
                  {"kind": "PodSecurityPolicy", "version": "v1", "spec": {}}]}
                """);
        assertEquals("Kube Cover policy spec 0: the policy does not have any namespaces", e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void aMisspeltFieldIsRefusedWithItsLine() {
        InvalidPolicySetException e = refusal("""
                {"kind": "PodSecurityPolicyList", "apiVersion": "v1", "items": [
                  {"kind": "PodSecurityPolicy", "version": "v1", "namespaces": ["*"],
                   "spec": {
                     "privilaged": false}}]}
                """);
        assertEquals("Kube Cover policy spec 0: unknown field \"spec.privilaged\"", e.getMessage());
        assertEquals(4, e.line());
    }
}
