package io.kubepolicycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.aws.PolicyStores;
import io.kubepolicycheck.aws.S3Clients;
import io.kubepolicycheck.lambda.ApiGatewayHandler;
import io.kubepolicycheck.server.LocalServer;
import io.kubepolicycheck.testing.Manifests;
import io.kubepolicycheck.testing.BucketAdmin;
import io.kubepolicycheck.testing.S3ProxyServer;
import io.kubepolicycheck.validator.render.Json;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The shaded jar that is deployed, run as a process of its own: within its size budget, and answering exactly as
 * the classes the unit tests load do. It guards what shading can break and no unit test sees: a class filtered
 * out of the jar, a lost service file, a dependency missing from the artifact.
 */
class ShadedJarIT {
    private static final Path JAR = Path.of(System.getProperty("shadedJar", "target/kube-policy-check.jar"));
    private static final String VERSION = System.getProperty("projectVersion", "0.1.0");
    private static final long MAX_BYTES = 12_000_000;
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** Parser features a manifest may use: a directive, comments, anchors, aliases, merge keys, tags, flow style. */
    private static final String YAML_FEATURES = """
            %YAML 1.1
            ---
            # two documents, the second an alias-heavy Pod
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: !!str 0755
              namespace: shop
              labels: &labels {app: web, tier: "front"}
              annotations: *labels
            spec:
              securityContext: &restricted
                runAsNonRoot: true
                seccompProfile: {type: RuntimeDefault}
              containers:
              - name: web
                image: quay.io/shop/web:1.0
                securityContext:
                  <<: *restricted
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
              - name: sidecar
                image: 'docker.io/library/busybox'
                securityContext: {privileged: yes, runAsUser: 0}
            """;

    /** A Kube Cover file whose image patterns only Go's (RE2) syntax reads. */
    private static final String KUBE_COVER = """
            {"kind": "PodSecurityPolicyList", "apiVersion": "v1", "items": [
              {"kind": "PodSecurityPolicy", "version": "v1", "namespaces": ["*"],
               "spec": {"images": {"permitted": ["^(?P<registry>quay\\\\.io)/"], "denied": ["(.*a){50}!"]}}}]}
            """;

    private record Run(int status, String out, String err) {
    }

    @Test
    void theArtifactIsWithinItsSizeBudget() throws IOException {
        long size = Files.size(JAR);
        assertTrue(size <= MAX_BYTES, JAR + " is " + size + " bytes, more than " + MAX_BYTES);
    }

    @Test
    void checkAnswersAsTheClassesDo(@TempDir Path dir) throws Exception {
        Path sets = Files.createDirectories(dir.resolve("sets"));
        Files.writeString(sets.resolve("images.json"), KUBE_COVER);
        Files.writeString(sets.resolve("team-a.yaml"), Manifests.EXEMPTING_SET);
        Path features = Files.writeString(dir.resolve("features.yaml"), YAML_FEATURES);
        Path json = Files.writeString(dir.resolve("pod.json"), """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "api", "namespace": "shop"},
                 "spec": {"hostNetwork": true, "containers": [{"name": "api", "image": "quay.io/shop/api"}]}}
                """);
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n");
        String example = Path.of("examples", "deployment.yaml").toString();

        List<List<String>> commands = new ArrayList<>();
        for (String set : List.of("pss-restricted", "pss-baseline", "psp-restricted", "openshift-default", "images",
                "team-a")) {
            for (String format : List.of("json", "text", "markdown", "sarif", "junit")) {
                commands.add(List.of("check", "--policy-set", set, "--format", format, "--policy-dir", sets.toString(),
                        example, features.toString(), json.toString()));
            }
        }
        // a broken input among others: taken back from the streamed verdict and reported in it, in every format
        for (String format : List.of("json", "text", "markdown", "sarif", "junit")) {
            commands.add(List.of("check", "--policy-set", "pss-restricted", "--format", format, example,
                    broken.toString(), features.toString()));
        }
        commands.add(List.of("check", "--policy-set", "pss-restricted", broken.toString()));
        commands.add(List.of("check", "--policy-set", "images", "--policy-dir", sets.toString(), "-"));
        commands.add(List.of("--help"));

        List<Run> fromJar = new ArrayList<>();
        for (List<String> command : commands) {
            Run jar = fromJar(command, YAML_FEATURES);
            Run classes = inProcess(command, YAML_FEATURES);
            assertEquals(new Run(classes.status(), withJarVersion(classes.out()), classes.err()), jar,
                    String.join(" ", command));
            fromJar.add(jar);
        }
        // real verdicts and errors were compared, not two empty answers: every check denies something
        List<Integer> statuses = new ArrayList<>(Collections.nCopies(commands.size(), 1));
        for (int i = commands.size() - 8; i <= commands.size() - 3; i++) {
            statuses.set(i, 2);
        }
        statuses.set(commands.size() - 1, 0);
        assertEquals(statuses, fromJar.stream().map(Run::status).toList());
        String brokenError = fromJar.get(commands.size() - 3).err();
        assertTrue(brokenError.contains("broken.yaml: document 0, line 4, column 1: invalid YAML"), brokenError);

        for (List<String> command : List.of(List.of("sets", "--policy-dir", sets.toString()), List.of("--version"),
                List.of("check", "--help"))) {
            Run jar = fromJar(command, "");
            assertEquals(inProcess(command, ""), jar, String.join(" ", command));
            assertEquals(0, jar.status(), String.join(" ", command));
        }
        String version = fromJar(List.of("--version"), "").out();
        assertTrue(version.matches("kube-policy-check \\d+\\.\\d+\\.\\d+\\S* \\(commit \\S+\\)\n"), version);
    }

