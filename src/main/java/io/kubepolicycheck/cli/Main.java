package io.kubepolicycheck.cli;

import io.kubepolicycheck.server.ServeCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The command line: {@code check} runs the shared validator on files; {@code serve} runs the HTTP API locally. */
public final class Main {
    static final String USAGE = """
            usage: java -jar kube-policy-check.jar check --policy-set ID [--format json|text|markdown|sarif]
                     [--namespace NS] [--operation CREATE|UPDATE] [--user NAME] [--group NAME]...
                     [--policy-dir DIR] FILE|DIR... | -
                   java -jar kube-policy-check.jar serve [--port 3000]   (the HTTP API on 127.0.0.1)
            exit status: 0 all allowed, 1 any denied, 2 bad input or usage, 3 policy store failure""";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.getenv()));
    }

    static int run(List<String> args, Map<String, String> env) {
        if (args.isEmpty() || List.of("-h", "--help", "help").contains(args.get(0))) {
            System.out.println(USAGE);
            return args.isEmpty() ? CheckCommand.BAD_INPUT : 0;
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "check" -> new CheckCommand(env, System.in, System.out, System.err).run(rest);
            case "serve" -> ServeCommand.run(rest, env, System.out, System.err);
            default -> {
                System.err.println("error: unknown command \"" + args.get(0) + "\"");
                System.err.println(USAGE);
                yield CheckCommand.BAD_INPUT;
            }
        };
    }

    static int maxManifestBytes(Map<String, String> env) {
        String value = env.get("MAX_MANIFEST_BYTES");
        if (value == null || value.isBlank()) {
            return 1 << 20;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("MAX_MANIFEST_BYTES must be a number of bytes, not \"" + value + "\"");
        }
    }
}
