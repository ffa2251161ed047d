package io.kubepolicycheck.validator.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.validator.verdict.PolicySetRef;
import io.kubepolicycheck.validator.verdict.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SarifRendererTest {
    private static JsonNode render(Verdict verdict) throws Exception {
        String text = VerdictRenderer.of(Format.SARIF).render(verdict);
        assertTrue(text.endsWith("\n"));
        return Json.MAPPER.readTree(text);
    }

    @Test
    void anInputThatCouldNotBeCheckedIsAnErrorNotificationAtItsPlace() throws Exception {
        JsonNode run = render(SampleVerdicts.withErrors()).path("runs").get(0);
        JsonNode invocation = run.path("invocations").get(0);
        assertFalse(invocation.path("executionSuccessful").asBoolean(true));
        JsonNode notifications = invocation.path("toolExecutionNotifications");
        assertEquals(2, notifications.size());
        JsonNode bad = notifications.get(0);
        assertEquals("error", bad.path("level").asText());
        assertEquals("document 1, line 7, column 3: invalid YAML: a | b", bad.at("/message/text").asText());
        assertEquals("INVALID_MANIFEST", bad.at("/descriptor/id").asText());
        JsonNode location = bad.at("/locations/0/physicalLocation");
        assertEquals("bad.yaml", location.at("/artifactLocation/uri").asText());
        assertEquals(7, location.at("/region/startLine").asInt());
        assertEquals(3, location.at("/region/startColumn").asInt());
        JsonNode gone = notifications.get(1).at("/locations/0/physicalLocation");
        assertEquals("gone.yaml", gone.at("/artifactLocation/uri").asText());
        assertTrue(gone.path("region").isMissingNode());
        assertEquals(0, run.path("results").size());
        assertTrue(render(SampleVerdicts.allowed()).at("/runs/0/invocations").isMissingNode());
    }

    @Test
    void aRealVerdictBecomesOneRunWithOneRuleAndALocatedError() throws Exception {
        JsonNode log = render(SampleVerdicts.fromValidator("manifests/web.yaml"));
        assertEquals("https://json.schemastore.org/sarif-2.1.0.json", log.path("$schema").asText());
        assertEquals("2.1.0", log.path("version").asText());
        assertEquals(1, log.path("runs").size());
        JsonNode run = log.path("runs").get(0);
        JsonNode driver = run.at("/tool/driver");
        assertEquals("kube-policy-check", driver.path("name").asText());
        assertTrue(driver.path("informationUri").asText().startsWith("https://"));
        assertTrue(Character.isDigit(driver.path("version").asText().charAt(0)));

        assertEquals(1, driver.path("rules").size());
        JsonNode rule = driver.path("rules").get(0);
        assertEquals("privileged", rule.path("id").asText());
        assertFalse(rule.at("/shortDescription/text").asText().isBlank());
        assertFalse(rule.at("/fullDescription/text").asText().isBlank());
        assertTrue(rule.at("/help/text").asText().contains("How to fix"));
        assertTrue(rule.at("/help/markdown").asText().contains("**How to fix:**"));
        assertEquals("https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
                rule.path("helpUri").asText());

        JsonNode result = run.path("results").get(0);
        assertEquals(1, run.path("results").size());
        assertEquals("privileged", result.path("ruleId").asText());
        assertEquals(0, result.path("ruleIndex").asInt());
        assertEquals("error", result.path("level").asText());
        assertEquals("Deployment/web: container \"web\" must not set securityContext.privileged=true "
                + "(PodSecurity/baseline:latest)", result.at("/message/text").asText());
        JsonNode location = result.path("locations").get(0);
        assertEquals("manifests/web.yaml", location.at("/physicalLocation/artifactLocation/uri").asText());
        // line 14 of SampleVerdicts.PRIVILEGED_DEPLOYMENT holds "privileged: true", the key at column 11
        assertEquals(14, location.at("/physicalLocation/region/startLine").asInt());
        assertEquals(11, location.at("/physicalLocation/region/startColumn").asInt());
        JsonNode logical = location.path("logicalLocations").get(0);
        assertEquals("web", logical.path("name").asText());
        assertEquals("shop/Deployment/web", logical.path("fullyQualifiedName").asText());
        assertEquals("resource", logical.path("kind").asText());
        assertEquals("spec.template.spec.containers[0].securityContext.privileged",
                result.at("/properties/path").asText());
        assertFalse(run.at("/properties/allowed").asBoolean());
        assertEquals("pss-baseline", run.at("/properties/policySet/id").asText());
    }

    @Test
    void rulesAreOnePerCheckIdAndEveryResultPointsAtItsOwnRule() throws Exception {
        JsonNode run = render(SampleVerdicts.mixed()).path("runs").get(0);
        List<String> ruleIds = new ArrayList<>();
        run.at("/tool/driver/rules").forEach(r -> ruleIds.add(r.path("id").asText()));
        assertEquals(List.of("privileged", "capabilities_restricted", "admission-warning", "hostPorts",
                "admission-denied", "allowHostNetwork"), ruleIds);
        assertEquals(ruleIds.size(), new HashSet<>(ruleIds).size());
        Set<String> levels = new HashSet<>();
        for (JsonNode result : run.path("results")) {
            assertEquals(result.path("ruleId").asText(), ruleIds.get(result.path("ruleIndex").asInt()));
            levels.add(result.path("level").asText());
            JsonNode region = result.at("/locations/0/physicalLocation/region");
            assertTrue(region.path("startLine").asInt() >= 1 && region.path("startColumn").asInt() >= 1, result.toString());
        }
        assertEquals(Set.of("error", "warning"), levels);
        // 4 violations + 1 denial without a field + 2 warnings + 1 SCC violation
        assertEquals(8, run.path("results").size());
        for (JsonNode rule : run.at("/tool/driver/rules")) {
            assertTrue(rule.path("helpUri").asText().startsWith("https://"), rule.toString());
            assertFalse(rule.path("id").asText().equalsIgnoreCase(rule.path("name").asText()), rule.toString());
        }
    }

    @Test
    void warningsAndDenialsWithoutAFieldPointAtTheirResource() throws Exception {
        JsonNode results = render(SampleVerdicts.mixed()).at("/runs/0/results");
        JsonNode denial = find(results, "admission-denied");
        assertEquals("error", denial.path("level").asText());
        assertEquals("stdin.yaml", denial.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals("Pod/(unnamed): PodSecurityPolicy: no providers available to validate pod request",
                denial.at("/message/text").asText());
        JsonNode warning = find(results, "admission-warning");
        assertEquals("warning", warning.path("level").asText());
        assertEquals(1, warning.at("/locations/0/physicalLocation/region/startLine").asInt());
        assertTrue(warning.at("/message/text").asText().startsWith("Deployment/web: would violate PodSecurity"));
    }

    @Test
    void positionsBelowOneAreClampedSoTheLogStaysValid() throws Exception {
        JsonNode scc = find(render(SampleVerdicts.mixed()).at("/runs/0/results"), "allowHostNetwork");
        assertEquals(1, scc.at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals(1, scc.at("/locations/0/physicalLocation/region/startColumn").asInt());
        assertEquals(CheckHelp.SCC_URI, render(SampleVerdicts.mixed()).at("/runs/0/tool/driver/rules/5/helpUri").asText());
    }

    @Test
    void anAllowedVerdictHasRulesAndResultsButNoneInThem() throws Exception {
        JsonNode run = render(SampleVerdicts.allowed()).path("runs").get(0);
        assertEquals(0, run.path("results").size());
        assertTrue(run.at("/tool/driver/rules").isArray());
        assertTrue(run.at("/properties/allowed").asBoolean());
        assertEquals(0, render(Verdict.of(new PolicySetRef("x", "y"), List.of())).at("/runs/0/results").size());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "NULL, stdin.yaml",
            "<stdin>, stdin.yaml",
            "-, stdin.yaml",
            "deploy/web.yaml, deploy/web.yaml",
            "./deploy/web.yaml, deploy/web.yaml",
            "deploy/web app.yaml, deploy/web%20app.yaml",
            "deploy\\win.yaml, deploy/win.yaml",
            "/abs/path/pods.json, file:///abs/path/pods.json",
            "C:\\work\\job.yaml, file:///C:/work/job.yaml",
            "odd:name.yaml, ./odd:name.yaml",
            "100%.yaml, 100%25.yaml",
            "dé.yaml, d%C3%A9.yaml"})
    void sourcesBecomeArtifactUris(String source, String uri) {
        assertEquals(uri, SarifRenderer.artifactUri(source));
    }

    @Test
    void theMarkdownHelpAndThePlainHelpSayTheSameWithoutMarkup() throws Exception {
        JsonNode rule = render(SampleVerdicts.mixed()).at("/runs/0/tool/driver/rules/1");
        assertEquals("capabilities_restricted", rule.path("id").asText());
        assertFalse(rule.at("/help/text").asText().contains("`"));
        assertTrue(rule.at("/help/markdown").asText().contains("`securityContext.capabilities.drop: [\"ALL\"]`"));
        assertTrue(rule.at("/help/markdown").asText().endsWith("(" + rule.path("helpUri").asText() + ")"));
    }

    @Test
    void anUnknownCheckGetsAGenericRuleNamingItsPolicy() throws Exception {
        CheckHelp.Entry entry = CheckHelp.of("imageDigest", "PodSecurityPolicy/corp");
        assertTrue(entry.description().contains("PodSecurityPolicy/corp"));
        assertEquals(CheckHelp.PSP_URI, entry.helpUri("PodSecurityPolicy/corp"));
        assertEquals(CheckHelp.PSS_URI, CheckHelp.of("other", "PodSecurity/baseline:latest").helpUri("PodSecurity/x"));
        assertEquals(CheckHelp.PSP_URI + "#privileged", CheckHelp.of("privileged", "x").helpUri("PodSecurityPolicy/a"));
    }

    private static JsonNode find(JsonNode results, String ruleId) {
        for (JsonNode r : results) {
            if (r.path("ruleId").asText().equals(ruleId)) {
                return r;
            }
        }
        throw new AssertionError("no result for rule " + ruleId + " in " + results);
    }
}
