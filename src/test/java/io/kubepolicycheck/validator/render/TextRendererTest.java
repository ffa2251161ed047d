package io.kubepolicycheck.validator.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text format: one line per finding and warning, then the summary, whatever the manifest's names hold. */
class TextRendererTest {
    @Test
    void eachFindingIsOneLineInTheCompilersForm() {
        List<String> lines = TextRenderer.INSTANCE.render(SampleVerdicts.mixed()).lines().toList();
        assertEquals("deploy/web app.yaml:21:11: denied: Deployment/web: privileged: container \"web\" must not set "
                + "securityContext.privileged=true [spec.template.spec.containers[0].securityContext.privileged] "
                + "(PodSecurity/restricted:latest)", lines.get(0));
        // 3 + 1 + 1 SCC violations, 1 warning each for two resources, 1 denial without findings, the summary
        assertEquals(9, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(lines.size() - 1).startsWith("DENIED: "), lines.toString());
    }

    /**
     * A message with a line break (a name or key of the manifest can hold one) stays on its line, escaped: in a
     * CI log a line of its own starting with {@code ::} would be read as a command to the runner.
     */
    @Test
    void aLineBreakInTheManifestCannotStartALineOfItsOwn() {
        List<String> lines = TextRenderer.INSTANCE.render(SampleVerdicts.mixed()).lines().toList();
        String hostPort = lines.stream().filter(l -> l.contains("hostPorts")).findFirst().orElseThrow();
        assertTrue(hostPort.startsWith("/abs/path/pods.json:44:9: denied: Pod/we`ird*name_<x>: hostPorts: "), hostPort);
        assertTrue(hostPort.contains("Allowed ports: []\\nsecond line | with pipe"), hostPort);
    }

    @Test
    void controlCharactersAreWrittenAsGoEscapes() {
        assertEquals("web\\n::error::x", OneLine.of("web\n::error::x"));
        assertEquals("a\\r\\tb\\x1b[31mred\\x7f\\x85\\u2028", OneLine.of("a\r\tb\u001b[31mred\u007f\u0085\u2028"));
        String plain = "container \"web\" must not set securityContext.privileged=true (é, 日本)";
        assertSame(plain, OneLine.of(plain));
    }
}
