package io.kubepolicycheck.validator.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepolicycheck.validator.verdict.InputError;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SARIF 2.1.0 for code-scanning UIs (GitHub code scanning, IDE viewers): one run of {@code kube-policy-check},
 * one rule per check id seen, with help on how to fix it; one {@code error} result per violation and one
 * {@code warning} result per admission warning, located at file, line and column, and named by the
 * Kubernetes object (kind, namespace, name) as a logical location.
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
        ArrayNode results = Json.MAPPER.createArrayNode();
        for (ResourceVerdict r : verdict.resources()) {
            results.addAll(log.results(r));
        }
        ObjectNode whole = log.head();
        ObjectNode run = (ObjectNode) whole.get("runs").get(0);
        run.set("results", results);
        if (!verdict.errors().isEmpty()) {
            run.set("invocations", invocations(verdict.errors()));
        }
        run.set("properties", properties(verdict));
        try {
            return Json.PRETTY.writeValueAsString(whole) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("SARIF log is not serializable", e);
        }
    }

    /**
     * The log being written: its rules, one per check seen, grow as results are made, resource by resource, so
     * that a stream can write each resource's results at once and the rules, which come first, at the end.
     */
    static final class Log {
        private final ArrayNode rules = Json.MAPPER.createArrayNode();
        private final Map<String, Integer> ruleIndex = new LinkedHashMap<>();

        /** The results of one resource, adding the rules they refer to. */
        List<ObjectNode> results(ResourceVerdict r) {
            List<ObjectNode> results = new ArrayList<>();
            for (Violation v : r.violations()) {
                int index = rule(rules, ruleIndex, v.check(), v.policy());
                results.add(result(v.check(), index, "error", label(r) + ": " + v.message() + " (" + v.policy() + ")",
                        r, v.line(), v.column(), v.policy(), v.path()));
            }
            if (!r.allowed() && r.violations().isEmpty() && r.message() != null) {
                int index = rule(rules, ruleIndex, CheckHelp.DENIED, r.message());
                results.add(result(CheckHelp.DENIED, index, "error", label(r) + ": " + r.message(), r, r.line(), 1,
                        null, null));
            }
            for (String warning : r.warnings()) {
                int index = rule(rules, ruleIndex, CheckHelp.WARNING, "PodSecurity");
                results.add(result(CheckHelp.WARNING, index, "warning", label(r) + ": " + warning, r, r.line(), 1,
                        null, null));
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

        /** The log up to its results: schema, version, and the run's tool with every rule seen so far. */
        ObjectNode head() {
            ObjectNode log = Json.MAPPER.createObjectNode();
            log.put("$schema", SCHEMA);
            log.put("version", "2.1.0");
            ObjectNode run = log.putArray("runs").addObject();
            ObjectNode driver = run.putObject("tool").putObject("driver");
            driver.put("name", TOOL_NAME);
            driver.put("informationUri", TOOL_INFORMATION_URI);
            driver.put("version", TOOL_VERSION);
            driver.set("rules", rules);
            return log;
        }
    }

    /** The run's properties: the verdict's own fields. */
    static ObjectNode properties(Verdict verdict) {
        ObjectNode properties = Json.MAPPER.createObjectNode();
        properties.put("allowed", verdict.allowed());
        properties.put("summary", verdict.summary());
        properties.set("policySet", Json.MAPPER.valueToTree(verdict.policySet()));
        return properties;
    }

    /**
     * Inputs that could not be checked, as SARIF says a tool reports trouble with its input: an unsuccessful
     * invocation with one error notification each, located at the input's file, line and column.
     */
    static ArrayNode invocations(List<InputError> errors) {
        ArrayNode invocations = Json.MAPPER.createArrayNode();
        ObjectNode invocation = invocations.addObject();
        invocation.put("executionSuccessful", false);
        ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
        for (InputError e : errors) {
            ObjectNode notification = notifications.addObject();
            notification.put("level", "error");
            notification.putObject("message").put("text", e.located());
            notification.putObject("descriptor").put("id", e.code());
            ObjectNode physical = notification.putArray("locations").addObject().putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", artifactUri(e.source()));
            if (e.line() != null) {
                ObjectNode region = physical.putObject("region");
                region.put("startLine", e.line());
                if (e.column() != null) {
                    region.put("startColumn", e.column());
                }
            }
        }
        return invocations;
    }

    /** The index of the rule for {@code check}, adding it on first sight. */
    private static int rule(ArrayNode rules, Map<String, Integer> indexes, String check, String policy) {
        Integer known = indexes.get(check);
        if (known != null) {
            return known;
        }
        CheckHelp.Entry help = CheckHelp.of(check, policy);
        ObjectNode rule = rules.addObject();
        rule.put("id", check);
        String name = ruleName(help.title());
        if (!name.equalsIgnoreCase(check)) {
            rule.put("name", name); // SARIF wants a name that differs from the opaque id, or none
        }
        rule.putObject("shortDescription").put("text", help.title());
        rule.putObject("fullDescription").put("text", plain(help.description()));
        ObjectNode helpNode = rule.putObject("help");
        helpNode.put("text", plain(help.description()) + " How to fix: " + plain(help.fix()) + " See "
                + help.helpUri(policy) + ".");
        helpNode.put("markdown", help.description() + "\n\n**How to fix:** " + help.fix() + "\n\n[" + help.title()
                + "](" + help.helpUri(policy) + ")");
        rule.put("helpUri", help.helpUri(policy));
        rule.putObject("defaultConfiguration")
                .put("level", CheckHelp.WARNING.equals(check) ? "warning" : "error");
        rule.putObject("properties").putArray("tags").add("security").add("kubernetes");
        indexes.put(check, indexes.size());
        return indexes.size() - 1;
    }

    private static ObjectNode result(String ruleId, int ruleIndex, String level, String message, ResourceVerdict r,
                                     int line, int column, String policy, String path) {
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.put("ruleId", ruleId);
        result.put("ruleIndex", ruleIndex);
        result.put("level", level);
        result.putObject("message").put("text", message);
        ObjectNode location = result.putArray("locations").addObject();
        ObjectNode physical = location.putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", artifactUri(r.source()));
        ObjectNode region = physical.putObject("region");
        region.put("startLine", Math.max(line, 1));
        region.put("startColumn", Math.max(column, 1));
        ObjectNode logical = location.putArray("logicalLocations").addObject();
        logical.put("name", r.name() == null ? "" : r.name());
        logical.put("fullyQualifiedName", qualifiedName(r));
        logical.put("kind", "resource");
        ObjectNode properties = result.putObject("properties");
        properties.put("document", r.document());
        properties.put("apiVersion", r.apiVersion());
        properties.put("kind", r.kind());
        if (r.namespace() != null) {
            properties.put("namespace", r.namespace());
        }
        if (r.name() != null) {
            properties.put("name", r.name());
        }
        if (policy != null) {
            properties.put("policy", policy);
        }
        if (path != null) {
            properties.put("path", path);
        }
        return result;
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
