package io.kubepolicycheck.validator.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepolicycheck.validator.verdict.PolicySetRef;
import io.kubepolicycheck.validator.verdict.Verdict;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our SARIF must pass Microsoft's SARIF Multitool {@code validate} (JSON schema plus the SARIF rules) with no
 * error. The multitool comes from npm ({@code @microsoft/sarif-multitool}, a self-contained .NET program: no
 * .NET install needed) through {@code npx}, so a machine with Node.js needs nothing installed by hand; the
 * first run downloads it (about 100 MB) into npm's cache. Skipped only where {@code npx} is not on PATH.
 *
 * <p>The multitool exits 0 even when it reports errors, so the test reads its SARIF report instead. A
 * deliberately broken log is validated in the same run and must be reported: that proves the errors are seen.
 */
class SarifMultitoolTest {
    static final String MULTITOOL = "@microsoft/sarif-multitool@5.7.0";

    @Test
    void multitoolReportsNoErrorInTheSarifWeRender(@TempDir Path dir) throws Exception {
        Path npx = onPath("npx");
        assumeTrue(npx != null, "npx (Node.js) is not on PATH");

        Map<String, String> logs = new LinkedHashMap<>();
        logs.put("validator.sarif", SarifRenderer.INSTANCE.render(SampleVerdicts.fromValidator("manifests/web.yaml")));
        logs.put("stdin.sarif", SarifRenderer.INSTANCE.render(SampleVerdicts.fromValidator(null)));
        logs.put("mixed.sarif", SarifRenderer.INSTANCE.render(SampleVerdicts.mixed()));
        logs.put("allowed.sarif", SarifRenderer.INSTANCE.render(SampleVerdicts.allowed()));
        logs.put("many.sarif", SarifRenderer.INSTANCE.render(SampleVerdicts.many(60, 12)));
        logs.put("errors.sarif", SarifRenderer.INSTANCE.render(SampleVerdicts.withErrors()));
        logs.put("empty.sarif", SarifRenderer.INSTANCE.render(Verdict.of(new PolicySetRef("pss-restricted", "v"), List.of())));
        ObjectNode broken = (ObjectNode) Json.MAPPER.readTree(logs.get("validator.sarif"));
        ((ObjectNode) broken.at("/runs/0/results/0/locations/0/physicalLocation/region")).put("startLine", 0);
        logs.put("control-broken.sarif", Json.PRETTY.writeValueAsString(broken));
        for (Map.Entry<String, String> e : logs.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }

        // Relative names in the working directory: the multitool's npm launcher passes its arguments through a shell.
        List<String> command = new ArrayList<>(List.of(npx.toString(), "--yes", MULTITOOL, "validate"));
        command.addAll(logs.keySet());
        command.addAll(List.of("--output", "report.sarif", "--log", "ForceOverwrite"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.txt").toFile());
        pb.environment().put("DOTNET_CLI_TELEMETRY_OPTOUT", "1");
        Process process = pb.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("the SARIF multitool did not finish within 10 minutes");
        }
        String console = Files.readString(dir.resolve("console.txt"));
        assertEquals(0, process.exitValue(), "npx " + MULTITOOL + " failed:\n" + console);
        assertTrue(Files.exists(dir.resolve("report.sarif")), "the multitool wrote no report:\n" + console);

        JsonNode report = Json.MAPPER.readTree(dir.resolve("report.sarif").toFile());
        assertTrue(report.at("/runs/0/invocations/0/executionSuccessful").asBoolean(), console);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode result : report.at("/runs/0/results")) {
            if (!"error".equals(result.path("level").asText())) {
                continue;
            }
            String uri = result.at("/locations/0/physicalLocation/artifactLocation/uri").asText();
            String file = uri.substring(uri.lastIndexOf('/') + 1);
            errors.computeIfAbsent(file, f -> new ArrayList<>())
                    .add(result.path("ruleId").asText() + " " + result.path("message").path("arguments"));
        }
        assertFalse(errors.getOrDefault("control-broken.sarif", List.of()).isEmpty(),
                "the multitool did not report the broken control log, so its errors are not being read:\n" + console);
        errors.remove("control-broken.sarif");
        assertEquals(Map.of(), errors, "the multitool reports errors in our SARIF:\n" + console);
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
