package io.kubepolicycheck.validator.render;

import io.kubepolicycheck.validator.verdict.InputError;
import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A short message a chat bot can post for a person: a headline (allowed or denied, which policy set), a
 * table of the findings (resource, check, field, place, message) and the warnings. Long lists are cut with
 * "and N more", so the message stays readable and under chat size limits; every cell is escaped so text
 * from the manifest cannot break the table or the formatting.
 */
public final class MarkdownRenderer implements VerdictRenderer {
    public static final MarkdownRenderer INSTANCE = new MarkdownRenderer();
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n\\t]+");

    static final int MAX_ROWS = 30;
    static final int MAX_WARNINGS = 10;
    static final int MAX_CELL = 300;

    /** A finding, or an input that could not be checked ({@code check} is then {@value #ERROR}). */
    private record Row(String resource, String policy, String check, String path, String place, String message) {
    }

    /** The check cell of an input that could not be checked. */
    static final String ERROR = "error";

    @Override
    public String render(Verdict verdict) {
        Findings findings = new Findings();
        verdict.resources().forEach(findings::add);
        return findings.render(verdict);
    }

    /**
     * What the message shows, gathered resource by resource: the first rows and warnings in full, the rest only
     * counted, so a verdict of any size is summarised in the same memory.
     */
    static final class Findings {
        private final List<Row> rows = new ArrayList<>();
        private long rowCount;
        private final Set<String> policies = new HashSet<>();
        private String firstPolicy;
        private final List<String> warnings = new ArrayList<>();
        private long warningCount;
        private final List<String> defaults = new ArrayList<>();
        private long defaultedCount;
        private long unchecked;
        private boolean denied;

        void add(ResourceVerdict r) {
            unchecked += r.checked() ? 0 : 1;
            denied |= !r.allowed();
            for (Violation v : r.violations()) {
                row(new Row(resource(r), v.policy(), v.check(), v.path(), place(r, v.line(), v.column()),
                        v.message()));
            }
            if (!r.allowed() && r.violations().isEmpty() && r.message() != null) {
                row(new Row(resource(r), null, null, null, place(r, r.line(), 1), r.message()));
            }
            for (String w : r.warnings()) {
                if (warningCount++ < MAX_WARNINGS) {
                    warnings.add("**" + text(resource(r)) + "** (" + text(place(r, r.line(), 0)) + "): " + text(w));
                }
            }
            if (r.allowed() && r.mutations() != null && !r.mutations().isEmpty() && defaultedCount++ < MAX_WARNINGS) {
                defaults.add(defaults(r));
            }
        }

        /**
         * What a PodSecurityPolicy or SCC would set on an admitted pod: the person asking should know that the pod
         * runs with these settings, not the ones they wrote. One line per resource, cut like the other lists.
         */
        private static String defaults(ResourceVerdict r) {
            StringBuilder out = new StringBuilder("- **").append(text(resource(r))).append("**");
            if (r.admittedBy() != null) {
                out.append(" by ").append(code(r.admittedBy()));
            }
            out.append(": ");
            List<Mutation> shown = r.mutations().subList(0, Math.min(r.mutations().size(), MAX_WARNINGS));
            for (int i = 0; i < shown.size(); i++) {
                Mutation m = shown.get(i);
                out.append(i == 0 ? "" : ", ").append(code(m.path() + "=" + Json.compact(m.value())));
            }
            if (r.mutations().size() > shown.size()) {
                out.append(" …and ").append(r.mutations().size() - shown.size()).append(" more");
            }
            return out.append('\n').toString();
        }

        /** Where the resources added from now on can be taken back to, should their input fail after all. */
        Mark mark() {
            return new Mark(rows.size(), rowCount, Set.copyOf(policies), firstPolicy, warnings.size(), warningCount,
                    defaults.size(), defaultedCount, unchecked, denied);
        }

        /** Forgets the resources added since {@code mark}. */
        void reset(Mark mark) {
            rows.subList(mark.rows(), rows.size()).clear();
            rowCount = mark.rowCount();
            policies.retainAll(mark.policies());
            firstPolicy = mark.firstPolicy();
            warnings.subList(mark.warnings(), warnings.size()).clear();
            warningCount = mark.warningCount();
            defaults.subList(mark.defaults(), defaults.size()).clear();
            defaultedCount = mark.defaultedCount();
            unchecked = mark.unchecked();
            denied = mark.denied();
        }

        record Mark(int rows, long rowCount, Set<String> policies, String firstPolicy, int warnings, long warningCount,
                    int defaults, long defaultedCount, long unchecked, boolean denied) {
        }

        /** A row for an input that could not be checked: its document, the place, and why. */
        private void error(InputError e) {
            String source = e.source() == null ? "" : e.source();
            String place = e.line() == null ? source
                    : (source.isEmpty() ? "" : source + ":") + e.line() + (e.column() == null ? "" : ":" + e.column());
            row(new Row(e.document() == null ? "" : "document " + e.document(), null, ERROR, null, place,
                    e.message()));
        }

        private void row(Row row) {
            if (rowCount++ == 0) {
                firstPolicy = row.policy();
            }
            if (row.policy() != null) {
                policies.add(row.policy());
            }
            if (rows.size() < MAX_ROWS) {
                rows.add(row);
            }
        }

        /**
         * The message for a verdict whose resources were all added; only its head fields and its errors are read.
         * Called once: the errors become rows.
         */
        String render(Verdict verdict) {
            // the inputs that could not be checked come after every finding, as rows of their own
            verdict.errors().forEach(this::error);
            boolean showPolicy = policies.size() > 1;
            StringBuilder out = new StringBuilder();
            String headline = verdict.allowed() ? "✅ Allowed" : denied ? "❌ Denied" : "⚠️ Not all checked";
            out.append("### ").append(headline).append(": ")
                    .append(text(verdict.summary())).append("\n\n");
            out.append("Policy set ").append(code(verdict.policySet().id())).append(" (version ")
                    .append(code(verdict.policySet().version())).append(')');
            if (Boolean.TRUE.equals(verdict.policySet().stale())) {
                out.append(", served from cache: the policy store could not be reached");
            }
            if (!showPolicy && rowCount > 0 && firstPolicy != null) {
                out.append(", policy ").append(code(firstPolicy));
            }
            out.append(".");
            if (unchecked > 0) {
                out.append(' ').append(unchecked).append(unchecked == 1 ? " resource has" : " resources have")
                        .append(" no pod template and ").append(unchecked == 1 ? "was" : "were")
                        .append(" not checked.");
            }
            out.append("\n");

            if (rowCount > 0) {
                out.append("\n| Resource | Check | Field | Location | Message |\n| --- | --- | --- | --- | --- |\n");
                for (Row row : rows) {
                    String check = row.check() == null ? "" : code(row.check());
                    if (showPolicy && row.policy() != null) {
                        check += " " + text(row.policy());
                    }
                    out.append("| ").append(text(row.resource()))
                            .append(" | ").append(check)
                            .append(" | ").append(row.path() == null ? "" : code(row.path()))
                            .append(" | ").append(text(row.place()))
                            .append(" | ").append(text(row.message()))
                            .append(" |\n");
                }
                if (rowCount > MAX_ROWS) {
                    out.append("\n…and ").append(rowCount - MAX_ROWS).append(" more ")
                            .append(rowCount - MAX_ROWS == 1 ? "finding" : "findings")
                            .append(" (the json and sarif formats list them all).\n");
                }
            }
            if (defaultedCount > 0) {
                out.append("\n**Defaults applied on admission**\n\n");
                defaults.forEach(out::append);
                if (defaultedCount > MAX_WARNINGS) {
                    out.append("- …and ").append(defaultedCount - MAX_WARNINGS).append(" more\n");
                }
            }
            if (warningCount > 0) {
                out.append("\n**Warnings**\n\n");
                for (String w : warnings) {
                    out.append("- ").append(w).append('\n');
                }
                if (warningCount > MAX_WARNINGS) {
                    out.append("- …and ").append(warningCount - MAX_WARNINGS).append(" more\n");
                }
            }
            return out.toString();
        }
    }

    /** {@code Deployment shop/web}. */
    private static String resource(ResourceVerdict r) {
        return r.kind() + " " + (r.namespace() == null ? "" : r.namespace() + "/")
                + (r.name() == null ? "(unnamed)" : r.name());
    }

    /** {@code file.yaml:22:11}, or {@code 22:11} for an unnamed input; no column where there is none. */
    private static String place(ResourceVerdict r, int line, int column) {
        return (r.source() == null ? "" : r.source() + ":") + line + (column > 0 ? ":" + column : "");
    }

    /**
     * Text in a cell or list item: Markdown's special characters are escaped with a backslash (so a name
     * such as {@code a|b} or {@code *x*} shows as written), line breaks become spaces, and very long text is cut.
     */
    static String text(String s) {
        String flat = cut(LINE_BREAKS.matcher(s).replaceAll(" "));
        StringBuilder out = new StringBuilder(flat.length() + 8);
        for (char c : flat.toCharArray()) {
            if ("\\`*_[]<>|~&".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * A code span. A backtick cannot be escaped inside one, so such text is shown as escaped plain text
     * instead; a pipe is escaped even inside a code span, as GitHub's tables require.
     */
    static String code(String s) {
        String flat = cut(LINE_BREAKS.matcher(s).replaceAll(" "));
        if (flat.isEmpty() || flat.indexOf('`') >= 0) {
            return text(flat);
        }
        return "`" + flat.replace("|", "\\|") + "`";
    }

    private static String cut(String s) {
        return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL - 1) + "…";
    }
}
