package io.kubepolicycheck.validator.manifest;

import static io.kubepolicycheck.validator.manifest.TextPositions.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every object knows its document, and every key its exact line and column in the submitted text. */
class ManifestPositionsTest {
    private static List<KubernetesObject> parse(String text) throws ManifestException {
        return new ManifestParser().parse(text.getBytes(StandardCharsets.UTF_8), "test.yaml");
    }

    private static Node container(KubernetesObject o, int i) {
        Node spec = o.kind().equals("Pod") ? o.root().get("spec") : o.root().get("spec").get("template").get("spec");
        return spec.get("containers").get(i);
    }

    static final String MULTI_DOCUMENT = """
            # a comment before the first document
            ---
            # a document of comments only
            ---
            apiVersion: v1   # a trailing comment
            kind: Pod
            metadata:
              name: first    # name: not this one
            spec:
              containers:
              - name: app
                image: nginx
                # privileged: false (a comment, not the key)
                securityContext:
                  privileged: true
            ---
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: second, labels: {app: web}}
            spec:
              template:
                spec:
                  containers: [{name: web, image: nginx, securityContext: {runAsUser: 0}},
                               {name: side, securityContext: {privileged: true}}]
            """;

    @Test
    void multiDocumentYamlWithCommentsAndEmptyDocuments() throws Exception {
        List<KubernetesObject> objects = parse(MULTI_DOCUMENT);
        assertEquals(2, objects.size());
        KubernetesObject pod = objects.get(0);
        KubernetesObject deployment = objects.get(1);
        // documents: 0 = comments only, 1 = the Pod, 2 = empty, 3 = the Deployment
        assertEquals(1, pod.document());
        assertEquals(3, deployment.document());
        assertEquals(at(MULTI_DOCUMENT, "apiVersion: v1"), pod.position());
        assertEquals(at(MULTI_DOCUMENT, "apiVersion: apps/v1"), deployment.position());
        assertEquals("first", pod.name());
        assertEquals("second", deployment.name());

        assertEquals(at(MULTI_DOCUMENT, "privileged: true"), container(pod, 0).get("securityContext").get("privileged").anchor());
        assertEquals(at(MULTI_DOCUMENT, "name: first"), pod.root().get("metadata").get("name").anchor());
        assertEquals(at(MULTI_DOCUMENT, "- name: app").column() + 2, container(pod, 0).anchor().column());
        // flow style: keys inside {...} and [...] keep their own columns, also across lines
        assertEquals(at(MULTI_DOCUMENT, "runAsUser: 0"), container(deployment, 0).get("securityContext").get("runAsUser").anchor());
        assertEquals(at(MULTI_DOCUMENT, "privileged: true}"), container(deployment, 1).get("securityContext").get("privileged").anchor());
        assertEquals(at(MULTI_DOCUMENT, "app: web"), deployment.root().get("metadata").get("labels").get("app").anchor());
        assertEquals(at(MULTI_DOCUMENT, "{name: side"), container(deployment, 1).anchor());
        assertEquals("spec.template.spec.containers[1].securityContext.privileged",
                container(deployment, 1).get("securityContext").get("privileged").pathFrom(deployment.root()));
    }

    @Test
    void aMissingFieldPointsAtTheStartOfItsObject() throws Exception {
        KubernetesObject pod = parse(MULTI_DOCUMENT).get(0);
        Node missing = container(pod, 0).get("securityContext").get("runAsNonRoot");
        assertTrue(missing.isMissing());
        assertEquals(pod.position(), missing.anchor());
        assertEquals("spec.containers[0].securityContext.runAsNonRoot", missing.pathFrom(pod.root()));
    }

