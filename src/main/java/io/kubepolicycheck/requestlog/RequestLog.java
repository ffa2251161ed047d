package io.kubepolicycheck.requestlog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The lines a request leaves, each one JSON object: the request line (what was asked, how it was answered, which
 * set at which version, how the store answered, the counts), a policy-store line at WARN or ERROR when S3 failed
 * (the SDK's reason, which the caller is not told), and a metrics line in CloudWatch's embedded metric format.
 * The Lambda and {@code serve} write the same lines; only the sink differs. No line holds anything of the body.
 */
public final class RequestLog {
    /** Metric namespace unless {@code METRICS_NAMESPACE} names another. */
    public static final String DEFAULT_NAMESPACE = "KubePolicyCheck";
    /** The most set ids {@code METRICS_POLICY_SETS} may name: each is a metric of its own, billed. */
    public static final int MAX_METRIC_SETS = 20;
    private static final Pattern SET_ID = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?");
    private static final JsonFactory JSON = new JsonFactory();

    /** Where lines go: Lambda's runtime logger, or a stream. */
    @FunctionalInterface
    public interface Sink {
        void write(Level level, String line);
    }

    /** What the adapter knows of a request; the rest comes from its {@link RequestRecord}. */
    public record Request(String awsRequestId, String requestId, String method, String path, int status,
                          String outcome, long durationMs) {
    }

    private final Sink sink;
    private final Starts starts;
    private final InstantSource clock;
    private final String namespace;
    private final Set<String> metricSets;

    public RequestLog(Sink sink, Starts starts, InstantSource clock, String namespace) {
        this(sink, starts, clock, namespace, Set.of());
    }

    /** With {@code metricSets}, the set ids that are a metric dimension of their own. */
    public RequestLog(Sink sink, Starts starts, InstantSource clock, String namespace, Set<String> metricSets) {
        this.sink = sink;
        this.starts = starts;
        this.clock = clock;
        this.namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace.trim();
        this.metricSets = Set.copyOf(metricSets);
    }

    /**
     * As configured by the environment: {@code METRICS_NAMESPACE}, and {@code METRICS_POLICY_SETS}, a comma-separated
     * list of at most {@link #MAX_METRIC_SETS} set ids whose requests and denials are also counted per set.
     */
    public static RequestLog fromEnvironment(Sink sink, Starts starts, InstantSource clock, Map<String, String> env) {
        Set<String> sets = new LinkedHashSet<>();
        String listed = env.get("METRICS_POLICY_SETS");
        if (listed != null && !listed.isBlank()) {
            for (String id : listed.split(",")) {
                if (!SET_ID.matcher(id.trim()).matches()) {
                    throw new IllegalArgumentException("METRICS_POLICY_SETS must be policy set ids separated by "
                            + "commas; \"" + id.trim() + "\" is not a set id");
                }
                sets.add(id.trim());
            }
        }
        if (sets.size() > MAX_METRIC_SETS) {
            throw new IllegalArgumentException("METRICS_POLICY_SETS names " + sets.size() + " sets; at most "
                    + MAX_METRIC_SETS + ", since each is a metric of its own");
        }
        return new RequestLog(sink, starts, clock, env.get("METRICS_NAMESPACE"), sets);
    }

    /** A log that writes nothing: benchmarks measure the server, not its lines. */
    public static RequestLog discard() {
        return new RequestLog((level, line) -> { }, new Starts(), InstantSource.system(), null);
    }

    /** Writes the request's lines. */
    public void write(Request request, RequestRecord record) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String start = starts.next();
        // the outcome of an internal error carries its place; the line keeps it apart so outcome stays a code
        String outcome = request.outcome() == null ? "-" : request.outcome();
        int space = outcome.indexOf(' ');
        String error = space < 0 ? null : outcome.substring(space + 1);
        outcome = space < 0 ? outcome : outcome.substring(0, space);
        String route = Routes.of(request.path());
        if (record.storeFailure() != null) {
            // a stale copy still answered; with nothing cached the caller got 503
            Level severity = record.store() == StoreOutcome.STALE ? Level.WARN : Level.ERROR;
            sink.write(severity, storeLine(now, severity, request, record));
        }
        Level level = request.status() >= 500 ? Level.ERROR : Level.INFO;
        sink.write(level, requestLine(now, level, request, record, route, outcome, error, start));
        sink.write(Level.INFO, metricsLine(now, request, record, route, outcome, start));
    }

    /**
     * A request {@code serve} answered itself, before the handler: a connection over its limit, headers or a body
     * too slow, a request it cannot read. On AWS, API Gateway answers these without calling the function and its
     * access log holds them, so this is a line of its own type, at WARN (ERROR for a 500), with the request line's
     * fields that are known ({@code method}, {@code route} and {@code path} once the headers were read), the
     * client's address as the access log's {@code sourceIp}, and no metrics line.
     */
    public void writeRefused(Request request, String sourceIp) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Level level = request.status() == 500 ? Level.ERROR : Level.WARN;
        sink.write(level, json(g -> {
            head(g, now, level, "refused", request);
            if (request.method() != null) {
                g.writeStringField("method", request.method());
                g.writeStringField("route", Routes.of(request.path()));
                g.writeStringField("path", request.path());
            }
            g.writeNumberField("status", request.status());
            g.writeStringField("outcome", request.outcome());
            g.writeStringField("sourceIp", sourceIp);
            g.writeNumberField("durationMs", request.durationMs());
        }));
    }

    private static String requestLine(Instant now, Level level, Request request, RequestRecord record, String route,
                                      String outcome, String error, String start) {
        return json(g -> {
            head(g, now, level, "request", request);
            g.writeStringField("method", request.method());
            g.writeStringField("route", route);
            g.writeStringField("path", request.path());
            g.writeNumberField("status", request.status());
            g.writeStringField("outcome", outcome);
            if (error != null) {
                g.writeStringField("error", error);
            }
            if (record.policySet() != null) {
                g.writeStringField("policySet", record.policySet());
            }
            if (record.policySetVersion() != null) {
                g.writeStringField("policySetVersion", record.policySetVersion());
                g.writeBooleanField("stale", record.stale());
            }
            if (record.store() != null) {
                g.writeStringField("store", record.store().id());
            }
            if (record.s3Millis() >= 0) {
                g.writeNumberField("s3Ms", record.s3Millis());
            }
            if (record.s3Attempts() > 0) {
                g.writeNumberField("s3Attempts", record.s3Attempts());
            }
            if (record.resourcesChecked() >= 0) {
                g.writeNumberField("resourcesChecked", record.resourcesChecked());
                g.writeNumberField("resourcesDenied", record.resourcesDenied());
                g.writeArrayFieldStart("deniedChecks");
                for (String check : record.deniedChecks()) {
                    g.writeString(check);
                }
                g.writeEndArray();
            }
            g.writeNumberField("durationMs", request.durationMs());
            if (start != null) {
                g.writeStringField("start", start);
            }
        });
    }

    private static String storeLine(Instant now, Level level, Request request, RequestRecord record) {
        return json(g -> {
            head(g, now, level, "policy-store", request);
            if (record.policySet() != null) {
                g.writeStringField("policySet", record.policySet());
            }
            g.writeStringField("store", record.store() == null ? null : record.store().id());
            g.writeStringField("reason", record.storeFailure());
        });
    }

    /**
     * The embedded-metric-format line. Dimensions are the route and outcome (a fixed set each: the route
     * templates, and allowed, denied, ok or an error code) and the store outcome (seven values); the set id only
     * for the sets {@code METRICS_POLICY_SETS} lists, since callers choose ids.
     */
    private String metricsLine(Instant now, Request request, RequestRecord record, String route, String outcome,
                               String start) {
        boolean counted = record.resourcesChecked() >= 0;
        boolean stored = record.store() != null;
        boolean perSet = record.policySet() != null && metricSets.contains(record.policySet());
        return json(g -> {
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", now.toEpochMilli());
            g.writeArrayFieldStart("CloudWatchMetrics");
            directive(g, new String[] {"route", "outcome"}, "Requests", "Count", "Duration", "Milliseconds");
            if (counted) {
                directive(g, new String[] {"route"}, "ResourcesChecked", "Count", "ResourcesDenied", "Count");
            }
            if (perSet) {
                String[] metrics = counted ? new String[] {"Requests", "Count", "ResourcesDenied", "Count"}
                        : new String[] {"Requests", "Count"};
                directive(g, new String[] {"policySet"}, metrics);
            }
            if (stored) {
                directive(g, new String[] {"store"}, "PolicyStoreLoads", "Count");
            }
            List<String> undimensioned = new ArrayList<>();
            if (stored) {
                undimensioned.addAll(List.of("StaleAnswers", "Count", "PolicyStoreErrors", "Count"));
            }
            if (record.s3Millis() >= 0) {
                undimensioned.addAll(List.of("S3Latency", "Milliseconds"));
            }
            if (start != null) {
                undimensioned.addAll(List.of(Starts.COLD.equals(start) ? "ColdStarts" : "Restores", "Count"));
            }
            if (!undimensioned.isEmpty()) {
                directive(g, new String[0], undimensioned.toArray(new String[0]));
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeStringField("timestamp", now.toString());
            g.writeStringField("level", Level.INFO.name());
            g.writeStringField("type", "metrics");
            g.writeStringField("requestId", request.requestId());
            g.writeStringField("route", route);
            g.writeStringField("outcome", outcome);
            if (perSet) {
                g.writeStringField("policySet", record.policySet());
            }
            g.writeNumberField("Requests", 1);
            g.writeNumberField("Duration", request.durationMs());
            if (counted) {
                g.writeNumberField("ResourcesChecked", record.resourcesChecked());
                g.writeNumberField("ResourcesDenied", record.resourcesDenied());
            }
            if (stored) {
                g.writeStringField("store", record.store().id());
                g.writeNumberField("PolicyStoreLoads", 1);
                g.writeNumberField("StaleAnswers", record.store() == StoreOutcome.STALE ? 1 : 0);
                g.writeNumberField("PolicyStoreErrors", record.store() == StoreOutcome.ERROR ? 1 : 0);
            }
            if (record.s3Millis() >= 0) {
                g.writeNumberField("S3Latency", record.s3Millis());
            }
            if (start != null) {
                g.writeNumberField(Starts.COLD.equals(start) ? "ColdStarts" : "Restores", 1);
            }
        });
    }

    /** One metric directive: its dimension set (empty: the metrics without dimensions) and name, unit pairs. */
    private void directive(JsonGenerator g, String[] dimensions, String... metrics) throws IOException {
        g.writeStartObject();
        g.writeStringField("Namespace", namespace);
        g.writeArrayFieldStart("Dimensions");
        g.writeStartArray();
        for (String dimension : dimensions) {
            g.writeString(dimension);
        }
        g.writeEndArray();
        g.writeEndArray();
        g.writeArrayFieldStart("Metrics");
        for (int i = 0; i < metrics.length; i += 2) {
            g.writeStartObject();
            g.writeStringField("Name", metrics[i]);
            g.writeStringField("Unit", metrics[i + 1]);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The members every line starts with: when, how severe, what kind, which request. */
    private static void head(JsonGenerator g, Instant now, Level level, String type, Request request)
            throws IOException {
        g.writeStringField("timestamp", now.toString());
        g.writeStringField("level", level.name());
        g.writeStringField("type", type);
        if (request.awsRequestId() != null) {
            g.writeStringField("awsRequestId", request.awsRequestId());
        }
        g.writeStringField("requestId", request.requestId());
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
