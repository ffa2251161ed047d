package io.kubepolicycheck.validator.render;

import io.kubepolicycheck.validator.verdict.InputError;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.util.List;

/**
 * Plain lines for CI logs and terminals: one line per finding, {@code file:line:col: check: message}, in the
 * form compilers use, so editors and CI annotators can jump to it; then one summary line. What comes from the
 * manifest is written by {@link OneLine}, so each finding stays one line whatever its names hold.
 */
public final class TextRenderer implements VerdictRenderer {
    public static final TextRenderer INSTANCE = new TextRenderer();

    @Override
    public String render(Verdict verdict) {
        StringBuilder out = new StringBuilder();
        for (ResourceVerdict r : verdict.resources()) {
            resource(out, r);
        }
        errors(out, verdict.errors());
        summary(out, verdict, !verdict.resources().stream().allMatch(ResourceVerdict::allowed));
        return out.toString();
    }

    /** The lines of one resource's findings and warnings; none for an allowed resource without warnings. */
    static void resource(StringBuilder out, ResourceVerdict r) {
        if (!r.checked()) {
            return;
        }
        String file = r.source() != null ? OneLine.of(r.source()) : "<stdin>";
        String object = OneLine.of(r.kind()) + "/" + (r.name() == null ? "<unnamed>" : OneLine.of(r.name()));
        for (Violation v : r.violations()) {
            out.append(file).append(':').append(v.line()).append(':').append(v.column()).append(": ")
                    .append("denied: ").append(object).append(": ").append(v.check()).append(": ")
                    .append(OneLine.of(v.message())).append(" [").append(OneLine.of(v.path())).append("] (")
                    .append(v.policy()).append(")\n");
        }
        for (String w : r.warnings()) {
            out.append(file).append(':').append(r.line()).append(":1: warning: ").append(object).append(": ")
                    .append(OneLine.of(w)).append('\n');
        }
        if (!r.allowed() && r.violations().isEmpty() && r.message() != null) {
            out.append(file).append(':').append(r.line()).append(":1: denied: ").append(object).append(": ")
                    .append(OneLine.of(r.message())).append('\n');
        }
    }

    /** One {@code file:line:column: error:} line for each input that could not be checked. */
    static void errors(StringBuilder out, List<InputError> errors) {
        for (InputError e : errors) {
            out.append(e.source() != null ? OneLine.of(e.source()) : "<stdin>").append(':')
                    .append(e.line() != null ? e.line() : 1).append(':')
                    .append(e.column() != null ? e.column() : 1).append(": error: ")
                    .append(e.document() != null ? "document " + e.document() + ": " : "")
                    .append(OneLine.of(e.message())).append('\n');
        }
    }

    /**
     * The last line: allowed, denied (some resource was), or error (only inputs that could not be checked), the
     * summary and the policy set.
     */
    static void summary(StringBuilder out, Verdict verdict, boolean anyDenied) {
        out.append(verdict.allowed() ? "ALLOWED" : anyDenied ? "DENIED" : "ERROR").append(": ").append(verdict.summary())
                .append(" (policy set ").append(verdict.policySet().id()).append(' ')
                .append(verdict.policySet().version())
                .append(Boolean.TRUE.equals(verdict.policySet().stale()) ? ", stale" : "").append(")\n");
    }
}