    @Test
    void blockScalarsDoNotShiftTheKeysAfterThem() throws Exception {
        String text = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: scripts
                data:
                  run.sh: |
                    #!/bin/sh
                    echo "---"
                    privileged: true
                  folded: >-
                    one
                    two
                  after: x
                ---
                apiVersion: v1
                kind: Pod
                """;
        List<KubernetesObject> objects = parse(text);
        assertEquals(2, objects.size());
        assertEquals(1, objects.get(1).document());
        Node data = objects.get(0).root().get("data");
        assertEquals("#!/bin/sh\necho \"---\"\nprivileged: true\n", data.get("run.sh").asText());
        assertEquals("one two", data.get("folded").asText());
        assertEquals(at(text, "after: x"), data.get("after").anchor());
        assertEquals(at(text, "folded:"), data.get("folded").anchor());
        assertEquals(at(text, "apiVersion: v1", 2), objects.get(1).position());
    }

    @Test
    void aJsonObject() throws Exception {
        String text = """
                {
                  "apiVersion": "v1",
                  "kind": "Pod",
                  "metadata": {"name": "json"},
                  "spec": {
                    "containers": [
                      {"name": "app", "securityContext": {"privileged": true}}
                    ]
                  }
                }
                """;
        List<KubernetesObject> objects = parse(text);
        assertEquals(1, objects.size());
        KubernetesObject pod = objects.get(0);
        assertEquals(0, pod.document());
        assertEquals(at(text, "{"), pod.position());
        assertEquals(at(text, "\"privileged\""), container(pod, 0).get("securityContext").get("privileged").anchor());
        assertEquals(at(text, "\"name\": \"json\""), pod.root().get("metadata").get("name").anchor());
        assertTrue(container(pod, 0).get("securityContext").get("privileged").isTrue());
    }

    @Test
    void aJsonArrayIsOneDocumentPerElement() throws Exception {
        String text = "[\n  {\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": {\"hostPID\": true}},\n"
                + "  {\"apiVersion\": \"v1\", \"kind\": \"Service\"},\n"
                + "  {\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": {\"hostIPC\": true}}\n]";
        List<KubernetesObject> objects = parse(text);
        assertEquals(List.of(0, 1, 2), objects.stream().map(KubernetesObject::document).toList());
        assertEquals(at(text, "{\"apiVersion\"", 3), objects.get(2).position());
        assertEquals(at(text, "\"hostIPC\""), objects.get(2).root().get("spec").get("hostIPC").anchor());
        assertEquals("spec.hostIPC", objects.get(2).root().get("spec").get("hostIPC").pathFrom(objects.get(2).root()));
    }

    @Test
    void listItemsAreObjectsOfTheirOwnWithTheirOwnPositionsAndPaths() throws Exception {
        String text = """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Pod
                  metadata:
                    name: one
                  spec:
                    hostNetwork: true
                - apiVersion: v1
                  kind: Service
                  metadata:
                    name: two
                """;
        List<KubernetesObject> objects = parse(text);
        assertEquals(2, objects.size());
        assertEquals(List.of(0, 0), objects.stream().map(KubernetesObject::document).toList());
        KubernetesObject pod = objects.get(0);
        assertEquals("Pod", pod.kind());
        assertEquals(at(text, "apiVersion: v1", 2), pod.position());
        Node hostNetwork = pod.root().get("spec").get("hostNetwork");
        assertEquals(at(text, "hostNetwork"), hostNetwork.anchor());
        assertEquals("spec.hostNetwork", hostNetwork.pathFrom(pod.root()));
        // a field missing from an item points at the item, not at the List
        assertEquals(pod.position(), pod.root().get("spec").get("hostPID").anchor());
        assertEquals(at(text, "apiVersion: v1", 3), objects.get(1).position());
    }

    @Test
    void aJsonPodSecurityPolicyListInAnArrayKeepsItsDocument() throws Exception {
        String text = "{\"apiVersion\": \"v1\", \"kind\": \"PodList\", \"items\": [\n"
                + "  {\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"a\"}}]}";
        KubernetesObject pod = parse(text).get(0);
        assertEquals(0, pod.document());
        assertEquals(at(text, "{\"apiVersion\"", 2), pod.position());
        assertEquals(at(text, "\"name\""), pod.root().get("metadata").get("name").anchor());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n"})
    void lineEndingsDoNotMoveColumns(String eol) throws Exception {
        String yaml = String.join(eol, "apiVersion: v1", "kind: Pod", "metadata:", "  name: crlf", "spec:",
                "  hostPID: true", "---", "apiVersion: v1", "kind: Service", "");
        List<KubernetesObject> objects = parse(yaml);
        assertEquals(at(yaml, "hostPID"), objects.get(0).root().get("spec").get("hostPID").anchor());
        assertEquals(at(yaml, "name: crlf"), objects.get(0).root().get("metadata").get("name").anchor());
        assertEquals("crlf", objects.get(0).name());
        assertEquals(1, objects.get(1).document());
        assertEquals(at(yaml, "apiVersion", 2), objects.get(1).position());

        String json = String.join(eol, "{", "  \"apiVersion\": \"v1\",", "  \"kind\": \"Pod\",",
                "  \"spec\": {\"hostPID\": true}", "}");
        assertEquals(at(json, "\"hostPID\""), parse(json).get(0).root().get("spec").get("hostPID").anchor());
    }

    @Test
    void aByteOrderMarkIsNotAColumn() throws Exception {
        String yaml = "\uFEFFapiVersion: v1\nkind: Pod\nspec: {hostPID: true}\n";
        KubernetesObject pod = parse(yaml).get(0);
        assertEquals(new Position(1, 1), pod.root().get("apiVersion").anchor());
        assertEquals(at(yaml, "hostPID"), pod.root().get("spec").get("hostPID").anchor());

        String json = "\uFEFF{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": {\"hostPID\": true}}";
        KubernetesObject fromJson = parse(json).get(0);
        assertEquals(new Position(1, 2), fromJson.root().get("apiVersion").anchor());
        assertEquals(at(json, "\"hostPID\""), fromJson.root().get("spec").get("hostPID").anchor());
    }

    @Test
    void aYamlDocumentInFlowStyleIsYamlNotBrokenJson() throws Exception {
        String text = "{apiVersion: v1, kind: Pod,\n metadata: {name: flow}, spec: {hostIPC: yes}}\n";
        KubernetesObject pod = parse(text).get(0);
        assertEquals("flow", pod.name());
        assertEquals(at(text, "hostIPC"), pod.root().get("spec").get("hostIPC").anchor());
        assertTrue(pod.root().get("spec").get("hostIPC").isTrue());
    }

    @Test
    void emptyAndCommentOnlyInputsHoldNoObjects() throws Exception {
        for (String text : List.of("", "\n\n", "# nothing here\n", "---\n---\n", "--- # c\n...\n", "[]", "null\n")) {
            assertEquals(List.of(), parse(text), text);
        }
    }

    @Test
    void yamlMergeKeysKeepThePositionsOfTheMergedValues() throws Exception {
        String text = """
                apiVersion: v1
                kind: Pod
                x-defaults: &ctx
                  privileged: true
                spec:
                  containers:
                  - name: app
                    securityContext:
                      <<: *ctx
                      runAsUser: 0
                """;
        KubernetesObject pod = parse(text).get(0);
        Node context = container(pod, 0).get("securityContext");
        assertTrue(context.get("privileged").isTrue());
        assertEquals(at(text, "privileged"), context.get("privileged").anchor());
        assertEquals(at(text, "runAsUser"), context.get("runAsUser").anchor());
    }
}
