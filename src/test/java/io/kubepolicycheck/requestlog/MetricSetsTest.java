package io.kubepolicycheck.requestlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.validator.render.Json;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The set id is a metric dimension only for the sets METRICS_POLICY_SETS lists, so its values stay bounded. */
class MetricSetsTest {
    private final List<String> lines = new ArrayList<>();
    private final RequestLog log = RequestLog.fromEnvironment((level, line) -> lines.add(line), new Starts(),
            InstantSource.system(), Map.of("METRICS_POLICY_SETS", " team-a , pss-restricted", "METRICS_NAMESPACE", "Ops"));

    private JsonNode metricsFor(String set, boolean verdict) throws IOException {
        lines.clear();
        RequestRecord record = RequestRecord.begin();
        record.policySet(set, "v1", false);
        record.store(StoreOutcome.CACHE_HIT);
        if (verdict) {
            record.resources(3, 2, Set.of("privileged"));
        }
        log.write(new RequestLog.Request(null, "r", "POST", "/v1/policy-sets/" + set + "/check", 200,
                verdict ? "denied" : "INVALID_MANIFEST", 1), record);
        for (String line : lines) {
            JsonNode json = Json.MAPPER.readTree(line);
            if (json.has("_aws")) {
                return json;
            }
        }
        throw new AssertionError("no metrics line: " + lines);
    }

    private static Set<String> dimensionSets(JsonNode metrics) {
        Set<String> sets = new HashSet<>();
        for (JsonNode directive : metrics.path("_aws").path("CloudWatchMetrics")) {
            assertEquals("Ops", directive.path("Namespace").asText());
            directive.path("Dimensions").forEach(set -> sets.add(set.toString()));
        }
        return sets;
    }

    @Test
    void aListedSetIsADimensionWithItsRequestsAndDenials() throws IOException {
        JsonNode metrics = metricsFor("team-a", true);

        assertTrue(dimensionSets(metrics).contains("[\"policySet\"]"), metrics.toString());
        assertEquals("team-a", metrics.path("policySet").asText());
        assertEquals(2, metrics.path("ResourcesDenied").asInt());
        assertEquals(1, metrics.path("Requests").asInt());
    }

    @Test
    void aListedSetRefusedBeforeAVerdictCountsTheRequestOnly() throws IOException {
        JsonNode metrics = metricsFor("pss-restricted", false);

        for (JsonNode directive : metrics.path("_aws").path("CloudWatchMetrics")) {
            for (JsonNode metric : directive.path("Metrics")) {
                assertTrue(metrics.path(metric.path("Name").asText()).isNumber(), metric + " in " + metrics);
            }
        }
        assertTrue(dimensionSets(metrics).contains("[\"policySet\"]"));
    }

    @Test
    void anUnlistedSetIsNeitherADimensionNorInTheMetricsLine() throws IOException {
        JsonNode metrics = metricsFor("someone-elses-set", true);

        assertFalse(dimensionSets(metrics).contains("[\"policySet\"]"), metrics.toString());
        assertTrue(metrics.path("policySet").isMissingNode());
    }

    @Test
    void tooManySetsOrSomethingThatIsNoSetIdIsRefusedSayingWhy() {
        String many = IntStream.rangeClosed(0, RequestLog.MAX_METRIC_SETS).mapToObj(i -> "set-" + i)
                .collect(Collectors.joining(","));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () ->
                RequestLog.fromEnvironment((l, s) -> { }, new Starts(), InstantSource.system(),
                        Map.of("METRICS_POLICY_SETS", many)));
        assertTrue(tooMany.getMessage().contains("at most " + RequestLog.MAX_METRIC_SETS), tooMany.getMessage());

        IllegalArgumentException notAnId = assertThrows(IllegalArgumentException.class, () ->
                RequestLog.fromEnvironment((l, s) -> { }, new Starts(), InstantSource.system(),
                        Map.of("METRICS_POLICY_SETS", "team-a,Team B")));
        assertTrue(notAnId.getMessage().contains("\"Team B\" is not a set id"), notAnId.getMessage());
    }
}
