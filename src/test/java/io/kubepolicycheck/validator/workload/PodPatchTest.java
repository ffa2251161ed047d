package io.kubepolicycheck.validator.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.ManifestException;
import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.PatchOperation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON Patch of defaults and annotations against the object as submitted. */
class PodPatchTest {
    private static PodTemplate pod(String yaml) throws ManifestException {
        var objects = new Validator().parse(new ManifestInput(null, yaml.getBytes(StandardCharsets.UTF_8)));
        return PodTemplates.of(objects.get(0)).orElseThrow();
    }

    @Test
    void missingParentsAreAddedOnceHoldingEveryEditBelowThem() throws ManifestException {
        PodTemplate pod = pod("{kind: Pod, apiVersion: v1, metadata: {name: p}, spec: {containers: [{name: a}]}}");
        List<PatchOperation> patch = PodPatch.of(pod, List.of(
                new Mutation("spec.securityContext.fsGroup", 1L),
                new Mutation("spec.containers[0].securityContext.runAsNonRoot", true),
                new Mutation("spec.containers[0].securityContext.capabilities.drop", List.of("ALL")),
                new Mutation("spec.securityContext.supplementalGroups", List.of(1L))), Map.of());
        assertEquals(List.of(
                new PatchOperation("add", "/spec/securityContext", Map.of("fsGroup", 1L, "supplementalGroups", List.of(1L))),
                new PatchOperation("add", "/spec/containers/0/securityContext",
                        Map.of("runAsNonRoot", true, "capabilities", Map.of("drop", List.of("ALL"))))), patch);
    }

    @Test
    void presentFieldsAreReplacedAndNullParentsReplacedWithTheirEdits() throws ManifestException {
        PodTemplate pod = pod("""
                kind: Pod
                apiVersion: v1
                metadata: {name: p}
                spec:
                  securityContext:
                  containers:
                  - name: a
                    securityContext: {capabilities: {drop: [NET_RAW]}, runAsUser: 5}
                """);
        assertEquals(List.of(
                new PatchOperation("replace", "/spec/securityContext", Map.of("fsGroup", 2L)),
                new PatchOperation("replace", "/spec/containers/0/securityContext/capabilities/drop", List.of("NET_RAW", "ALL")),
                new PatchOperation("add", "/spec/containers/0/securityContext/runAsGroup", 3L)),
                PodPatch.of(pod, List.of(new Mutation("spec.securityContext.fsGroup", 2L),
                        new Mutation("spec.containers[0].securityContext.capabilities.drop", List.of("NET_RAW", "ALL")),
                        new Mutation("spec.containers[0].securityContext.runAsGroup", 3L)), Map.of()));
    }

    @Test
    void annotationKeysAreEscapedAndAnAnnotationAlreadyInPlaceIsNoChange() throws ManifestException {
        PodTemplate bare = pod("{kind: Pod, apiVersion: v1, metadata: {name: p}, spec: {containers: [{name: a}]}}");
        assertEquals(List.of(new PatchOperation("add", "/metadata/annotations",
                        Map.of("container.apparmor.security.beta.kubernetes.io/a", "runtime/default", "kubernetes.io/psp", "x"))),
                PodPatch.of(bare, List.of(new Mutation(
                        "metadata.annotations[container.apparmor.security.beta.kubernetes.io/a]", "runtime/default")),
                        Map.of("kubernetes.io/psp", "x")));

        PodTemplate annotated = pod("""
                {kind: Pod, apiVersion: v1, metadata: {name: p, annotations: {kubernetes.io/psp: x, a~b: "1"}},
                 spec: {containers: [{name: a}]}}""");
        assertEquals(List.of(), PodPatch.of(annotated, List.of(), Map.of("kubernetes.io/psp", "x")));
        assertEquals(List.of(new PatchOperation("replace", "/metadata/annotations/a~0b", "2"),
                        new PatchOperation("replace", "/metadata/annotations/kubernetes.io~1psp", "y")),
                PodPatch.of(annotated, List.of(new Mutation("metadata.annotations[a~b]", "2")),
                        Map.of("kubernetes.io/psp", "y")));
    }

    @Test
    void aWorkloadsPatchTargetsItsPodTemplate() throws ManifestException {
        PodTemplate deployment = pod("""
                {kind: Deployment, apiVersion: apps/v1, metadata: {name: d},
                 spec: {template: {spec: {containers: [{name: a}]}}}}""");
        assertEquals(List.of(new PatchOperation("add", "/spec/template/spec/containers/0/securityContext",
                        Map.of("allowPrivilegeEscalation", false)),
                new PatchOperation("add", "/spec/template/metadata", Map.of("annotations",
                        Map.of("kubernetes.io/psp", "x")))),
                PodPatch.of(deployment, List.of(new Mutation(
                        "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation", false)),
                        Map.of("kubernetes.io/psp", "x")));
    }
}
