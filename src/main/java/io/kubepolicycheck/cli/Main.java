package io.kubepolicycheck.cli;

import io.kubepolicycheck.server.ServeCommand;
import io.kubepolicycheck.validator.render.OneLine;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code check} runs the shared validator on files, {@code sets} lists the policy sets,
 * {@code serve} runs the HTTP API locally. Every usage error is said here or in {@link Options}, the same way.
 */
public final class Main {
    /** The commands, as {@link Usage} has help for them. */
    static final List<String> COMMANDS = List.of("check", "sets", "serve");

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(Arrays.asList(args), System.getenv(), System.in, System.out, System.err, true);
        // the second JVM of a big input says that the status is the check's, not its own (cli/JvmRelaunch)
        boolean second = JvmRelaunch.handedOver(System.getenv(JvmRelaunch.HANDED_OVER));
        System.exit(second ? JvmRelaunch.RAN + status : status);
    }

    /** The whole command line with its streams and environment passed in, so tests run it in-process. */
    static int run(List<String> args, Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err) {
        return run(args, env, stdin, out, err, false);
    }

    /** {@code ownProcess}: the streams are this process's own, so {@code check} may hand them to a second JVM. */
    private static int run(List<String> args, Map<String, String> env, InputStream stdin, PrintStream out,
            PrintStream err, boolean ownProcess) {
        if (args.isEmpty()) {
            err.println(Usage.OVERVIEW);
            return CheckCommand.BAD_INPUT;
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "-h", "--help", "help" -> {
                out.println(Usage.OVERVIEW);
                yield 0;
            }
            case "--version", "version" -> {
                out.println(BuildInfo.line());
                yield 0;
            }
            case "check" -> new CheckCommand(env, stdin, out, err,
                    ownProcess ? JvmRelaunch.forThisProcess(env, args) : JvmRelaunch.NEVER).run(rest);
            case "sets" -> new SetsCommand(env, out, err).run(rest);
            case "serve" -> serve(rest, env, out, err);
            default -> {
                err.println("error: unknown command \"" + args.get(0) + "\"; commands: " + String.join(", ", COMMANDS));
                err.println(Usage.OVERVIEW);
                yield CheckCommand.BAD_INPUT;
            }
        };
    }

    private static int serve(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        int port;
        try {
            Options options = Options.parse(args, List.of(Options.Spec.value("--port")));
            if (options.help()) {
                out.println(Usage.of("serve"));
                return 0;
            }
            if (!options.operands().isEmpty()) {
                throw new Options.UsageException("serve takes no arguments, not \"" + options.operands().get(0) + "\"");
            }
            port = port(options.value("--port", "3000"));
        } catch (Options.UsageException e) {
            return usageError("serve", e.getMessage(), err);
        }
        return ServeCommand.run(port, env, out, err);
    }

    private static int port(String text) throws Options.UsageException {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new Options.UsageException("--port must be a port number (0-65535), not \"" + text + "\"");
        }
        return port;
    }

    /** A usage mistake: what is wrong, one line, then the command's help, on standard error; exit status 2. */
    static int usageError(String command, String message, PrintStream err) {
        err.println("error: " + OneLine.of(message));
        err.println(Usage.of(command));
        return CheckCommand.BAD_INPUT;
    }
}
