package io.kubepolicycheck.requestlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.validator.render.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The request log's fixed vocabularies: each entry is reachable, distinct, and documented for operators. */
class RequestLogDataTest {
    @Test
    void everyRouteTemplateIsTheRouteOfAPathItDescribes() {
        for (String template : Routes.ALL) {
            if (!template.equals(Routes.OTHER)) {
                assertEquals(template, Routes.of(template.replace("{id}", "team-a")));
            }
        }
        assertEquals(Routes.OTHER, Routes.of("/v1/policy-sets/a/b/c"));
        assertEquals(Routes.OTHER, Routes.of(null));
        assertEquals(Routes.ALL.size(), new HashSet<>(Routes.ALL).size());
    }

    @Test
    void storeOutcomeIdsAreDistinct() {
        Set<String> ids = new HashSet<>();
        for (StoreOutcome outcome : StoreOutcome.values()) {
            assertTrue(ids.add(outcome.id()), outcome.id());
        }
    }

    @Test
    void levelsAreReadAsLambdaNamesThem() {
        for (Level level : Level.values()) {
            assertEquals(level, Level.fromEnvironment(level.name().toLowerCase()));
        }
        assertEquals(Level.TRACE, Level.fromEnvironment(null));
        assertEquals(Level.TRACE, Level.fromEnvironment("loud"));
    }

    @Test
    void operationsDocNamesEveryRouteStoreOutcomeAndMetric() throws IOException {
        String doc = Files.readString(Path.of("docs/operations.md"));
        for (String route : Routes.ALL) {
            assertTrue(doc.contains("`" + route + "`"), route);
        }
        for (StoreOutcome outcome : StoreOutcome.values()) {
            assertTrue(doc.contains("`" + outcome.id() + "`"), outcome.id());
        }
        Set<String> metrics = metricsWritten();
        assertTrue(metrics.containsAll(List.of("Requests", "S3Latency", "ColdStarts", "Restores")), metrics.toString());
        for (String metric : metrics) {
            assertTrue(doc.contains("`" + metric + "`"), metric);
        }
    }

    /** Every metric name the log writes: a request that does everything, as a cold start and as a restore. */
    private static Set<String> metricsWritten() throws IOException {
        List<String> lines = new ArrayList<>();
        Starts starts = new Starts();
        RequestLog log = new RequestLog((level, line) -> lines.add(line), starts, InstantSource.system(), null);
        RequestRecord record = RequestRecord.begin();
        record.policySet("team-a", "v1", true);
        record.store(StoreOutcome.STALE);
        record.s3(2_000_000);
        record.resources(2, 1, Set.of("privileged"));
        RequestLog.Request request = new RequestLog.Request("a", "r", "POST", "/v1/policy-sets/team-a/check", 200,
                "denied", 5);
        log.write(request, record);
        starts.restored();
        log.write(request, record);
        Set<String> names = new HashSet<>();
        for (String line : lines) {
            for (JsonNode directive : Json.MAPPER.readTree(line).path("_aws").path("CloudWatchMetrics")) {
                directive.path("Metrics").forEach(metric -> names.add(metric.path("Name").asText()));
            }
        }
        return names;
    }
}