    /**
     * A check of YAML loads none of Jackson's data binding, in any format: it is some 700 classes, which doubled a
     * one-file check's time when SARIF was written through it (docs/performance.md, Cold start).
     */
    @Test
    void aCheckInAnyFormatLoadsNoDataBinding(@TempDir Path dir) throws Exception {
        for (String format : List.of("json", "text", "sarif", "markdown", "junit")) {
            Path log = dir.resolve(format + ".classes");
            Run run = run(javaJar(List.of("-Xlog:class+load:file=" + log), List.of("check", "--policy-set",
                    "pss-restricted", "--format", format, Path.of("examples", "deployment.yaml").toString())), "");
            assertEquals(1, run.status(), run.err());
            List<String> classes = Files.readAllLines(log);
            assertTrue(classes.stream().anyMatch(line -> line.contains(" io.kubepolicycheck.validator.Validator ")),
                    format + ": the log names the classes loaded");
            assertEquals(List.of(), classes.stream().filter(line -> line.contains(" com.fasterxml.jackson.databind."))
                    .limit(3).toList(), format);
        }
    }

    /**
     * bin/kube-policy-check: a first run writes the class-data archive, the next maps it; both answer as the jar. It
     * runs on a copy of the project's bin/ and jar, so the archive the build wrote beside the jar stays as it is.
     */
    @Test
    void theLauncherWithItsClassDataArchiveAnswersAsTheJarDoes(@TempDir Path dir) throws Exception {
        Path launcher = Files.copy(Path.of("bin", "kube-policy-check"),
                Files.createDirectories(dir.resolve("bin")).resolve("kube-policy-check"));
        Files.copy(JAR, Files.createDirectories(dir.resolve("target")).resolve("kube-policy-check.jar"));
        Path archive = dir.resolve("target").resolve("kube-policy-check.jsa");
        List<String> command = List.of("check", "--policy-set", "pss-restricted", "--format", "text",
                Path.of("examples", "deployment.yaml").toAbsolutePath().toString());
        Run jar = fromJar(command, "");
        assertEquals(1, jar.status(), jar.err());
        assertEquals(jar, run(launcher(launcher, command), ""), "the run that writes the archive");
        assertTrue(Files.size(archive) > 0, "no class-data archive at " + archive);
        assertEquals(jar, run(launcher(launcher, command), ""), "a run from the archive");
    }

