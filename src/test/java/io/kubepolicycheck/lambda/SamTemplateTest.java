package io.kubepolicycheck.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.validator.render.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * What template.yaml promises that follows from Lambda's and API Gateway's own limits, and what an operator
 * relies on: logs kept with a retention, API access logged, alarms on the metrics the function really writes.
 */
class SamTemplateTest {
    /** Lambda's limit on a synchronous invocation's event, in bytes. */
    private static final long LAMBDA_EVENT_LIMIT = 6 * 1024 * 1024;
    /** Room for the rest of an API Gateway event: headers, request context, path and query. */
    private static final long EVENT_ENVELOPE = 64 * 1024;

    /** Reads CloudFormation's short-form functions ({@code !Ref}, {@code !Sub}, ...) as plain values. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    if (node instanceof ScalarNode scalar) {
                        return constructScalar(scalar);
                    }
                    if (node instanceof SequenceNode sequence) {
                        return constructSequence(sequence);
                    }
                    return constructMapping((MappingNode) node);
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> template() throws IOException {
        return new Yaml(new CloudFormationConstructor()).load(Files.readString(Path.of("template.yaml")));
    }

    @Test
    void theLargestBodyAllowedStillFitsALambdaEventWhenBase64Encoded() throws IOException {
        Map<String, Object> parameters = (Map<String, Object>) template().get("Parameters");
        Map<String, Object> maxManifestBytes = (Map<String, Object>) parameters.get("MaxManifestBytes");
        long largest = ((Number) maxManifestBytes.get("MaxValue")).longValue();

        // API Gateway hands a binary body to the function base64-encoded: 4 bytes for every 3
        long encoded = (largest + 2) / 3 * 4;
        assertTrue(encoded + EVENT_ENVELOPE <= LAMBDA_EVENT_LIMIT, "MaxValue " + largest + " would be a "
                + encoded + "-byte event body, over Lambda's " + LAMBDA_EVENT_LIMIT + "-byte limit: such a body could "
                + "never reach the function to be answered 413 PAYLOAD_TOO_LARGE");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resources() throws IOException {
        return (Map<String, Object>) template().get("Resources");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(String resource) throws IOException {
        return (Map<String, Object>) ((Map<String, Object>) resources().get(resource)).get("Properties");
    }

    private static Object defaultOf(String parameter) throws IOException {
        return ((Map<?, ?>) ((Map<?, ?>) template().get("Parameters")).get(parameter)).get("Default");
    }

    /** The log group a reference ({@code !Ref X} or {@code !GetAtt X.Arn}) names keeps its lines 30 days by default. */
    private static void keptWithRetention(Object reference) throws IOException {
        String name = reference.toString().replace(".Arn", "");
        Map<?, ?> group = (Map<?, ?>) resources().get(name);
        assertEquals("AWS::Logs::LogGroup", group.get("Type"), name);
        assertEquals("LogRetentionDays", ((Map<?, ?>) group.get("Properties")).get("RetentionInDays"), name);
        assertEquals(30, defaultOf("LogRetentionDays"));
    }

    @Test
    void theFunctionLogsJsonToALogGroupWithARetentionAtLevelsGivenAsParameters() throws IOException {
        Map<?, ?> logging = (Map<?, ?>) properties("CheckFunction").get("LoggingConfig");

        assertEquals("JSON", logging.get("LogFormat"));
        assertEquals("ApplicationLogLevel", logging.get("ApplicationLogLevel"));
        assertEquals("SystemLogLevel", logging.get("SystemLogLevel"));
        keptWithRetention(logging.get("LogGroup"));
    }

    @Test
    void theStageWritesJsonAccessLogsWithTheFunctionsRequestIdToALogGroupWithARetention() throws IOException {
        Map<?, ?> access = (Map<?, ?>) properties("DefaultStage").get("AccessLogSettings");

        keptWithRetention(access.get("DestinationArn"));
        JsonNode format = Json.MAPPER.readTree(access.get("Format").toString());
        assertEquals("$context.requestId", format.path("requestId").asText());
        for (String variable : List.of("$context.status", "$context.responseLatency",
                "$context.integrationErrorMessage", "$context.authorizer.error", "$context.error.message")) {
            assertTrue(format.toString().contains("\"" + variable + "\""), variable);
        }
    }

    @Test
    void alarmsWatchErrorsThrottlesSlowInvocations5xxAndTheStoresMetrics() throws IOException {
        Set<String> watched = new HashSet<>();
        Set<String> ownMetrics = new HashSet<>();
        for (Map.Entry<String, Object> resource : resources().entrySet()) {
            Map<?, ?> body = (Map<?, ?>) resource.getValue();
            if (!"AWS::CloudWatch::Alarm".equals(body.get("Type"))) {
                continue;
            }
            Map<?, ?> alarm = (Map<?, ?>) body.get("Properties");
            watched.add(alarm.get("Namespace") + "/" + alarm.get("MetricName"));
            if ("MetricsNamespace".equals(alarm.get("Namespace"))) {
                ownMetrics.add(alarm.get("MetricName").toString());
            }
            assertTrue(alarm.get("AlarmActions").toString().contains("HasAlarmTopic"), resource.getKey());
        }
        assertTrue(watched.containsAll(List.of("AWS/Lambda/Errors", "AWS/Lambda/Throttles", "AWS/Lambda/Duration",
                "AWS/ApiGateway/5xx", "MetricsNamespace/StaleAnswers", "MetricsNamespace/PolicyStoreErrors")),
                watched.toString());
        assertTrue(metricsTheFunctionWrites().containsAll(ownMetrics),
                ownMetrics + " are all metrics the function writes");
    }

    @Test
    void theDurationAlarmFiresAt80PercentOfTheTimeout() throws IOException {
        Map<String, Object> alarm = properties("DurationNearTimeoutAlarm");
        int timeoutSeconds = ((Number) properties("CheckFunction").get("Timeout")).intValue();

        assertEquals("p99", alarm.get("ExtendedStatistic"));
        assertEquals(timeoutSeconds * 1000 * 8 / 10, ((Number) alarm.get("Threshold")).intValue());
    }

    /** The metric names in the metrics lines the handler writes for every event in events/. */
    private static Set<String> metricsTheFunctionWrites() throws IOException {
        List<String> lines = new ArrayList<>();
        ApiGatewayHandler handler = new ApiGatewayHandler(ApiGatewayHandler.create(Map.of()), lines::add);
        try (Stream<Path> events = Files.list(Path.of("events"))) {
            events.forEach(event -> handler.handleRequest(EventLoader.loadApiGatewayHttpEvent(event.toString()), null));
        }
        Set<String> names = new HashSet<>();
        for (String line : lines) {
            for (JsonNode directive : Json.MAPPER.readTree(line).path("_aws").path("CloudWatchMetrics")) {
                directive.path("Metrics").forEach(metric -> names.add(metric.path("Name").asText()));
            }
        }
        return names;
    }

    /** cfn-lint, where it is installed (CI installs it): no finding at all. */
    @Test
    void cfnLintFindsNothing() throws Exception {
        boolean installed = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "cfn-lint")));
        assumeTrue(installed, "cfn-lint is not on the PATH");
        Process lint = new ProcessBuilder("cfn-lint", "template.yaml").redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(lint.waitFor(120, TimeUnit.SECONDS), "cfn-lint did not finish");
        assertEquals(0, lint.exitValue(), output);
        assertEquals("", output.strip());
    }
}
