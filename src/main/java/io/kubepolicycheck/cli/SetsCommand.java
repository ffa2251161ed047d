package io.kubepolicycheck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kubepolicycheck.aws.PolicyStores;
import io.kubepolicycheck.policystore.PolicySetListing;
import io.kubepolicycheck.policystore.PolicyStoreException;
import io.kubepolicycheck.validator.render.Json;
import io.kubepolicycheck.validator.render.OneLine;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code sets [--format text|json] [--policy-dir DIR]}: every set a check may name, as {@code GET /v1/policy-sets}
 * lists them: built-in first, then the stored ones. Text is a table in the manner of {@code kubectl get}.
 */
final class SetsCommand {
    static final List<Options.Spec> OPTIONS = List.of(Options.Spec.value("--format"), Options.Spec.value("--policy-dir"));

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    SetsCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        List<PolicySetListing> sets;
        boolean json;
        try {
            Options options = Options.parse(args, OPTIONS);
            if (options.help()) {
                out.println(Usage.of("sets"));
                return CheckCommand.ALLOWED;
            }
            if (!options.operands().isEmpty()) {
                throw new Options.UsageException("sets takes no arguments, not \"" + options.operands().get(0) + "\"");
            }
            String format = options.value("--format", "text");
            if (!format.equals("text") && !format.equals("json")) {
                throw new Options.UsageException("format must be text or json, not \"" + format + "\"");
            }
            json = format.equals("json");
            sets = PolicyStores.fromEnvironment(CheckCommand.withPolicyDir(env, options.value("--policy-dir"))).list();
        } catch (Options.UsageException | IllegalArgumentException e) {
            return Main.usageError("sets", e.getMessage(), err);
        } catch (PolicyStoreException e) {
            // the operator runs the command line: the detail (bucket, S3's words) is theirs to see
            err.println("error: policy store unavailable: " + OneLine.of(e.getMessage() + " (" + e.detail() + ")"));
            return CheckCommand.STORE_FAILURE;
        }
        out.print(json ? json(sets) : table(sets));
        out.flush();
        return CheckCommand.ALLOWED;
    }

    /** The body {@code GET /v1/policy-sets} answers. */
    private static String json(List<PolicySetListing> sets) {
        try {
            return Json.PRETTY.writeValueAsString(Map.of("policySets", sets)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the list of sets is not serializable", e);
        }
    }

    /** ID, ORIGIN, DESCRIPTION columns, padded to the longest id and origin. */
    private static String table(List<PolicySetListing> sets) {
        int id = "ID".length();
        int origin = "ORIGIN".length();
        for (PolicySetListing set : sets) {
            id = Math.max(id, set.id().length());
            origin = Math.max(origin, set.origin().length());
        }
        String row = "%-" + id + "s   %-" + origin + "s   %s%n";
        StringBuilder out = new StringBuilder(String.format(row, "ID", "ORIGIN", "DESCRIPTION"));
        for (PolicySetListing set : sets) {
            out.append(String.format(row, set.id(), set.origin(), OneLine.of(set.description())));
        }
        return out.toString();
    }
}
