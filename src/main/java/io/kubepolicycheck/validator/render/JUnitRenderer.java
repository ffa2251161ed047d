package io.kubepolicycheck.validator.render;

import io.kubepolicycheck.validator.verdict.InputError;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JUnit XML, the test report CI systems read (Jenkins, GitLab, GitHub test reporters): one {@code testsuite} per
 * input file, one {@code testcase} per resource ({@code classname} the file, {@code name} kind/namespace/name), a
 * {@code failure} for a denied resource listing its violations in Kubernetes' wording, {@code skipped} for a kind
 * without a pod template, and an {@code error} for an input that could not be checked.
 */
public final class JUnitRenderer implements VerdictRenderer {
    public static final JUnitRenderer INSTANCE = new JUnitRenderer();

    /** The suite of an input without a file name (standard input, an HTTP body). */
    static final String UNNAMED_INPUT = "stdin";

    private record Suite(List<ResourceVerdict> resources, List<InputError> errors) {
        int failures() {
            return (int) resources.stream().filter(r -> !r.allowed()).count();
        }

        int skipped() {
            return (int) resources.stream().filter(r -> !r.checked()).count();
        }

        int tests() {
            return resources.size() + errors.size();
        }
    }

    @Override
    public String render(Verdict verdict) {
        Map<String, Suite> suites = new LinkedHashMap<>();
        for (ResourceVerdict r : verdict.resources()) {
            suite(suites, r.source()).resources().add(r);
        }
        for (InputError e : verdict.errors()) {
            suite(suites, e.source()).errors().add(e);
        }
        int tests = 0;
        int failures = 0;
        int errors = 0;
        for (Suite suite : suites.values()) {
            tests += suite.tests();
            failures += suite.failures();
            errors += suite.errors().size();
        }
        StringBuilder out = new StringBuilder();
        head(out, tests, failures, errors);
        for (Map.Entry<String, Suite> entry : suites.entrySet()) {
            String name = entry.getKey();
            Suite suite = entry.getValue();
            suiteHead(out, name, suite.tests(), suite.failures(), suite.errors().size(), suite.skipped(), verdict);
            for (ResourceVerdict r : suite.resources()) {
                testcase(out, name, r);
            }
            suiteEnd(out, name, suite.errors());
        }
        return end(out).toString();
    }

    /** The suite an input's resources and errors go to: its file name, or {@value #UNNAMED_INPUT}. */
    static String suiteName(String source) {
        return source == null ? UNNAMED_INPUT : source;
    }

    private static Suite suite(Map<String, Suite> suites, String source) {
        return suites.computeIfAbsent(suiteName(source), s -> new Suite(new ArrayList<>(), new ArrayList<>()));
    }

    /** The XML declaration and the opening of {@code testsuites} with the counts of every suite. */
    static void head(StringBuilder out, long tests, long failures, long errors) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        // no skipped count here: Jenkins' schema has none on testsuites, only on each testsuite
        out.append("<testsuites name=\"kube-policy-check\" tests=\"").append(tests).append("\" failures=\"")
                .append(failures).append("\" errors=\"").append(errors).append("\">\n");
    }

    static StringBuilder end(StringBuilder out) {
        return out.append("</testsuites>\n");
    }

    /** The opening of one input's suite, with its counts and the policy set. */
    static void suiteHead(StringBuilder out, String name, long tests, long failures, long errors, long skipped,
                          Verdict verdict) {
        out.append("  <testsuite name=\"").append(attribute(name)).append("\" tests=\"").append(tests)
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                .append("\" skipped=\"").append(skipped).append("\" time=\"0\">\n");
        if (verdict.policySet() != null) {
            out.append("    <properties>\n");
            property(out, "policySet", verdict.policySet().id());
            property(out, "policySetVersion", verdict.policySet().version());
            out.append("    </properties>\n");
        }
    }

    /** One resource's test case in the suite {@code name}. */
    static void testcase(StringBuilder out, String name, ResourceVerdict r) {
        out.append("    <testcase classname=\"").append(attribute(name)).append("\" name=\"")
                .append(attribute(caseName(r))).append("\" time=\"0\"");
        if (r.allowed() && r.checked() && r.warnings().isEmpty()) {
            out.append("/>\n");
            return;
        }
        out.append(">\n");
        if (!r.checked()) {
            out.append("      <skipped message=\"").append(attribute(r.kind() + " has no pod template: not checked"))
                    .append("\"/>\n");
        } else if (!r.allowed()) {
            out.append("      <failure message=\"").append(attribute(r.message() == null ? "denied" : r.message()))
                    .append("\" type=\"").append(attribute(policies(r))).append("\">");
            for (Violation v : r.violations()) {
                out.append(text(name + ":" + v.line() + ":" + v.column() + ": " + v.check() + ": " + v.message()
                        + " [" + v.path() + "] (" + v.policy() + ")")).append('\n');
            }
            out.append("</failure>\n");
        }
        if (!r.warnings().isEmpty()) {
            out.append("      <system-out>");
            for (String warning : r.warnings()) {
                out.append(text("warning: " + warning)).append('\n');
            }
            out.append("</system-out>\n");
        }
        out.append("    </testcase>\n");
    }

    /** The suite's inputs that could not be checked, each an erring test case, and the suite's closing. */
    static void suiteEnd(StringBuilder out, String name, List<InputError> errors) {
        for (InputError e : errors) {
            out.append("    <testcase classname=\"").append(attribute(name)).append("\" name=\"")
                    .append(attribute(name)).append("\" time=\"0\">\n");
            out.append("      <error message=\"").append(attribute(e.message())).append("\" type=\"")
                    .append(attribute(e.code())).append("\">")
                    .append(text(name + ": " + e.located()))
                    .append("</error>\n");
            out.append("    </testcase>\n");
        }
        out.append("  </testsuite>\n");
    }

    private static void property(StringBuilder out, String name, String value) {
        if (value != null) {
            out.append("      <property name=\"").append(name).append("\" value=\"").append(attribute(value))
                    .append("\"/>\n");
        }
    }

    /** {@code Deployment/shop/web}: kind, namespace (when known), name. */
    private static String caseName(ResourceVerdict r) {
        return r.kind() + "/" + (r.namespace() == null ? "" : r.namespace() + "/")
                + (r.name() == null ? "(unnamed)" : r.name());
    }

    /** The policies that denied, for the failure's type: one, or several joined. */
    private static String policies(ResourceVerdict r) {
        List<String> policies = r.violations().stream().map(Violation::policy).distinct().toList();
        return policies.isEmpty() ? "denied" : String.join(", ", policies);
    }

    private static String attribute(String s) {
        return escape(s, true);
    }

    private static String text(String s) {
        return escape(s, false);
    }

    /**
     * XML-escaped text. A character XML 1.0 cannot hold at all (most control characters, a lone surrogate) is
     * written as a Go escape, as {@link OneLine} does, so text from a manifest can never make the report unreadable.
     */
    private static String escape(String s, boolean attribute) {
        StringBuilder out = null;
        int written = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0xD800 && c != '&' && c != '<' && c != '>' && (c != '"' || !attribute)) {
                continue; // written as itself, with the run of such characters it is in: most text is one run
            }
            if (out == null) {
                out = new StringBuilder(s.length() + 16);
            }
            out.append(s, written, i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                case '\r' -> out.append("&#13;");
                default -> {
                    boolean surrogatePair = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (surrogatePair) {
                        out.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
            written = i + 1;
        }
        return out == null ? s : out.append(s, written, s.length()).toString();
    }
}
