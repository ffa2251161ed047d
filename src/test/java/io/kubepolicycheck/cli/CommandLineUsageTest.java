package io.kubepolicycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.api.ApiRequest;
import io.kubepolicycheck.api.ApiResponse;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.aws.PolicyStores;
import io.kubepolicycheck.validator.render.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line's options, help, version and usage errors, run in-process as a user types them. */
class CommandLineUsageTest {
    @TempDir
    Path dir;
    final Map<String, String> env = new HashMap<>();
    String out;
    String err;

    private int run(String... args) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), env, new ByteArrayInputStream(new byte[0]),
                new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "a stack trace on stderr:\n" + err);
        return status;
    }

    private String pod() throws Exception {
        Path pod = dir.resolve("manifests/pod.yaml");
        Files.createDirectories(pod.getParent());
        Files.writeString(pod, CheckCommandTest.PRIVILEGED_POD);
        return pod.toString();
    }

    @Test
    void anOptionMayBeGivenWithAnEqualsSignOrAsTheNextArgument() throws Exception {
        String pod = pod();
        assertEquals(1, run("check", "--policy-set=pss-baseline", "--format=text", pod));
        String joined = out;
        assertEquals(1, run("check", "--policy-set", "pss-baseline", "--format", "text", pod));
        assertEquals(joined, out);
        assertTrue(out.startsWith(pod + ":10:7: denied: Pod/root: privileged: "), out);
    }

    @Test
    void aValueMayHoldAnEqualsSignOrStartWithADash() throws Exception {
        assertEquals(2, run("check", "--policy-set", "pss-baseline", "--namespace=a=b", pod()));
        assertTrue(err.startsWith("error: namespace \"a=b\" is not a valid namespace name"), err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-x", "--verbose", "--policy-sets=pss-baseline", "-pss-baseline"})
    void anUnknownOptionShortOrLongIsAnErrorNamingIt(String option) throws Exception {
        assertEquals(2, run("check", "--policy-set", "pss-baseline", option, pod()));
        String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
        assertTrue(err.startsWith("error: unknown option " + name + "\nusage: java -jar kube-policy-check.jar check "),
                err);
        assertEquals("", out);
    }

    @Test
    void aSingleValuedOptionGivenTwiceIsAnError() throws Exception {
        assertEquals(2, run("check", "--policy-set", "pss-baseline", "--policy-set=pss-restricted", pod()));
        assertTrue(err.startsWith("error: option --policy-set may be given once\n"), err);
        assertEquals(2, run("check", "--policy-set", "pss-baseline", "--format", "json", "--format", "json", pod()));
        assertTrue(err.startsWith("error: option --format may be given once\n"), err);
        assertEquals("", out);
    }

    @Test
    void aRepeatableOptionCollectsEveryValue() throws Exception {
        Path set = dir.resolve("sets/exempt.yaml");
        Files.createDirectories(set.getParent());
        Files.writeString(set, """
                apiVersion: pod-security.admission.config.k8s.io/v1
                kind: PodSecurityConfiguration
                defaults:
                  enforce: restricted
                exemptions:
                  usernames: [ci]
                """);
        String pod = pod();
        assertEquals(1, run("check", "--policy-dir", set.getParent().toString(), "--policy-set", "exempt",
                "--group", "a", "--group=b", pod));
        assertEquals(0, run("check", "--policy-dir", set.getParent().toString(), "--policy-set", "exempt",
                "--user=ci", "--group", "a", "--group=b", pod));
    }

    @Test
    void anOptionWithoutItsValueIsAnError() {
        assertEquals(2, run("check", "--policy-set"));
        assertTrue(err.startsWith("error: option --policy-set needs a value\n"), err);
        assertEquals(2, run("check", "--help=yes"));
        assertTrue(err.startsWith("error: option --help takes no value\n"), err);
    }

    @Test
    void doubleDashEndsTheOptions() throws Exception {
        Path odd = dir.resolve("--odd.yaml");
        Files.writeString(odd, CheckCommandTest.PLAIN_POD);
        assertEquals(0, run("check", "--policy-set", "pss-baseline", "--", odd.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "sets", "serve"})
    void everyCommandHasHelpOnStandardOutputWithExitZero(String command) {
        for (String help : List.of("--help", "-h")) {
            assertEquals(0, run(command, help));
            assertEquals(Usage.of(command) + "\n", out);
            assertTrue(out.startsWith("usage: java -jar kube-policy-check.jar " + command), out);
            assertEquals("", err);
        }
        // Help wins over what else is wrong on the line, as a user asking for help is not yet done typing.
        assertEquals(0, run(command, "--help", "--port=nope"));
    }

    @Test
    void everyCommandHasHelpAndEveryOptionIsInIt() {
        for (String command : Main.COMMANDS) {
            assertNotNull(Usage.of(command), command);
        }
        for (Options.Spec spec : CheckCommand.OPTIONS) {
            assertTrue(Usage.of("check").contains(spec.name() + " "), spec.name());
        }
        for (Options.Spec spec : SetsCommand.OPTIONS) {
            assertTrue(Usage.of("sets").contains(spec.name() + " "), spec.name());
        }
        assertTrue(Usage.of("serve").contains("--port "));
        for (String command : Main.COMMANDS) {
            assertTrue(Usage.OVERVIEW.contains("  " + command + " "), command);
        }
    }

    @Test
    void theOverviewIsHelpOnStandardOutputAndAnErrorWithoutACommand() {
        assertEquals(0, run("--help"));
        assertTrue(out.startsWith("usage: java -jar kube-policy-check.jar COMMAND"), out);
        assertEquals(2, run());
        assertTrue(err.startsWith("usage: java -jar kube-policy-check.jar COMMAND"), err);
        assertEquals(2, run("chek"));
        assertTrue(err.startsWith("error: unknown command \"chek\"; commands: check, sets, serve\n"), err);
    }

    @Test
    void versionPrintsTheProjectVersionAndTheCommit() {
        assertEquals(0, run("--version"));
        assertTrue(Pattern.matches("kube-policy-check \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{40}|unknown)\\)\n",
                out), out);
        assertEquals("", err);
    }

    @Test
    void serveRefusesBadOptionsBeforeListening() {
        assertEquals(2, run("serve", "--port", "http"));
        assertTrue(err.startsWith("error: --port must be a port number (0-65535), not \"http\"\n"), err);
        assertEquals(2, run("serve", "--port=70000"));
        assertEquals(2, run("serve", "--port"));
        assertEquals(2, run("serve", "--verbose"));
        assertTrue(err.startsWith("error: unknown option --verbose\n"), err);
        assertEquals(2, run("serve", "--port", "1", "--port", "2"));
        assertTrue(err.startsWith("error: option --port may be given once\n"), err);
        assertEquals(2, run("serve", "3000"));
    }

    @Test
    void serveOnABusyPortIsExitTwoNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(2, run("serve", "--port=" + taken.getLocalPort()));
            assertTrue(err.startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "), err);
        }
    }

    @Test
    void setsListsTheBuiltInSetsThenTheFolders() throws Exception {
        Files.writeString(dir.resolve("team-a.yaml"), "anything: at all\n");
        Files.writeString(dir.resolve("team-b.json"), "{}");
        Files.writeString(dir.resolve("README.md"), "# not a set\n");
        assertEquals(0, run("sets", "--policy-dir", dir.toString()));
        List<String> lines = out.lines().toList();
        assertEquals(List.of("ID", "ORIGIN", "DESCRIPTION"), List.of(lines.get(0).split(" {3,}")));
        List<String> ids = lines.stream().skip(1).map(l -> l.substring(0, l.indexOf(' '))).toList();
        assertEquals(List.of("pss-privileged", "pss-baseline", "pss-restricted", "psp-privileged", "psp-restricted",
                "openshift-default", "team-a", "team-b"), ids);
        assertTrue(lines.get(7).matches("team-a +folder +stored as team-a\\.yaml in the policy folder"), lines.get(7));
        assertEquals("", err);

        assertEquals(0, run("sets", "--format=json", "--policy-dir", dir.toString()));
        JsonNode json = Json.MAPPER.readTree(out);
        assertEquals("team-b", json.at("/policySets/7/id").asText());
        assertEquals("folder", json.at("/policySets/7/origin").asText());
        assertEquals("builtin", json.at("/policySets/0/origin").asText());
        assertEquals(2, run("sets", "--format=yaml"));
        assertEquals(2, run("sets", "extra"));
    }

    @Test
    void setsAsJsonIsWhatTheHttpApiAnswers() throws Exception {
        Files.writeString(dir.resolve("team-a.yaml"), "anything: at all\n");
        assertEquals(0, run("sets", "--format", "json", "--policy-dir", dir.toString()));
        PolicyApi api = new PolicyApi(PolicyStores.fromEnvironment(Map.of("POLICY_DIR", dir.toString())),
                ApiSettings.DEFAULT);
        ApiResponse listed = api.handle(new ApiRequest("GET", "/v1/policy-sets", null, Map.of(), new byte[0], "r"));
        assertEquals(200, listed.status());
        assertEquals(listed.body(), out);
    }

    @Test
    void anUnknownSetIdNamesTheSetsThereAre() throws Exception {
        Files.writeString(dir.resolve("team-a.yaml"), "anything: at all\n");
        assertEquals(2, run("check", "--policy-set", "pss-strict", "--policy-dir", dir.toString(), pod()));
        assertEquals("error: policy set \"pss-strict\" not found; available: pss-privileged, pss-baseline, "
                + "pss-restricted, psp-privileged, psp-restricted, openshift-default, team-a\n", err);
    }
}
