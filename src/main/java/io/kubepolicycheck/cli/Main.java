package io.kubepolicycheck.cli;

import io.kubepolicycheck.server.ServeCommand;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The command line: {@code check} runs the shared validator on files; {@code serve} runs the HTTP API locally. */
public final class Main {
    static final String USAGE = """
            usage: java -jar kube-policy-check.jar check --policy-set ID [--format json|text|markdown|sarif]
                     [--namespace NS] [--operation CREATE|UPDATE] [--user NAME] [--group NAME]...
                     [--policy-dir DIR] [--max-bytes N] FILE|DIR... | -
                   java -jar kube-policy-check.jar serve [--port 3000]   (the HTTP API on 127.0.0.1)
            exit status: 0 all allowed, 1 any denied, 2 bad input or usage, 3 policy store failure""";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.getenv(), System.in, System.out, System.err));
    }

    /** The whole command line with its streams and environment passed in, so tests run it in-process. */
    static int run(List<String> args, Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err) {
        if (args.isEmpty() || List.of("-h", "--help", "help").contains(args.get(0))) {
            (args.isEmpty() ? err : out).println(USAGE);
            return args.isEmpty() ? CheckCommand.BAD_INPUT : 0;
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "check" -> new CheckCommand(env, stdin, out, err).run(rest);
            case "serve" -> ServeCommand.run(rest, env, out, err);
            default -> {
                err.println("error: unknown command \"" + args.get(0) + "\"");
                err.println(USAGE);
                yield CheckCommand.BAD_INPUT;
            }
        };
    }
}
