package io.kubepolicycheck.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * A big input is checked in a second JVM with the serial collector and the C1 compiler alone. On such an input that
 * JVM takes about half the CPU and under half the memory of the JVM's defaults (docs/performance.md): the live data
 * is a few MB, so G1's barriers, threads and heap growth only cost, and C2 spends more CPU compiling code that is hot
 * for seconds than its code saves. A jar cannot choose the flags of the JVM that runs it, so {@code java -jar} with
 * no JVM option of its own starts one that has them, hands on the streams and exits with its status. The second
 * start costs about 105 ms, which a run gains back between 50 and 150 kB of input; {@link #MIN_BYTES} leaves a
 * margin. A JVM option on the command line or in {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} or
 * {@code _JAVA_OPTIONS} is the user's choice of JVM, and then the check runs in this one.
 */
final class JvmRelaunch {
    static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");
    static final long MIN_BYTES = 512 * 1024;
    /**
     * Set in the second JVM's environment to the first JVM's process id, where {@link Main} then adds {@link #RAN} to
     * the check's exit status ({@link #handedOver}): a status of that JVM's own (1 when it cannot start, for want of
     * memory say, or after an uncaught error) must not read as the check's "denied".
     */
    static final String HANDED_OVER = "KUBE_POLICY_CHECK_HANDED_OVER";
    static final int RAN = 10;
    private static final List<String> OPTIONS_FROM_ENVIRONMENT =
            List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    /** Checks in this JVM whatever the input: for the command line run in-process, as the tests do. */
    static final JvmRelaunch NEVER = new JvmRelaunch(Map.of(), null);

    private final Map<String, String> env;
    private final List<String> args;
    /** The second JVM's command line, once asked for; empty if this JVM may not start one. */
    private Optional<List<String>> command;

    private JvmRelaunch(Map<String, String> env, List<String> args) {
        this.env = env;
        this.args = args;
    }

    /** For this process, started with {@code args} after its main class; its command line is read only when needed. */
    static JvmRelaunch forThisProcess(Map<String, String> env, List<String> args) {
        return new JvmRelaunch(env, args);
    }

    /** For a test: a second JVM whose command line is given. */
    static JvmRelaunch running(List<String> command) {
        JvmRelaunch relaunch = new JvmRelaunch(Map.of(), List.of());
        relaunch.command = Optional.of(command);
        return relaunch;
    }

    /**
     * The command line of a JVM with {@link #FLAGS} that runs the same jar with the same arguments, if this one is
     * {@code java -jar JAR ARGS} exactly, with nothing in the environment that the JVM reads as options. It maps the
     * jar's class-data archive ({@code kube-policy-check.jsa} beside {@code kube-policy-check.jar}, which the build
     * and {@code bin/kube-policy-check} write) when {@code isFile} finds one: about 110 ms less to start. An archive
     * of another JVM or jar is found not to match and left aside, silently.
     */
    static Optional<List<String>> command(String java, List<String> given, Map<String, String> env,
            List<String> args, Predicate<Path> isFile) {
        if (optionsFromEnvironment(env)) {
            return Optional.empty();
        }
        if (given.size() != args.size() + 2 || !given.get(0).equals("-jar")
                || !given.subList(2, given.size()).equals(args)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(FLAGS);
        String jar = given.get(1);
        Path archive = Path.of((jar.endsWith(".jar") ? jar.substring(0, jar.length() - 4) : jar) + ".jsa");
        if (isFile.test(archive)) {
            command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        command.addAll(given);
        return Optional.of(command);
    }

    /**
     * Whether this JVM may start the second: a HotSpot JVM, run as plain {@code java -jar}, with no JVM options in
     * the environment.
     */
    boolean possible() {
        if (command == null) {
            command = args == null || !takesTheFlags(System.getProperty("java.vm.name")) ? Optional.empty() : command();
        }
        return command.isPresent();
    }

    /**
     * HotSpot's server JVM ("OpenJDK 64-Bit Server VM", "Java HotSpot(TM) 64-Bit Server VM"), whose flags these are;
     * another JVM (Eclipse OpenJ9) may refuse them, and its refusal's exit status 1 would read as "denied".
     */
    static boolean takesTheFlags(String vmName) {
        return vmName != null && vmName.endsWith(" Server VM");
    }

    private static boolean optionsFromEnvironment(Map<String, String> env) {
        return OPTIONS_FROM_ENVIRONMENT.stream().anyMatch(env::containsKey);
    }

    /**
     * This JVM's command line, as Linux keeps it in {@code /proc} (in well under a millisecond), or as
     * {@code ProcessHandle.Info} finds it elsewhere (macOS; 20 ms, paid by big inputs only); the same JVM runs the
     * second, as {@code java.home} says. Nothing where neither knows it (Windows).
     */
    private Optional<List<String>> command() {
        Optional<List<String>> arguments;
        try {
            byte[] line = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            List<String> all = List.of(new String(line, 0, Math.max(0, line.length - 1), Charset.defaultCharset())
                    .split("\0", -1));
            arguments = Optional.of(all.subList(1, all.size()));
        } catch (IOException | SecurityException e) {
            arguments = ProcessHandle.current().info().arguments().map(List::of);
        }
        return arguments.flatMap(given -> command(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                given, env, args, Files::isRegularFile));
    }

    /** The size of standard input when it is a regular file (redirected with {@code <}), which a pipe is not. */
    static OptionalLong standardInputSize() {
        Path stdin = Path.of("/dev/stdin");
        try {
            return Files.isRegularFile(stdin) ? OptionalLong.of(Files.size(stdin)) : OptionalLong.empty();
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Runs the second JVM on this process's standard output and error, and returns the check's exit status
     * ({@link #statusOfCheck}), or nothing if it may not ({@link #possible}) or could not be started. Its standard
     * input is this one's, inherited when {@code read} is null, else handed on through a pipe: {@code read}, the first
     * bytes already taken from {@code stdin}, then the rest of it.
     */
    OptionalInt run(byte[] read, InputStream stdin, PrintStream err) {
        if (!possible()) {
            return OptionalInt.empty();
        }
        SecondJvm second = new SecondJvm();
        Thread stop = new Thread(second::stop);
        ProcessBuilder builder = new ProcessBuilder(command.orElseThrow())
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(read == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
        Process process;
        try {
            builder.environment().put(HANDED_OVER, Long.toString(ProcessHandle.current().pid()));
            Runtime.getRuntime().addShutdownHook(stop);
            process = second.start(builder);
        } catch (IOException | SecurityException | IllegalStateException | UnsupportedOperationException e) {
            return OptionalInt.empty();
        }
        if (read != null) {
            Thread feed = new Thread(() -> feed(read, stdin, process.getOutputStream()), "standard input");
            feed.setDaemon(true);
            feed.start();
        }
        try {
            int status = process.waitFor();
            Runtime.getRuntime().removeShutdownHook(stop);
            return OptionalInt.of(statusOfCheck(status, err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return OptionalInt.of(CheckCommand.BAD_INPUT);
        }
    }

    /**
     * Whether this JVM is the second of a hand-over: {@code value}, its {@link #HANDED_OVER}, names its parent. A
     * value the user exported does not, so a check run with one still exits with its own status.
     */
    static boolean handedOver(String value) {
        return value != null
                && value.equals(ProcessHandle.current().parent().map(p -> Long.toString(p.pid())).orElse(null));
    }

    /**
     * The check's exit status from the second JVM's, which adds {@link #RAN} to it. A signal's status (above 128:
     * Ctrl-C, a CI job's timeout, the kernel out of memory) is handed on as it is, as a shell would; any other is that
     * JVM's own, said on standard error and given as 2, the check not made.
     */
    static int statusOfCheck(int status, PrintStream err) {
        if (status >= RAN && status <= RAN + CheckCommand.STORE_FAILURE) {
            return status - RAN;
        }
        if (status > 128) {
            return status;
        }
        err.println("error: the JVM started to check a big input ended with status " + status + " before the check"
                + " did; any JVM option of your own keeps the check in one JVM: java -XX:+UseSerialGC -jar ...");
        return CheckCommand.BAD_INPUT;
    }

    /**
     * The second JVM, stopped when this one is (Ctrl-C, or SIGTERM from a CI job's timeout): a stop that comes while it
     * is being started waits for it, and one that came before keeps it from starting.
     */
    private static final class SecondJvm {
        private Process process;
        private boolean stopped;

        synchronized Process start(ProcessBuilder builder) throws IOException {
            if (stopped) {
                throw new IOException("this JVM is stopping");
            }
            process = builder.start();
            return process;
        }

        synchronized void stop() {
            stopped = true;
            if (process != null) {
                process.destroy();
            }
        }
    }

    private static void feed(byte[] read, InputStream stdin, OutputStream to) {
        try (to) {
            to.write(read);
            stdin.transferTo(to);
        } catch (IOException e) {
            // the other JVM stopped reading: its exit status says why
        }
    }
}
