package io.kubepolicycheck.validator.render;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kubepolicycheck.validator.verdict.InputError;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * SARIF 2.1.0 for code-scanning UIs (GitHub code scanning, IDE viewers): one run of {@code kube-policy-check},
 * one rule per check id seen, with help on how to fix it; one {@code error} result per violation and one
 * {@code warning} result per admission warning, located at file, line and column, and named by the
 * Kubernetes object (kind, namespace, name) as a logical location. Written field by field with Jackson's streaming
 * generator in the layout of {@link Json#PRETTY}, as {@link JsonRenderer} writes json: a tree built and written
 * through data binding loaded some 700 classes more, which doubled the time of a one-file check.
 */
public final class SarifRenderer implements VerdictRenderer {
    public static final SarifRenderer INSTANCE = new SarifRenderer();

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String TOOL_NAME = "kube-policy-check";
    /** The project has no web home of its own: the tool reproduces Pod Security admission, documented here. */
    static final String TOOL_INFORMATION_URI = CheckHelp.PSA_URI;
    /** Where the input had no file name (standard input, an HTTP body). */
    static final String UNNAMED_INPUT = "stdin.yaml";

    private static final String TOOL_VERSION = toolVersion();
    private static final Pattern WINDOWS_DRIVE = Pattern.compile("[A-Za-z]:/.*");

    @Override
    public String render(Verdict verdict) {
        Log log = new Log();
        List<Result> results = new ArrayList<>();
        for (ResourceVerdict r : verdict.resources()) {
            results.addAll(log.results(r));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonRenderer.generator(out)) {
            log.head(g);
            for (Result result : results) {
                result.write(g);
            }
            tail(g, verdict);
        } catch (IOException e) {
            throw new IllegalStateException("SARIF log is not serializable", e);
        }
        out.write('\n');
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * A generator laid out as {@link #render} lays out the whole log, closing neither what it opened nor the
     * output: a stream writes the log's results and its head apart.
     */
    static JsonGenerator partGenerator(OutputStream out) throws IOException {
        return JsonRenderer.generator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
    }

    /**
     * The log being written: its rules, one per check seen, grow as results are made, resource by resource, so
     * that a stream can write each resource's results at once and the rules, which come first, at the end.
     */
    static final class Log {
        private final List<Rule> rules = new ArrayList<>();
        private final Map<String, Integer> ruleIndex = new HashMap<>();
        /** The last input's file name and its URI: a big input's results all name one file, a URI costs a parse. */
        private String source;
        private String uri;

        /** The results of one resource, adding the rules they refer to. */
        List<Result> results(ResourceVerdict r) {
            if (uri == null || !Objects.equals(source, r.source())) {
                source = r.source();
                uri = artifactUri(source);
            }
            List<Result> results = new ArrayList<>();
            for (Violation v : r.violations()) {
                int index = rule(v.check(), v.policy());
                results.add(new Result(v.check(), index, "error", label(r) + ": " + v.message() + " (" + v.policy()
                        + ")", r, uri, v.line(), v.column(), v.policy(), v.path()));
            }
            if (!r.allowed() && r.violations().isEmpty() && r.message() != null) {
                int index = rule(CheckHelp.DENIED, r.message());
                results.add(new Result(CheckHelp.DENIED, index, "error", label(r) + ": " + r.message(), r, uri,
                        r.line(), 1, null, null));
            }
            for (String warning : r.warnings()) {
                int index = rule(CheckHelp.WARNING, "PodSecurity");
                results.add(new Result(CheckHelp.WARNING, index, "warning", label(r) + ": " + warning, r, uri,
                        r.line(), 1, null, null));
            }
            return results;
        }

        /** How many rules there are: what {@link #reset} takes back to. */
        int mark() {
            return rules.size();
        }

        /** Forgets the rules added since {@code mark}, as if the results that added them were never made. */
        void reset(int mark) {
            while (rules.size() > mark) {
                rules.remove(rules.size() - 1);
            }
            ruleIndex.values().removeIf(index -> index >= mark);
        }

        /** The log up to its results' opening: schema, version, and the run's tool with every rule seen so far. */
        void head(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("$schema", SCHEMA);
            g.writeStringField("version", "2.1.0");
            g.writeFieldName("runs");
            g.writeStartArray();
            g.writeStartObject();
            g.writeFieldName("tool");
            g.writeStartObject();
            g.writeFieldName("driver");
            g.writeStartObject();
            g.writeStringField("name", TOOL_NAME);
            g.writeStringField("informationUri", TOOL_INFORMATION_URI);
            g.writeStringField("version", TOOL_VERSION);
            g.writeFieldName("rules");
            g.writeStartArray();
            for (Rule rule : rules) {
                rule.write(g);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeFieldName("results");
            g.writeStartArray();
        }

        /** The index of the rule for {@code check}, adding it on first sight. */
        private int rule(String check, String policy) {
            Integer known = ruleIndex.get(check);
            if (known != null) {
                return known;
            }
            rules.add(new Rule(check, policy));
            ruleIndex.put(check, rules.size() - 1);
            return rules.size() - 1;
        }
    }

    /** The log after its results: the inputs that could not be checked, if any, and the run's properties. */
    static void tail(JsonGenerator g, Verdict verdict) throws IOException {
        g.writeEndArray();
        if (!verdict.errors().isEmpty()) {
            g.writeFieldName("invocations");
            invocations(g, verdict.errors());
        }
        g.writeFieldName("properties");
        g.writeStartObject();
        g.writeBooleanField("allowed", verdict.allowed());
        g.writeStringField("summary", verdict.summary());
        g.writeFieldName("policySet");
        JsonRenderer.policySet(g, verdict.policySet());
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * Inputs that could not be checked, as SARIF says a tool reports trouble with its input: an unsuccessful
     * invocation with one error notification each, located at the input's file, line and column.
     */
    private static void invocations(JsonGenerator g, List<InputError> errors) throws IOException {
        g.writeStartArray();
        g.writeStartObject();
        g.writeBooleanField("executionSuccessful", false);
        g.writeFieldName("toolExecutionNotifications");
        g.writeStartArray();
        for (InputError e : errors) {
            g.writeStartObject();
            g.writeStringField("level", "error");
            textField(g, "message", e.located());
            g.writeFieldName("descriptor");
            g.writeStartObject();
            g.writeStringField("id", e.code());
            g.writeEndObject();
            g.writeFieldName("locations");
            g.writeStartArray();
            g.writeStartObject();
            g.writeFieldName("physicalLocation");
            g.writeStartObject();
            artifactLocation(g, artifactUri(e.source()));
            if (e.line() != null) {
                g.writeFieldName("region");
                g.writeStartObject();
                g.writeNumberField("startLine", e.line());
                if (e.column() != null) {
                    g.writeNumberField("startColumn", e.column());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
    }

    /** A rule: a check and the policy it was first seen under, which names its help. */
    private record Rule(String check, String policy) {
        void write(JsonGenerator g) throws IOException {
            CheckHelp.Entry help = CheckHelp.of(check, policy);
            g.writeStartObject();
            g.writeStringField("id", check);
            String name = ruleName(help.title());
            if (!name.equalsIgnoreCase(check)) {
                g.writeStringField("name", name); // SARIF wants a name that differs from the opaque id, or none
            }
            textField(g, "shortDescription", help.title());
            textField(g, "fullDescription", plain(help.description()));
            g.writeFieldName("help");
            g.writeStartObject();
            g.writeStringField("text", plain(help.description()) + " How to fix: " + plain(help.fix()) + " See "
                    + help.helpUri(policy) + ".");
            g.writeStringField("markdown", help.description() + "\n\n**How to fix:** " + help.fix() + "\n\n["
                    + help.title() + "](" + help.helpUri(policy) + ")");
            g.writeEndObject();
            g.writeStringField("helpUri", help.helpUri(policy));
            g.writeFieldName("defaultConfiguration");
            g.writeStartObject();
            g.writeStringField("level", CheckHelp.WARNING.equals(check) ? "warning" : "error");
            g.writeEndObject();
            g.writeFieldName("properties");
            g.writeStartObject();
            g.writeFieldName("tags");
            g.writeStartArray();
            g.writeString("security");
            g.writeString("kubernetes");
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /**
     * A result: a finding of a check on a resource, in the file {@code uri} names, at a line and column, and at a
     * field when there is one.
     */
    record Result(String ruleId, int ruleIndex, String level, String message, ResourceVerdict r, String uri, int line,
                  int column, String policy, String path) {
        void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("ruleId", ruleId);
            g.writeNumberField("ruleIndex", ruleIndex);
            g.writeStringField("level", level);
            textField(g, "message", message);
            g.writeFieldName("locations");
            g.writeStartArray();
            g.writeStartObject();
            g.writeFieldName("physicalLocation");
            g.writeStartObject();
            artifactLocation(g, uri);
            g.writeFieldName("region");
            g.writeStartObject();
            g.writeNumberField("startLine", Math.max(line, 1));
            g.writeNumberField("startColumn", Math.max(column, 1));
            g.writeEndObject();
            g.writeEndObject();
            g.writeFieldName("logicalLocations");
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringField("name", r.name() == null ? "" : r.name());
            g.writeStringField("fullyQualifiedName", qualifiedName(r));
            g.writeStringField("kind", "resource");
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeFieldName("properties");
            g.writeStartObject();
            g.writeNumberField("document", r.document());
            g.writeStringField("apiVersion", r.apiVersion());
            g.writeStringField("kind", r.kind());
            if (r.namespace() != null) {
                g.writeStringField("namespace", r.namespace());
            }
            if (r.name() != null) {
                g.writeStringField("name", r.name());
            }
            if (policy != null) {
                g.writeStringField("policy", policy);
            }
            if (path != null) {
                g.writeStringField("path", path);
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** SARIF's message shape: {@code "field" : {"text" : ...}}. */
    private static void textField(JsonGenerator g, String field, String text) throws IOException {
        g.writeFieldName(field);
        g.writeStartObject();
        g.writeStringField("text", text);
        g.writeEndObject();
    }

    private static void artifactLocation(JsonGenerator g, String uri) throws IOException {
        g.writeFieldName("artifactLocation");
        g.writeStartObject();
        g.writeStringField("uri", uri);
        g.writeEndObject();
    }

    /** {@code Deployment/web}, as kubectl names an object. */
    private static String label(ResourceVerdict r) {
        return r.kind() + "/" + (r.name() == null ? "(unnamed)" : r.name());
    }

    /** {@code shop/Deployment/web}: namespace (when known), kind, name. */
    private static String qualifiedName(ResourceVerdict r) {
        return (r.namespace() == null ? "" : r.namespace() + "/") + r.kind() + "/"
                + (r.name() == null ? "(unnamed)" : r.name());
    }

    /** A rule name in SARIF's PascalCase convention: {@code Host namespaces} -> {@code HostNamespaces}. */
    private static String ruleName(String title) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : title.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return out.toString();
    }

    /** Markdown help read as plain text: code spans lose their backticks. */
    private static String plain(String markdown) {
        return markdown.replace("`", "");
    }

    /**
     * The input's file name as a SARIF artifact URI: relative paths stay relative (code scanning resolves them
     * against the repository root), with forward slashes and percent-encoding; absolute paths become
     * {@code file:} URIs; an unnamed input is {@value #UNNAMED_INPUT}.
     */
    static String artifactUri(String source) {
        if (source == null || source.isBlank() || source.equals("-") || source.equals("<stdin>")) {
            return UNNAMED_INPUT;
        }
        String path = source.replace('\\', '/');
        boolean windowsDrive = WINDOWS_DRIVE.matcher(path).matches();
        if (path.startsWith("/") || windowsDrive) {
            return "file://" + encode(windowsDrive ? "/" + path : path);
        }
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        String first = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        // A colon in the first segment would read as a URI scheme.
        return encode(first.contains(":") ? "./" + path : path);
    }

    private static String encode(String path) {
        try {
            return new URI(null, null, path, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot express \"" + path + "\" as a URI", e);
        }
    }

    /** The version in the jar's manifest; a build tree (tests) has none and says so, starting with a number. */
    private static String toolVersion() {
        String version = SarifRenderer.class.getPackage().getImplementationVersion();
        return version != null ? version : "0.0.0-development";
    }
}
