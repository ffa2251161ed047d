package io.kubepolicycheck.validator.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepolicycheck.validator.render.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a pod UPDATE changes, in the terms the admission plugins decide by. */
class PodUpdateTest {
    private static final String POD = """
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "web", "uid": "u1", "resourceVersion": "7"%s},
             "spec": {"containers": [{"name": "app", "image": "nginx"}]}%s}
            """;

    private static JsonNode pod(String metadata, String rest) {
        try {
            return Json.MAPPER.readTree(POD.formatted(metadata, rest));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static PodUpdate update(String metadata, String oldMetadata) {
        return new PodUpdate(pod(metadata, ""), pod(oldMetadata, ""), "");
    }

    @Test
    void theGarbageCollectorsFieldsAreOwnerReferencesFinalizersAndTheSelfLink() {
        String owned = ", \"ownerReferences\": [{\"apiVersion\": \"apps/v1\", \"kind\": \"ReplicaSet\", "
                + "\"name\": \"web-1\", \"uid\": \"r1\"}]";
        for (String[] change : new String[][] {{owned, ""}, {"", owned}, {", \"finalizers\": [\"a\"]", ""},
                {", \"finalizers\": [\"a\"]", ", \"finalizers\": [\"b\"]"}, {", \"selfLink\": \"/x\"", ""},
                {owned + ", \"finalizers\": [\"a\"]", ""}, {"", ""}}) {
            PodUpdate update = update(change[0], change[1]);
            assertTrue(update.isOnlyMutatingGCFields(), change[0] + " from " + change[1]);
            assertTrue(update.isOnlyMutatingGCFieldsOr(Set.of("x/y")), change[0] + " from " + change[1]);
        }
        for (String[] change : new String[][] {{", \"labels\": {\"a\": \"b\"}", ""},
                {", \"annotations\": {\"x/y\": \"1\"}", ""}, {", \"generation\": 2", ""}}) {
            assertFalse(update(change[0], change[1]).isOnlyMutatingGCFields(), change[0]);
        }
        assertFalse(new PodUpdate(pod("", ", \"status\": {\"phase\": \"Running\"}"), pod("", ""), "")
                .isOnlyMutatingGCFields());
        assertFalse(new PodUpdate(((ObjectNode) pod("", "")).put("spec", "changed"), pod("", ""), "")
                .isOnlyMutatingGCFields());
    }

    /** An UPDATE of {@code old}, a pod's text, to the same with {@code from} replaced by {@code to}. */
    private static PodUpdate edited(String old, String from, String to) {
        try {
            return new PodUpdate(Json.MAPPER.readTree(old.replace(from, to)), Json.MAPPER.readTree(old), "");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void podSecurityAdmissionsSignificantUpdatesChangeAnImageAContainerOrASeccompAnnotation() {
        String plain = POD.formatted("", "");
        String containers = "\"image\": \"nginx\"}]";
        String debugger = containers + ", \"ephemeralContainers\": [{\"name\": \"debug\", \"image\": \"busybox\"}]";
        String name = "\"name\": \"web\"";
        for (PodUpdate significant : List.of(edited(plain, "nginx", "nginx:2"),
                edited(plain, containers, containers.replace("]", ", {\"name\": \"log\", \"image\": \"fluentd\"}]")),
                edited(plain, containers, debugger),
                edited(plain.replace(containers, debugger), "busybox", "busybox:2"),
                edited(plain, name, name + ", \"annotations\": {\"seccomp.security.alpha.kubernetes.io/pod\": \"x\"}"),
                edited(plain, name, name + ", \"annotations\": {\"container.seccomp.security.alpha.kubernetes.io/app\": "
                        + "\"x\"}"))) {
            assertTrue(significant.isSignificant(), significant::toString);
        }
        for (PodUpdate insignificant : List.of(edited(plain, name, name + ", \"labels\": {\"a\": \"b\"}"),
                edited(plain, name, name + ", \"annotations\": {\"container.seccomp.security.alpha.kubernetes.io/log\": "
                        + "\"x\"}"),
                edited(plain.replace(containers, debugger), "\"app\"", "\"app\", \"tty\": true"))) {
            assertFalse(insignificant.isSignificant(), insignificant::toString);
        }
    }

    @Test
    void namedAnnotationsMayChangeWithThem() {
        Set<String> network = Set.of("k8s.ovn.org/pod-networks");
        for (String[] change : new String[][] {
                {", \"annotations\": {\"k8s.ovn.org/pod-networks\": \"{}\"}", ""},
                {", \"annotations\": {\"k8s.ovn.org/pod-networks\": \"{}\", \"a\": \"1\"}",
                        ", \"annotations\": {\"a\": \"1\"}"},
                {", \"annotations\": {}", ", \"annotations\": {\"k8s.ovn.org/pod-networks\": \"{}\"}"},
                {", \"annotations\": {\"k8s.ovn.org/pod-networks\": \"{}\"}, \"finalizers\": [\"a\"]", ""}}) {
            assertTrue(update(change[0], change[1]).isOnlyMutatingGCFieldsOr(network), change[0]);
            assertFalse(update(change[0], change[1]).isOnlyMutatingGCFields(), change[0]);
        }
        assertFalse(update(", \"annotations\": {\"k8s.ovn.org/pod-networks\": \"{}\", \"a\": \"1\"}", "")
                .isOnlyMutatingGCFieldsOr(network));
        assertFalse(update(", \"annotations\": {\"k8s.ovn.org/pod-networks\": \"{}\"}, \"labels\": {\"a\": \"b\"}", "")
                .isOnlyMutatingGCFieldsOr(network));
    }
}
