package io.kubepolicycheck.validator.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownRendererTest {
    private static List<String> tableRows(String markdown) {
        return Arrays.stream(markdown.split("\n")).filter(l -> l.startsWith("| ") && !l.startsWith("| Resource") && !l.startsWith("| ---")).toList();
    }

    /** The cells of a table row, split on pipes that are not escaped. */
    private static List<String> cells(String row) {
        List<String> cells = Arrays.asList(row.substring(2, row.length() - 2).split(" (?<!\\\\)\\| "));
        return cells.stream().map(String::strip).toList();
    }

    @Test
    void aDenialHasAHeadlineAndOneRowPerFinding() throws Exception {
        String md = VerdictRenderer.of(Format.MARKDOWN).render(SampleVerdicts.fromValidator("manifests/web.yaml"));
        assertTrue(md.startsWith("### ❌ Denied: 1 of 2 resources denied\n"), md);
        assertTrue(md.contains("Policy set `pss-baseline`"), md);
        assertTrue(md.contains("policy `PodSecurity/baseline:latest`"), md);
        assertTrue(md.contains("1 resource has no pod template and was not checked."), md);
        assertTrue(md.contains("| Resource | Check | Field | Location | Message |\n| --- | --- | --- | --- | --- |\n"), md);
        List<String> rows = tableRows(md);
        assertEquals(1, rows.size(), md);
        assertEquals(List.of("Deployment shop/web", "`privileged`",
                "`spec.template.spec.containers[0].securityContext.privileged`", "manifests/web.yaml:14:11",
                "container \"web\" must not set securityContext.privileged=true"), cells(rows.get(0)));
    }

    @Test
    void anInputThatCouldNotBeCheckedIsARowAndTheHeadlineSaysSo() {
        String md = MarkdownRenderer.INSTANCE.render(SampleVerdicts.withErrors());
        assertTrue(md.startsWith("### ⚠️ Not all checked: 1 of 1 resource allowed; 2 inputs could not be checked\n"), md);
        List<String> rows = tableRows(md);
        assertEquals(List.of("document 1", "`error`", "", "bad.yaml:7:3", "invalid YAML: a \\| b"), cells(rows.get(0)));
        assertEquals(List.of("", "`error`", "", "gone.yaml", "no such file or directory"), cells(rows.get(1)));
        assertEquals(2, rows.size(), md);
    }

    @Test
    void anAllowedVerdictSaysSoWithoutATable() {
        String md = MarkdownRenderer.INSTANCE.render(SampleVerdicts.allowed());
        assertTrue(md.startsWith("### ✅ Allowed: 2 of 2 resources allowed\n"), md);
        assertFalse(md.contains("| Resource"), md);
        assertFalse(md.contains("Warnings"), md);
    }

    @Test
    void theDefaultsAnAdmittedPodWouldGetAreListedUnderTheTable() {
        String md = MarkdownRenderer.INSTANCE.render(SampleVerdicts.mixed());
        assertTrue(md.contains("\n**Defaults applied on admission**\n\n- **Deployment shop/api** by `restricted`: "
                + "`spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation=false`\n"), md);
        assertFalse(MarkdownRenderer.INSTANCE.render(SampleVerdicts.allowed()).contains("Defaults"));
    }

    @Test
    void cellsCannotBreakTheTable() {
        String md = MarkdownRenderer.INSTANCE.render(SampleVerdicts.mixed());
        List<String> rows = tableRows(md);
        // 4 violations + 1 denial without a field + 1 SCC violation: each row keeps its 5 cells
        assertEquals(6, rows.size(), md);
        for (String row : rows) {
            assertEquals(5, cells(row).size(), row);
        }
        String pod = rows.get(3);
        assertTrue(pod.contains("Pod team\\|a/we\\`ird\\*name\\_\\<x\\>"), pod);
        assertTrue(pod.contains("used. Allowed ports: \\[\\] second line \\| with pipe and \\`backticks\\`"), pod);
        assertTrue(pod.contains("/abs/path/pods.json:44:9"), pod);
        // several policies: each row names its policy next to the check
        assertTrue(pod.contains("`hostPorts` PodSecurityPolicy/restricted"), pod);
        // a denial that names no field gets a row with empty check and field
        assertEquals(List.of("Pod (unnamed)", "", "", "1:1", "PodSecurityPolicy: no providers available to validate pod request"),
                cells(rows.get(4)));
        assertTrue(md.contains("served from cache"), md);
        assertTrue(md.contains("(version `\"etag\\|1\"`)"), md);
    }

    @Test
    void warningsAreListedUnderTheTable() {
        String md = MarkdownRenderer.INSTANCE.render(SampleVerdicts.mixed());
        String warnings = md.substring(md.indexOf("**Warnings**"));
        assertTrue(warnings.contains("- **Deployment shop/web** (deploy/web app.yaml:1): would violate PodSecurity "
                + "\"restricted:latest\": seccompProfile"), warnings);
        assertTrue(warnings.contains("- **Job batch/nightly** (C:\\\\work\\\\job.yaml:3): warn: a warning without a check"),
                warnings);
    }

    @Test
    void longListsAreCutWithAndNMore() {
        String md = MarkdownRenderer.INSTANCE.render(SampleVerdicts.many(45, 14));
        assertEquals(MarkdownRenderer.MAX_ROWS, tableRows(md).size(), md);
        assertTrue(md.contains("\n…and 15 more findings (the json and sarif formats list them all).\n"), md);
        assertEquals(MarkdownRenderer.MAX_WARNINGS + 1, md.lines().filter(l -> l.startsWith("- ")).count(), md);
        assertTrue(md.contains("- …and 4 more\n"), md);
        String one = MarkdownRenderer.INSTANCE.render(SampleVerdicts.many(MarkdownRenderer.MAX_ROWS + 1, 0));
        assertTrue(one.contains("…and 1 more finding "), one);
        String exact = MarkdownRenderer.INSTANCE.render(SampleVerdicts.many(MarkdownRenderer.MAX_ROWS, 0));
        assertFalse(exact.contains("more finding"), exact);
    }

    @Test
    void escaping() {
        assertEquals("a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\] \\<g\\> \\\\ \\~ \\&amp;", MarkdownRenderer.text("a|b `c` *d* _e_ [f] <g> \\ ~ &amp;"));
        assertEquals("one two three", MarkdownRenderer.text("one\ntwo\r\nthree"));
        assertEquals("`a\\|b[0]`", MarkdownRenderer.code("a|b[0]"));
        assertEquals("has\\`tick", MarkdownRenderer.code("has`tick"));
        String longText = "x".repeat(1000);
        assertEquals(MarkdownRenderer.MAX_CELL, MarkdownRenderer.text(longText).length());
        assertTrue(MarkdownRenderer.text(longText).endsWith("…"));
    }
}
