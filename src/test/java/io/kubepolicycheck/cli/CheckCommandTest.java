package io.kubepolicycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.testing.Manifests;
import io.kubepolicycheck.validator.render.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code check} command run in-process, with its streams and environment captured. */
class CheckCommandTest {
    static final String PRIVILEGED_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: root
            spec:
              containers:
              - name: app
                image: nginx
                securityContext:
                  privileged: true
            """;
    static final String PLAIN_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: plain
            spec:
              containers:
              - name: app
                image: nginx
            """;
    static final String SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n";

    @TempDir
    Path dir;
    final Map<String, String> env = new HashMap<>();
    String stdin = "";
    String out;
    String err;

    @BeforeEach
    void noEnvironment() {
        env.clear();
    }

    private int run(String... args) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(outBytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "a stack trace on stderr:\n" + err);
        return status;
    }

    private String file(String name, String content) throws Exception {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
        return path.toString();
    }

    private JsonNode verdict() throws Exception {
        return Json.MAPPER.readTree(out);
    }

    private List<String> sources() throws Exception {
        List<String> sources = new ArrayList<>();
        verdict().path("resources").forEach(r -> sources.add(r.path("source").isMissingNode() ? null : r.path("source").asText()));
        return sources;
    }

    @Test
    void allowedIsExitZero() throws Exception {
        assertEquals(0, run("check", "--policy-set", "pss-baseline", file("ok.yaml", PLAIN_POD + "---\n" + SERVICE)));
        assertTrue(verdict().path("allowed").asBoolean());
        assertEquals("2 of 2 resources allowed", verdict().path("summary").asText());
        assertEquals("", err);
    }

    @Test
    void deniedIsExitOneWithTheOffendingKeyLocated() throws Exception {
        String pod = file("pod.yaml", PRIVILEGED_POD);
        assertEquals(1, run("check", "--policy-set", "pss-baseline", pod));
        JsonNode resource = verdict().path("resources").get(0);
        assertFalse(verdict().path("allowed").asBoolean());
        JsonNode violation = resource.path("violations").get(0);
        assertEquals("privileged", violation.path("check").asText());
        assertEquals(10, violation.path("line").asInt());
        assertEquals(7, violation.path("column").asInt());
        assertEquals("", err);
    }

    @Test
    void aDirectoryContributesItsYamlYmlAndJsonFilesInNameOrder() throws Exception {
        file("manifests/b.yml", PLAIN_POD);
        file("manifests/a.yaml", SERVICE);
        file("manifests/sub/c.json", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"cm\"}}");
        file("manifests/README.md", "# not a manifest: {");
        file("manifests/notes.txt", "::: not yaml");
        assertEquals(0, run("check", "--policy-set", "pss-baseline", dir.resolve("manifests").toString()));
        Path m = dir.resolve("manifests");
        assertEquals(List.of(m.resolve("a.yaml").toString(), m.resolve("b.yml").toString(), m.resolve("sub/c.json").toString()),
                sources());
    }

    @Test
    void standardInputAloneHasNoSource() throws Exception {
        stdin = PRIVILEGED_POD;
        assertEquals(1, run("check", "--policy-set", "pss-baseline", "-"));
        assertEquals(1, verdict().path("resources").size());
        assertTrue(verdict().at("/resources/0/source").isMissingNode());
    }

    @Test
    void severalInputsEachCarryTheirSource() throws Exception {
        stdin = SERVICE;
        String a = file("a.yaml", PRIVILEGED_POD);
        String b = file("b.yaml", PLAIN_POD + "---\n" + SERVICE);
        assertEquals(1, run("check", "--policy-set", "pss-baseline", a, "-", b));
        assertEquals(List.of(a, "<stdin>", b, b), sources());
        assertEquals("1 of 4 resources denied", verdict().path("summary").asText());
    }

    @Test
    void textFormat() throws Exception {
        String pod = file("pod.yaml", PRIVILEGED_POD);
        assertEquals(1, run("check", "--policy-set", "pss-baseline", "--format", "text", pod));
        assertTrue(out.startsWith(pod + ":10:7: denied: Pod/root: privileged: "), out);
        assertTrue(out.lines().reduce((x, y) -> y).orElse("").startsWith("DENIED: 1 of 1 resource denied (policy set pss-baseline"), out);
    }

    /** Names and keys from the manifest cannot add lines to a CI log, in findings or in errors. */
    @Test
    void manifestTextWithLineBreaksStaysOnOneLine() throws Exception {
        String pod = file("pod.yaml", PRIVILEGED_POD.replace("name: root", "name: \"root\\n::error::injected\""));
        assertEquals(1, run("check", "--policy-set", "pss-baseline", "--format", "text", pod));
        assertTrue(out.startsWith(pod + ":10:7: denied: Pod/root\\n::error::injected: privileged: "), out);
        assertEquals(2, out.lines().count(), out);

        String duplicate = file("dup.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  \"a\\n::error::b\": 1\n"
                + "  \"a\\n::error::b\": 2\n");
        assertEquals(2, run("check", "--policy-set", "pss-baseline", duplicate));
        assertEquals("error: " + duplicate + ": document 0, line 5, column 3: duplicate key \"a\\n::error::b\"\n", err);
    }

    @Test
    void markdownFormat() throws Exception {
        String pod = file("pod.yaml", PRIVILEGED_POD);
        assertEquals(1, run("check", "--policy-set", "pss-baseline", "--format", "markdown", pod));
        assertTrue(out.startsWith("### ❌ Denied: 1 of 1 resource denied"), out);
        assertTrue(out.contains("| Pod default/root | `privileged` | `spec.containers[0].securityContext.privileged` | "
                + pod + ":10:7 |"), out);
    }

    @Test
    void sarifFormat() throws Exception {
        String pod = file("pod.yaml", PRIVILEGED_POD);
        assertEquals(1, run("check", "--policy-set", "pss-baseline", "--format", "sarif", pod));
        JsonNode sarif = Json.MAPPER.readTree(out);
        assertEquals("2.1.0", sarif.path("version").asText());
        JsonNode result = sarif.at("/runs/0/results/0");
        assertEquals("privileged", result.path("ruleId").asText());
        assertEquals(10, result.at("/locations/0/physicalLocation/region/startLine").asInt());
    }

    @Test
    void jsonFormatIsTheDefault() throws Exception {
        String pod = file("pod.yaml", PLAIN_POD);
        assertEquals(0, run("check", "--policy-set", "pss-baseline", "--format", "json", pod));
        String explicit = out;
        assertEquals(0, run("check", "--policy-set", "pss-baseline", pod));
        assertEquals(explicit, out);
        assertEquals("pss-baseline", verdict().at("/policySet/id").asText());
    }

    @Test
    void malformedInputIsExitTwoWithOneLocatedLine() throws Exception {
        String bad = file("bad.yaml", PLAIN_POD + "---\napiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n");
        assertEquals(2, run("check", "--policy-set", "pss-baseline", bad));
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("error: " + bad + ": document 1, line 13, column 1: invalid YAML: "), err);
        // The whole file is one input: its good first document is not judged on its own.
        assertEquals(0, verdict().path("resources").size());
        assertEquals(13, verdict().at("/errors/0/line").asInt());
    }

    @Test
    void aMistypedPodFieldIsExitTwoInTheApiServersWords() throws Exception {
        String bad = file("typed.yaml", PLAIN_POD + "  hostNetwork: \"true\"\n");
        assertEquals(2, run("check", "--policy-set", "pss-privileged", bad));
        assertEquals("error: " + bad + ": document 0, line 9, column 16: Pod in version \"v1\" cannot be handled as a Pod: "
                + "json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool\n", err);
    }

    @Test
    void malformedStandardInputIsNamedAsSuch() throws Exception {
        stdin = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\",}";
        assertEquals(2, run("check", "--policy-set", "pss-baseline", "-"));
        assertEquals("error: <stdin>: document 0, line 1, column 36: invalid JSON: Unexpected character ('}' (code 125)): "
                + "was expecting double-quote to start field name\n", err);
    }

    @Test
    void oneBadFileAmongSeveralIsReportedWithItsPlaceAndTheOthersAreStillJudged() throws Exception {
        String good = file("good.yaml", PRIVILEGED_POD);
        String bad = file("bad.json", "[{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}, 7]");
        String service = file("svc.yaml", SERVICE);
        assertEquals(2, run("check", "--policy-set", "pss-baseline", good, bad, service));
        assertEquals("error: " + bad + ": document 1, line 1, column 39: expected a Kubernetes object (a mapping with "
                + "apiVersion and kind), found the integer 7\n", err);
        JsonNode verdict = verdict();
        assertEquals(Arrays.asList(good, service), sources());
        assertFalse(verdict.path("resources").get(0).path("allowed").asBoolean());
        assertFalse(verdict.path("allowed").asBoolean());
        assertEquals("1 of 2 resources denied; 1 input could not be checked", verdict.path("summary").asText());
        JsonNode error = verdict.path("errors").get(0);
        assertEquals(bad, error.path("source").asText());
        assertEquals(1, error.path("document").asInt());
        assertEquals(1, error.path("line").asInt());
        assertEquals(39, error.path("column").asInt());
        assertEquals("INVALID_MANIFEST", error.path("code").asText());
        assertEquals("expected a Kubernetes object (a mapping with apiVersion and kind), found the integer 7",
                error.path("message").asText());
        assertEquals(1, verdict.path("errors").size());
    }

    @Test
    void aBrokenFileIsAnErrorLineInTextAndTheGoodOnesAreStillDenied() throws Exception {
        String good = file("a.yaml", PRIVILEGED_POD);
        String bad = file("b.yaml", "apiVersion: v1\nkind: Pod\nmetadata: [\n");
        assertEquals(2, run("check", "--policy-set", "pss-baseline", "--format", "text", good, bad));
        List<String> lines = out.lines().toList();
        assertTrue(lines.get(0).startsWith(good + ":10:7: denied: Pod/root: privileged: "), out);
        assertTrue(lines.get(1).startsWith(bad + ":4:1: error: document 0: invalid YAML: "), out);
        assertEquals("DENIED: 1 of 1 resource denied; 1 input could not be checked (policy set pss-baseline ",
                lines.get(2).substring(0, lines.get(2).indexOf("builtin-")));
        assertEquals(3, lines.size(), out);
    }

    @Test
    void allowedResourcesBesideABrokenFileAreStillExitTwo() throws Exception {
        String good = file("a.yaml", PLAIN_POD);
        String missing = dir.resolve("gone.yaml").toString();
        assertEquals(2, run("check", "--policy-set", "pss-baseline", "--format", "text", good, missing));
        assertEquals(missing + ":1:1: error: no such file or directory\n"
                + "ERROR: 1 of 1 resource allowed; 1 input could not be checked", out.substring(0, out.indexOf(" (policy")));
        assertEquals("error: " + missing + ": no such file or directory\n", err);
    }

    @Test
    void errorsAreReportedInTheOrderTheInputsWereNamed() throws Exception {
        String broken = file("a.yaml", "a: [\n");
        String missing = dir.resolve("b.yaml").toString();
        String alsoBroken = file("c.json", "{");
        assertEquals(2, run("check", "--policy-set", "pss-baseline", alsoBroken, missing, broken,
                file("ok.yaml", PLAIN_POD)));
        List<String> sources = new ArrayList<>();
        verdict().path("errors").forEach(e -> sources.add(e.path("source").asText()));
        assertEquals(List.of(alsoBroken, missing, broken), sources);
        assertEquals(3, err.lines().count(), err);
        assertTrue(err.lines().toList().get(1).startsWith("error: " + missing + ": "), err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n\n", "# only a comment\n", "---\n---\n", "--- # a comment\n...\n"})
    void noKubernetesObjectAtAllIsExitTwo(String text) throws Exception {
        stdin = text;
        assertEquals(2, run("check", "--policy-set", "pss-baseline", "-"));
        assertEquals("", out);
        assertEquals("error: no Kubernetes objects found in <stdin>\n", err);
        String empty = file("empty.yaml", text);
        assertEquals(2, run("check", "--policy-set", "pss-baseline", empty, "-"));
        assertEquals("error: no Kubernetes objects found in " + empty + ", <stdin>\n", err);
    }

    @Test
    void anUnrenderedHelmTemplateGetsAHint() throws Exception {
        String chart = file("deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}
                spec:
                  replicas: {{ .Values.replicas }}
                """);
        assertEquals(2, run("check", "--policy-set", "pss-baseline", chart));
        assertTrue(err.endsWith("; this looks like a Helm or Go template; render it first, e.g. "
                + "helm template ... | kube-policy-check check --policy-set ID -\n"), err);
        assertTrue(err.startsWith("error: " + chart + ": document 0, line 4, column "), err);
        String plain = file("plain.yaml", "a: [\n");
        assertEquals(2, run("check", "--policy-set", "pss-baseline", plain));
        assertFalse(err.contains("template"), err);
    }

    @Test
    void anUnknownPolicySetIsExitTwo() throws Exception {
        assertEquals(2, run("check", "--policy-set", "no-such-set", file("pod.yaml", PLAIN_POD)));
        assertEquals("error: policy set \"no-such-set\" not found; available: pss-privileged, pss-baseline, pss-restricted, "
                + "psp-privileged, psp-restricted, openshift-default\n", err);
        assertEquals(2, run("check", "--policy-set", "Not_A_Valid_Id", file("pod.yaml", PLAIN_POD)));
        assertTrue(err.startsWith("error: invalid policy set id \"Not_A_Valid_Id\""), err);
    }

    @Test
    void anExemptUserExemptsHerPodButNotThePodsHerDeploymentsControllerCreates() throws Exception {
        file("sets/alice.yaml", Manifests.ALICE_EXEMPT_SET);
        file("sets/alice-and-replicasets.yaml", Manifests.ALICE_AND_REPLICASET_CONTROLLER_EXEMPT_SET);
        String sets = dir.resolve("sets").toString();
        String pod = file("pod.yaml", PRIVILEGED_POD);
        String deployment = file("deployment.yaml", Manifests.PRIVILEGED_DEPLOYMENT);

        assertEquals(0, run("check", "--policy-set", "alice", "--policy-dir", sets, "--user", "alice", pod));
        assertEquals("user", verdict().at("/resources/0/auditAnnotations/pod-security.kubernetes.io~1exempt").asText());
        assertEquals(1, run("check", "--policy-set", "alice", "--policy-dir", sets, "--user", "alice", deployment));
        assertEquals(0, run("check", "--policy-set", "alice-and-replicasets", "--policy-dir", sets, "--user", "alice",
                deployment));
        assertEquals("user", verdict().at("/resources/0/auditAnnotations/pod-security.kubernetes.io~1exempt").asText());
    }

    @Test
    void aPolicySetFromADirectory() throws Exception {
        file("sets/team.yaml", """
                apiVersion: pod-security.admission.config.k8s.io/v1
                kind: PodSecurityConfiguration
                defaults:
                  enforce: baseline
                  enforce-version: latest
                """);
        String pod = file("pod.yaml", PRIVILEGED_POD);
        assertEquals(1, run("check", "--policy-set", "team", "--policy-dir", dir.resolve("sets").toString(), pod));
        assertEquals("team", verdict().at("/policySet/id").asText());
        env.put("POLICY_DIR", dir.resolve("sets").toString());
        assertEquals(1, run("check", "--policy-set", "team", pod));
    }

    @Test
    void anInvalidPolicySetInThePolicyDirectoryIsExitThree() throws Exception {
        String key = file("sets/broken.yaml", """
                apiVersion: pod-security.admission.config.k8s.io/v1
                kind: PodSecurityConfiguration
                defaults:
                  enforce: strict
                """);
        assertEquals(3, run("check", "--policy-set", "broken", "--policy-dir", dir.resolve("sets").toString(),
                file("pod.yaml", PLAIN_POD)));
        assertEquals("", out);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("error: policy set \"" + key + "\", document 0, line 4: "), err);
    }

    @Test
    void anUnreachableBucketIsExitThree() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        env.putAll(Map.of("POLICY_BUCKET", "policies", "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + closedPort));

        assertEquals(3, run("check", "--policy-set", "team", file("pod.yaml", PLAIN_POD)));
        assertEquals("", out);
        assertTrue(err.startsWith("error: policy store unavailable: "), err);
        assertEquals(0, run("check", "--policy-set", "pss-baseline", file("pod.yaml", PLAIN_POD)), "built-in sets need no S3");
    }

    @Test
    void anS3EndpointThatIsNotAUrlIsExitTwo() throws Exception {
        env.putAll(Map.of("POLICY_BUCKET", "policies", "AWS_ENDPOINT_URL_S3", "not-a-url"));

        assertEquals(2, run("check", "--policy-set", "team", file("pod.yaml", PLAIN_POD)));
        assertTrue(err.startsWith("error: AWS_ENDPOINT_URL_S3 "), err);
    }

    @Test
    void aPolicyDirectoryThatIsNotADirectoryIsExitTwo() throws Exception {
        assertEquals(2, run("check", "--policy-set", "team", "--policy-dir", dir.resolve("missing").toString(),
                file("pod.yaml", PLAIN_POD)));
        assertEquals("error: policy directory " + dir.resolve("missing") + " is not a directory\n", err);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "check --policy-set pss-baseline --bogus FILE",
            "check FILE",
            "check --policy-set pss-baseline",
            "check --policy-set pss-baseline --format xml FILE",
            "check --policy-set pss-baseline --operation DELETE FILE",
            "check --policy-set pss-baseline --namespace Bad_Namespace FILE",
            "check --policy-set pss-baseline FILE --format",
            "frobnicate --policy-set pss-baseline FILE"})
    void badUsageIsExitTwoWithTheUsage(String line) throws Exception {
        String pod = file("pod.yaml", PLAIN_POD);
        assertEquals(2, run(line.replace("FILE", pod).split(" ")));
        assertEquals("", out);
        assertTrue(err.startsWith("error: "), err);
        assertTrue(err.contains("usage: java -jar kube-policy-check.jar " + (line.startsWith("check") ? "check" : "COMMAND")),
                err);
    }

    /** The same refusal as the HTTP API's for {@code ?namespace=}: a namespace that cannot exist is no request. */
    @Test
    void anInvalidNamespaceIsRefusedInTheApisWords() throws Exception {
        assertEquals(2, run("check", "--policy-set", "pss-baseline", "--namespace", "Shop", file("pod.yaml", PLAIN_POD)));
        assertTrue(err.startsWith("error: namespace \"Shop\" is not a valid namespace name (a lowercase RFC 1123 label "
                + "of at most 63 characters)\n"), err);
    }

    @Test
    void noArgumentsPrintsTheUsageAndHelpIsNotAnError() {
        assertEquals(2, run());
        assertTrue(err.startsWith("usage: "), err);
        assertEquals(0, run("--help"));
        assertTrue(out.startsWith("usage: "), out);
        assertEquals("", err);
    }

    @Test
    void missingFilesAndEmptyDirectoriesAreExitTwo() throws Exception {
        assertEquals(2, run("check", "--policy-set", "pss-baseline", dir.resolve("nope.yaml").toString()));
        assertEquals("error: " + dir.resolve("nope.yaml") + ": no such file or directory\n", err);
        assertEquals("UNREADABLE_INPUT", verdict().at("/errors/0/code").asText());
        Files.createDirectories(dir.resolve("empty"));
        assertEquals(2, run("check", "--policy-set", "pss-baseline", dir.resolve("empty").toString()));
        assertEquals("error: " + dir.resolve("empty") + ": no .yaml, .yml or .json files in this folder\n", err);
    }

    @Test
    void localInputHasNoSizeCapUnlessMaxBytesSetsOne() throws Exception {
        String pod = file("pod.yaml", PLAIN_POD);
        // MAX_MANIFEST_BYTES bounds an HTTP body only
        env.put("MAX_MANIFEST_BYTES", "64");
        assertEquals(0, run("check", "--policy-set", "pss-baseline", pod));

        assertEquals(2, run("check", "--policy-set", "pss-baseline", "--max-bytes", "64", pod));
        assertEquals("error: " + pod + ": manifest is " + PLAIN_POD.length() + " bytes, over the limit of 64 (--max-bytes)\n", err);
        // an input over the cap is reported in the verdict, as every input that cannot be checked is
        assertEquals(0, verdict().at("/resources").size());
        assertEquals("PAYLOAD_TOO_LARGE", verdict().at("/errors/0/code").asText());
        assertEquals(pod, verdict().at("/errors/0/source").asText());

        stdin = PLAIN_POD;
        assertEquals(2, run("check", "--policy-set", "pss-baseline", "--max-bytes", "64", "-"));
        assertEquals("error: <stdin>: manifest is over the limit of 64 bytes (--max-bytes)\n", err);
        assertEquals(0, verdict().at("/resources").size());
        assertEquals("PAYLOAD_TOO_LARGE", verdict().at("/errors/0/code").asText());
        assertEquals("manifest is over the limit of 64 bytes (--max-bytes)", verdict().at("/errors/0/message").asText());

        assertEquals(0, run("check", "--policy-set", "pss-baseline", "--max-bytes", String.valueOf(PLAIN_POD.length()), pod));
        assertEquals(0, run("check", "--policy-set", "pss-baseline", "--max-bytes", String.valueOf(PLAIN_POD.length()), "-"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "0", "-5"})
    void aMaxBytesThatIsNotAPositiveNumberIsExitTwo(String value) throws Exception {
        assertEquals(2, run("check", "--policy-set", "pss-baseline", "--max-bytes", value, file("pod.yaml", PLAIN_POD)));
        assertTrue(err.startsWith("error: --max-bytes must be a positive number of bytes, not \"" + value + "\"\n"), err);
    }

    @Test
    void theNamespaceOptionAppliesToObjectsWithoutOne() throws Exception {
        assertEquals(0, run("check", "--policy-set", "pss-baseline", "--namespace", "shop", file("pod.yaml", PLAIN_POD)));
        assertEquals("shop", verdict().at("/resources/0/namespace").asText());
    }
}