    /**
     * A YAML List with an alias across its entries is read again whole, and a big one may not fit in the heap: that is
     * said, with what to do, as an input that could not be checked (2), never a stack trace and status 1 ("denied").
     */
    @Test
    void aHeapTooSmallForAnInputIsSaidSo(@TempDir Path dir) throws Exception {
        StringBuilder list = new StringBuilder("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n"
                + "  metadata: &m {name: first}\n");
        for (int i = 0; i < 30_000; i++) {
            list.append("- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p").append(i)
                    .append("\n  spec:\n    containers:\n    - image: i\n      name: c\n");
        }
        list.append("- apiVersion: v1\n  kind: ConfigMap\n  metadata: *m\nkind: List\n");
        Path dump = Files.writeString(dir.resolve("dump.yaml"), list);
        Run run = run(List.of(JAVA, "-Xmx32m", "-jar", JAR.toString(), "check", "--policy-set", "pss-restricted",
                dump.toString()), "");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().matches("error: out of memory: this Java may use at most \\d+ MB, and an input needs more"
                + " .*; give it more with java -Xmx\\d+m -jar \\.\\.\\.\n"), run.err());
    }

    /**
     * Plain {@code java -jar} hands an input of {@link JvmRelaunch#MIN_BYTES} or more, from files, a pipe or a
     * redirect, to a second JVM with the flags that suit it and the class-data archive built beside the jar, which
     * answers, errs and exits as one JVM does.
     */
    @Test
    void aBigInputIsCheckedInASecondJvmThatAnswersAsOneJvmDoes(@TempDir Path dir) throws Exception {
        byte[] pods = pods(2_500);
        assertTrue(pods.length >= JvmRelaunch.MIN_BYTES && pods.length < 2 * JvmRelaunch.MIN_BYTES, "" + pods.length);
        Path dump = Files.write(dir.resolve("dump.yaml"), pods);
        Path archive = JAR.resolveSibling("kube-policy-check.jsa");
        assertTrue(Files.isRegularFile(archive), archive + " is missing");
        List<String> check = List.of("check", "--policy-set", "pss-restricted", "--format", "text");
        List<List<String>> operands = List.of(List.of(dump.toString()), List.of("-"),
                List.of(dump.toString(), dir.resolve("missing.yaml").toString()));
        List<Integer> statuses = new ArrayList<>();
        for (List<String> files : operands) {
            List<String> args = new ArrayList<>(check);
            args.addAll(files);
            boolean piped = files.contains("-");
            Watched oneJvm = watch(javaJar(List.of("-XX:+UseSerialGC"), args), null, piped ? pods : null);
            assertEquals(List.of(), oneJvm.tuned(), "a JVM option is the user's choice");
            for (Watched plain : piped
                    ? List.of(watch(javaJar(List.of(), args), null, pods), watch(javaJar(List.of(), args), dump, null))
                    : List.of(watch(javaJar(List.of(), args), null, null))) {
                assertEquals(oneJvm.run(), plain.run(), String.join(" ", files));
                assertEquals(1, plain.tuned().size(), "a second JVM with the flags: " + plain.tuned());
                assertTrue(plain.tuned().get(0).contains(" -XX:SharedArchiveFile=" + archive + " "),
                        "the class-data archive the build wrote: " + plain.tuned());
            }
            statuses.add(oneJvm.run().status());
        }
        assertEquals(List.of(1, 1, 2), statuses, "a denial and an error are handed on");

        Watched small = watch(javaJar(List.of(), List.of("check", "--policy-set", "pss-restricted", "-")), null, pods(40));
        assertEquals(List.of(), small.tuned(), "a small input is checked in the first JVM");
        assertEquals(1, small.run().status(), small.run().err());

        // the hand-over's variable exported by the user changes no status, in one JVM or two
        for (byte[] input : List.of(pods(40), pods)) {
            List<String> exported = new ArrayList<>(List.of("env", JvmRelaunch.HANDED_OVER + "=1"));
            exported.addAll(javaJar(List.of(), List.of("check", "--policy-set", "pss-restricted", "-")));
            Watched run = watch(exported, null, input);
            assertEquals(input == pods ? 1 : 0, run.tuned().size(), "a second JVM for the big input only");
            assertEquals(1, run.run().status(), run.run().err());
        }
    }

    /**
     * Stopped as a CI job's timeout stops it (SIGTERM), the first JVM stops the second, which would otherwise wait on
     * the standard input it inherited, kept open here by {@code sleep}.
     */
    @Test
    void stoppingTheFirstJvmStopsTheSecond(@TempDir Path dir) throws Exception {
        Path dump = Files.write(dir.resolve("dump.yaml"), pods(2_500));
        List<String> line = new ArrayList<>(List.of("sh", "-c", "sleep 120 | exec \"$0\" \"$@\""));
        line.addAll(javaJar(List.of(), List.of("check", "--policy-set", "pss-restricted", dump.toString(), "-")));
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(environment());
        Process shell = builder.start();
        try {
            ProcessHandle second = null;
            while (second == null && shell.isAlive()) {
                second = shell.descendants().filter(h -> h.info().commandLine()
                        .filter(c -> c.contains(String.join(" ", JvmRelaunch.FLAGS))).isPresent())
                        .findFirst().orElse(null);
                Thread.sleep(5);
            }
            assertTrue(second != null, "no second JVM");
            ProcessHandle first = second.parent().orElseThrow();
            assertTrue(first.info().commandLine().orElseThrow().contains(JAVA + " -jar "), "" + first.info());
            first.destroy();
            second.onExit().get(30, TimeUnit.SECONDS);
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }

    /** A run of the jar, and the command lines of the JVMs with the serial collector and C1 alone that it started. */
    private record Watched(Run run, List<String> tuned) {
    }

    /** Runs {@code line} with standard input from {@code input} or {@code piped}, watching what it starts. */
    private static Watched watch(List<String> line, Path input, byte[] piped) throws Exception {
        Path out = Files.createTempFile("shaded-jar", ".out");
        Path err = Files.createTempFile("shaded-jar", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(line).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (input != null) {
                builder.redirectInput(input.toFile());
            }
            builder.environment().clear();
            builder.environment().putAll(environment());
            Process process = builder.start();
            Thread feed = new Thread(() -> {
                try (var in = process.getOutputStream()) {
                    in.write(piped == null ? new byte[0] : piped);
                } catch (IOException e) {
                    // the jar stopped reading: its status and output say why
                }
            });
            feed.start();
            Set<String> tuned = new LinkedHashSet<>();
            while (!process.waitFor(5, TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(h -> h.info().commandLine()
                        .filter(c -> c.contains(String.join(" ", JvmRelaunch.FLAGS))).ifPresent(tuned::add));
            }
            feed.join();
            return new Watched(new Run(process.exitValue(), Files.readString(out), Files.readString(err)),
                    List.copyOf(tuned));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    private static List<String> javaJar(List<String> options, List<String> args) {
        List<String> line = new ArrayList<>(List.of(JAVA));
        line.addAll(options);
        line.addAll(List.of("-jar", JAR.toString()));
        line.addAll(args);
        return line;
    }

    /** Multi-document YAML of {@code n} Pods, one in three allowed at restricted, the others privileged. */
    private static byte[] pods(int n) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < n; i++) {
            yaml.append("---\n").append(i % 3 == 0 ? Manifests.RESTRICTED_POD.replaceFirst("name: good", "name: pod-" + i)
                    : Manifests.PRIVILEGED_POD.replaceFirst("name: web", "name: pod-" + i));
        }
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void serveReadsPolicySetsFromS3AndAnswersAsTheClassesDo() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            Map<String, String> env = Map.of("POLICY_BUCKET", "policies", "AWS_REGION", "us-east-1",
                    "AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
            try (S3Client admin = BucketAdmin.forEndpoint(s3.endpoint(), S3ProxyServer.credentials())) {
                admin.createBucket(b -> b.bucket("policies"));
                admin.putObject(b -> b.bucket("policies").key("policies/images.json"),
                        RequestBody.fromString(KUBE_COVER));
                admin.putObject(b -> b.bucket("policies").key("policies/team-a.yaml"),
                        RequestBody.fromString(Manifests.EXEMPTING_SET));
                admin.putObject(b -> b.bucket("policies").key("policies/warn-audit.yaml"),
                        RequestBody.fromString(Manifests.WARN_AUDIT_SET));
            }
            ApiGatewayHandler handler = new ApiGatewayHandler(new PolicyApi(PolicyStores.fromEnvironment(env,
                    e -> S3Clients.fromEnvironment(e, S3ProxyServer.credentials()), InstantSource.system()),
                    new ApiSettings(1 << 20)), line -> { });
            LocalServer classes = LocalServer.start(0, handler);
            ProcessBuilder serve = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "serve", "--port", "0")
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            serve.environment().clear();
            serve.environment().putAll(environment());
            serve.environment().putAll(env);
            serve.environment().put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
            serve.environment().put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
            Process jar = serve.start();
            try {
                jar.getOutputStream().close();
                int port = servingPort(jar);
                HttpClient http = HttpClient.newHttpClient();
                String review = Json.MAPPER.readTree(Files.readString(Path.of("events", "admission-pod-denied.json")))
                        .path("body").asText();
                String mutate = Json.MAPPER.readTree(Files.readString(Path.of("events", "mutate-pod-scc.json")))
                        .path("body").asText();
                String[][] requests = {
                        {"GET", "/v1/policy-sets/images", null},
                        {"GET", "/v1/policy-sets/team-a", null},
                        {"POST", "/v1/policy-sets/images/check", YAML_FEATURES},
                        {"POST", "/v1/policy-sets/team-a/check?user=ops-admin&format=sarif", Manifests.PRIVILEGED_POD},
                        {"POST", "/v1/policy-sets/pss-restricted/check?format=markdown", YAML_FEATURES},
                        {"POST", "/v1/policy-sets/warn-audit/admission", review},
                        {"POST", "/v1/policy-sets/openshift-default/mutate", mutate},
                        {"POST", "/v1/policy-sets/absent/check", YAML_FEATURES},
                        {"POST", "/v1/policy-sets/images/check", "kind: [\n"},
                };
                int ok = 0;
                for (String[] r : requests) {
                    HttpResponse<String> fromJar = send(http, port, r);
                    HttpResponse<String> fromClasses = send(http, classes.port(), r);
                    String label = r[0] + " " + r[1];
                    assertEquals(fromClasses.statusCode(), fromJar.statusCode(), label);
                    assertEquals(fromClasses.headers().firstValue("content-type"),
                            fromJar.headers().firstValue("content-type"), label);
                    assertEquals(withJarVersion(withoutRequestId(fromClasses)), withoutRequestId(fromJar), label);
                    ok += fromJar.statusCode() == 200 ? 1 : 0;
                }
                assertEquals(7, ok, "the sets in S3 were read and checked against");
            } finally {
                jar.destroy();
                jar.waitFor(10, TimeUnit.SECONDS);
                classes.close();
            }
        }
    }

    private static Run inProcess(List<String> command, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(command, environment(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run fromJar(List<String> command, String stdin) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        line.addAll(command);
        return run(line, stdin);
    }

    private static List<String> launcher(Path launcher, List<String> command) {
        List<String> line = new ArrayList<>(List.of("bash", launcher.toString()));
        line.addAll(command);
        return line;
    }

    private static Run run(List<String> line, String stdin) throws IOException, InterruptedException {
        // standard error to a file, so neither stream can fill its pipe while the other is read
        Path err = Files.createTempFile("shaded-jar", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(line).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment());
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the jar did not exit");
            return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
        } finally {
            Files.delete(err);
        }
    }

    /**
     * This process's environment without the settings that would point either side at a policy store, or give the
     * jar's JVM options (so that it is run as {@code java -jar} alone is).
     */
    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("POLICY_") || k.startsWith("AWS_") || k.equals("MAX_MANIFEST_BYTES")
                || List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS").contains(k));
        return env;
    }

    /** The port from the line {@code serve} prints once it listens. */
    private static int servingPort(Process jar) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(jar.getInputStream(), StandardCharsets.UTF_8));
        String first = lines.readLine();
        assertTrue(first != null && first.startsWith("kube-policy-check serving on http://127.0.0.1:"),
                String.valueOf(first));
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }

    private static HttpResponse<String> send(HttpClient http, int port, String[] request)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request[1]))
                .method(request[0], request[2] == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request[2]));
        if (request[2] != null) {
            boolean review = request[1].endsWith("/admission") || request[1].endsWith("/mutate");
            builder.header("Content-Type", review ? "application/json" : "application/yaml");
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SARIF names the tool's version, which only the jar's manifest carries. */
    private static String withJarVersion(String fromClasses) {
        return fromClasses.replace("\"version\" : \"0.0.0-development\"", "\"version\" : \"" + VERSION + "\"");
    }

    private static String withoutRequestId(HttpResponse<String> response) {
        return response.body().replace(response.headers().firstValue("x-request-id").orElseThrow(), "<id>");
    }
}
