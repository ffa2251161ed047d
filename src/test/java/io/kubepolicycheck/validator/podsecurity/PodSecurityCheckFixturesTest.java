package io.kubepolicycheck.validator.podsecurity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One folder per check under {@code src/test/resources/podsecurity/<checkId>/}: pods in {@code pass/} that the
 * check admits and pods in {@code fail/} that it forbids. A failing fixture states upstream's ForbiddenDetail
 * ({@code # expect: ...}) and every violation ({@code # violation: <path> @ <line>:<column> <message>}); each
 * fixture is judged through the built-in {@code pss-<level>} set at the check's level, version latest.
 */
class PodSecurityCheckFixturesTest {
    private static final Pattern VIOLATION = Pattern.compile("# violation: (\\S+) @ (\\d+):(\\d+) (.+)");
    private static final Pattern KEY = Pattern.compile("^\"?([^\":\\s]+)\"?:");
    private static final Map<String, PodSecurityCheck> CHECKS = PodSecurityChecks.all().stream()
            .collect(Collectors.toMap(PodSecurityCheck::id, Function.identity()));

    record Fixture(String checkId, boolean pass, String name, String text, String expect, List<String> violations) {
        @Override
        public String toString() {
            return checkId + "/" + (pass ? "pass/" : "fail/") + name;
        }
    }

    static Path root() throws URISyntaxException {
        return Path.of(PodSecurityCheckFixturesTest.class.getResource("/podsecurity").toURI());
    }

    static Stream<Fixture> fixtures() throws IOException, URISyntaxException {
        List<Fixture> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                String kind = file.getParent().getFileName().toString();
                String checkId = file.getParent().getParent().getFileName().toString();
                String text = Files.readString(file, StandardCharsets.UTF_8);
                String expect = null;
                List<String> violations = new ArrayList<>();
                for (String line : text.split("\n")) {
                    if (line.startsWith("# expect: ")) {
                        expect = line.substring("# expect: ".length());
                    } else if (line.startsWith("# violation: ")) {
                        violations.add(line);
                    }
                }
                out.add(new Fixture(checkId, kind.equals("pass"), file.getFileName().toString(), text, expect, violations));
            }
        }
        return out.stream();
    }

    @Test
    void everyCheckHasPassingAndFailingFixtures() throws IOException, URISyntaxException {
        List<Fixture> all = fixtures().toList();
        Set<String> folders = all.stream().map(Fixture::checkId).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(CHECKS.keySet()), folders);
        for (String id : CHECKS.keySet()) {
            assertTrue(all.stream().anyMatch(f -> f.checkId().equals(id) && f.pass()), id + " has no pass fixture");
            assertTrue(all.stream().anyMatch(f -> f.checkId().equals(id) && !f.pass()), id + " has no fail fixture");
        }
        for (Fixture f : all) {
            assertEquals(f.pass(), f.expect() == null, f + ": '# expect:' is for fail fixtures only");
            assertEquals(f.pass(), f.violations().isEmpty(), f + ": a fail fixture lists its violations");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void checkJudgesFixture(Fixture f) {
        PodSecurityCheck check = CHECKS.get(f.checkId());
        assertNotNull(check, "no check " + f.checkId());
        CheckResult result = PodSecurityEvaluator.standard()
                .evaluate(PodSecurityTesting.pod(f.text()), new LevelVersion(check.level(), Version.LATEST)).stream()
                .filter(finding -> finding.checkId().equals(f.checkId()))
                .findFirst().orElseThrow(() -> new AssertionError(f.checkId() + " did not run")).result();
        ResourceVerdict verdict = PodSecurityTesting.judge("pss-" + check.level().label(), f.text());
        List<Violation> mine = verdict.violations().stream().filter(v -> v.check().equals(f.checkId())).toList();

        if (f.pass()) {
            assertTrue(result.allowed(), () -> result.forbiddenReason() + " (" + result.forbiddenDetail() + ")");
            assertEquals(List.of(), mine);
            return;
        }
        assertFalse(result.allowed());
        assertEquals(f.expect(), result.forbiddenDetail());
        assertFalse(verdict.allowed());
        assertTrue(verdict.message().contains(result.forbiddenReason() + " (" + f.expect() + ")"), verdict.message());

        List<String> actual = mine.stream()
                .map(v -> "# violation: " + v.path() + " @ " + v.line() + ":" + v.column() + " " + v.message())
                .sorted().toList();
        assertEquals(f.violations().stream().sorted().toList(), actual);
        for (Violation v : mine) {
            assertPointsAtOffendingKey(f.text(), v);
        }
    }

    /**
     * The place of a violation is the key of its path's last field (or the item, for a list element), or, for a
     * field that is missing, the first line of the document.
     */
    private static void assertPointsAtOffendingKey(String text, Violation v) {
        String[] lines = text.split("\n", -1);
        String at = lines[v.line() - 1].substring(v.column() - 1);
        int documentStart = 0;
        while (lines[documentStart].startsWith("#")) {
            documentStart++;
        }
        boolean ok;
        if (v.line() == documentStart + 1 && v.column() == 1) {
            ok = true;
        } else if (v.path().matches(".*\\[\\d+]$")) {
            ok = lines[v.line() - 1].substring(0, v.column() - 1).endsWith("- ");
        } else if (v.path().endsWith("]")) {
            String mapKey = v.path().substring(v.path().lastIndexOf('[') + 1, v.path().length() - 1);
            ok = at.startsWith(mapKey + ":");
        } else {
            Matcher key = KEY.matcher(at);
            ok = key.find() && v.path().endsWith("." + key.group(1));
        }
        assertTrue(ok, v + " does not point at its key: '" + at + "'");
    }
}
