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
import org.junit.jupiter.api.Test;

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
