package io.kubepolicycheck.validator.podsecurity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upstream's own fixtures (test/testdata/{baseline,restricted}/v1.37, kept read-only in the shared folder beside
 * the project, never copied into it): every row of {@code expected.tsv}, judged with the built-in
 * {@code pss-<level>} set at version latest, must give the expected verdict, and the checks that deny must be
 * exactly {@code denied_by} of {@code expected_detail.tsv}.
 */
class PodSecurityConformanceTest {
    static final Path PSA = Path.of(System.getProperty("user.dir")).resolve("../shared/conformance/psa").normalize();

    record Row(String file, String level, String expected, String checkId, List<String> deniedBy) {
        @Override
        public String toString() {
            return file + " @ " + level + " -> " + expected;
        }
    }

    static List<Row> rows() throws IOException {
        assertTrue(Files.isDirectory(PSA), "the shared PSA conformance fixtures are missing: " + PSA
                + " (clone shared/ beside the project)");
        List<String[]> verdicts = read("expected.tsv", "file\tlevel\texpected\tcheck_id");
        List<String[]> details = read("expected_detail.tsv", "file\tlevel\texpected\tcheck_id\tbasis\tdenied_by");
        Map<String, String[]> detailByKey = new LinkedHashMap<>();
        for (String[] d : details) {
            detailByKey.put(d[0] + "\t" + d[1], d);
        }
        assertEquals(verdicts.size(), detailByKey.size(), "expected.tsv and expected_detail.tsv differ in rows");
        List<Row> rows = new ArrayList<>();
        for (String[] v : verdicts) {
            String[] d = detailByKey.get(v[0] + "\t" + v[1]);
            assertTrue(d != null && d[2].equals(v[2]), "expected_detail.tsv disagrees on " + v[0] + " " + v[1]);
            List<String> deniedBy = d[5].equals("-") ? List.of() : Arrays.asList(d[5].split(","));
            rows.add(new Row(v[0], v[1], v[2], v[3], deniedBy));
        }
        return rows;
    }

    private static List<String[]> read(String name, String header) throws IOException {
        List<String> lines = Files.readAllLines(PSA.resolve(name), StandardCharsets.UTF_8);
        assertEquals(header, lines.get(0), name + " header");
        List<String[]> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                out.add(line.split("\t", -1));
            }
        }
        return out;
    }

    @Test
    void everyFixtureIsJudgedAtEveryLevel() throws IOException {
        List<Row> rows = rows();
        assertEquals(444, rows.size());
        assertEquals(148, rows.stream().map(Row::file).distinct().count());
        for (Row row : rows) {
            assertTrue(Files.isRegularFile(PSA.resolve(row.file())), row.file());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void verdictAndDenyingChecksMatchUpstream(Row row) throws IOException {
        byte[] manifest = Files.readAllBytes(PSA.resolve(row.file()));
        ResourceVerdict verdict = PodSecurityTesting.judge("pss-" + row.level(), manifest);

        assertEquals(row.expected().equals("allow"), verdict.allowed(), () -> "verdict; message: " + verdict.message());
        assertEquals(row.deniedBy(), PodSecurityTesting.deniedBy(verdict), "denying checks, in upstream order");
        if (verdict.allowed()) {
            assertEquals(null, verdict.message());
        } else {
            assertTrue(verdict.message().startsWith("would violate PodSecurity \"" + row.level() + ":latest\": "),
                    verdict.message());
        }
    }
}
