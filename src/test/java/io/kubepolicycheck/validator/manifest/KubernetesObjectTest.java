package io.kubepolicycheck.validator.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An object with values set at field paths: what admission's defaults make of it, still located in the text. */
class KubernetesObjectTest {
    static final String POD = """
            # a comment
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
              - name: app
                image: app
                securityContext:
                  capabilities: {drop: [KILL]}
                ports:
                - containerPort: 80
                  hostPort: 80
              - name: side
                image: side
                securityContext: null
            """;

    static KubernetesObject pod() throws ManifestException {
        return new ManifestParser().parse(POD.getBytes(StandardCharsets.UTF_8), "pod.yaml").get(0);
    }

    @Test
    void setsValuesAtFieldPathsAndKeepsTheRestWhereItStood() throws ManifestException {
        KubernetesObject original = pod();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("spec.containers[0].securityContext.runAsNonRoot", true);
        values.put("spec.containers[0].securityContext.runAsUser", 1000L);
        values.put("spec.containers[0].securityContext.capabilities.drop", List.of("ALL", "KILL"));
        values.put("spec.containers[1].securityContext.allowPrivilegeEscalation", false);
        values.put("spec.securityContext.seLinuxOptions", Map.of("level", "s0:c1,c0"));
        values.put("metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]", "runtime/default");
        KubernetesObject defaulted = original.with(values);

        Node spec = defaulted.root().get("spec");
        Node app = spec.get("containers").get(0);
        assertTrue(app.get("securityContext").get("runAsNonRoot").isTrue());
        assertEquals(1000L, app.get("securityContext").get("runAsUser").asLong());
        assertEquals(List.of("ALL", "KILL"), app.get("securityContext").get("capabilities").get("drop").elements()
                .stream().map(Node::asText).toList());
        assertFalse(spec.get("containers").get(1).get("securityContext").get("allowPrivilegeEscalation").asBoolean());
        assertEquals("s0:c1,c0", spec.get("securityContext").get("seLinuxOptions").get("level").asText());
        assertEquals("runtime/default", defaulted.root().get("metadata").get("annotations")
                .get("seccomp.security.alpha.kubernetes.io/pod").asText());

        Node hostPort = app.get("ports").get(0).get("hostPort");
        assertEquals(80L, hostPort.asLong());
        assertEquals(new Position(14, 7), hostPort.anchor());
        assertEquals("spec.containers[0].ports[0].hostPort", hostPort.pathFrom(defaulted.root()));
        assertEquals(new Position(11, 22), app.get("securityContext").get("capabilities").get("drop").anchor(),
                "a replaced value stays where it stood");
        assertEquals(new Position(2, 1), app.get("securityContext").get("runAsNonRoot").anchor(),
                "a new value points at the object's start, as a missing field does");
        assertEquals("spec.securityContext.seLinuxOptions.level",
                spec.get("securityContext").get("seLinuxOptions").get("level").pathFrom(defaulted.root()));
    }

    @Test
    void theSubmittedObjectIsLeftAsItWas() throws ManifestException {
        KubernetesObject original = pod();
        KubernetesObject defaulted = original.with(Map.of("spec.hostNetwork", false));
        assertNotSame(original.root(), defaulted.root());
        assertTrue(original.root().get("spec").get("hostNetwork").isMissing());
        assertEquals(2, defaulted.root().get("spec").fields().size());
        assertSame(original, original.with(Map.of()));
    }
}
