package io.kubepolicycheck.validator.render;

import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.verdict.Violation;

/**
 * Plain lines for CI logs and terminals: one line per finding, {@code file:line:col: check: message}, in the
 * form compilers use, so editors and CI annotators can jump to it; then one summary line.
 */
public final class TextRenderer implements VerdictRenderer {
    public static final TextRenderer INSTANCE = new TextRenderer();

    @Override
    public String render(Verdict verdict) {
        StringBuilder out = new StringBuilder();
        for (ResourceVerdict r : verdict.resources()) {
            String file = r.source() != null ? r.source() : "<stdin>";
            String object = r.kind() + "/" + (r.name() == null ? "<unnamed>" : r.name());
            if (!r.checked()) {
                continue;
            }
            for (Violation v : r.violations()) {
                out.append(file).append(':').append(v.line()).append(':').append(v.column()).append(": ")
                        .append("denied: ").append(object).append(": ").append(v.check()).append(": ")
                        .append(v.message()).append(" [").append(v.path()).append("] (").append(v.policy()).append(")\n");
            }
            for (String w : r.warnings()) {
                out.append(file).append(':').append(r.line()).append(":1: warning: ").append(object).append(": ")
                        .append(w).append('\n');
            }
            if (!r.allowed() && r.violations().isEmpty() && r.message() != null) {
                out.append(file).append(':').append(r.line()).append(":1: denied: ").append(object).append(": ")
                        .append(r.message()).append('\n');
            }
        }
        out.append(verdict.allowed() ? "ALLOWED" : "DENIED").append(": ").append(verdict.summary())
                .append(" (policy set ").append(verdict.policySet().id()).append(' ')
                .append(verdict.policySet().version())
                .append(Boolean.TRUE.equals(verdict.policySet().stale()) ? ", stale" : "").append(")\n");
        return out.toString();
    }
}
