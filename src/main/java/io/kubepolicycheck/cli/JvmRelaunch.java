package io.kubepolicycheck.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A big input is checked in a second JVM with the serial collector and the C1 compiler alone. On such an input that
 * JVM takes about half the CPU and under half the memory of the JVM's defaults (docs/performance.md): the live data
 * is a few MB, so G1's barriers, threads and heap growth only cost, and C2 spends more CPU compiling code that is hot
 * for seconds than its code saves. A jar cannot choose the flags of the JVM that runs it, so {@code java -jar} with
 * no JVM option of its own starts one that has them, hands on the streams and exits with its status. The second
 * start costs 70 to 100 ms, which a run gains back from about 150 kB of input; {@link #MIN_BYTES} is well past that.
 * A JVM option on the command line or in {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} or
 * {@code _JAVA_OPTIONS} is the user's choice of JVM, and then the check runs in this one.
 */
final class JvmRelaunch {
    static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");
    static final long MIN_BYTES = 512 * 1024;
    private static final List<String> OPTIONS_FROM_ENVIRONMENT =
            List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    /** Checks in this JVM whatever the input: for the command line run in-process, as the tests do. */
    static final JvmRelaunch NEVER = new JvmRelaunch(null);

    private final List<String> command;

    private JvmRelaunch(List<String> command) {
        this.command = command;
    }

    /** For this process, started with {@code args} after its main class. */
    static JvmRelaunch forThisProcess(Map<String, String> env, List<String> args) {
        ProcessHandle.Info info = ProcessHandle.current().info();
        return new JvmRelaunch(command(info.command(), info.arguments().map(List::of), env, args).orElse(null));
    }

    /**
     * The command line of a JVM with {@link #FLAGS} that runs the same jar with the same arguments, if this one is
     * {@code java -jar JAR ARGS} exactly, with nothing in the environment that the JVM reads as options.
     */
    static Optional<List<String>> command(Optional<String> java, Optional<List<String>> arguments,
            Map<String, String> env, List<String> args) {
        if (java.isEmpty() || arguments.isEmpty() || OPTIONS_FROM_ENVIRONMENT.stream().anyMatch(env::containsKey)) {
            return Optional.empty();
        }
        List<String> given = arguments.get();
        if (given.size() != args.size() + 2 || !given.get(0).equals("-jar")
                || !given.subList(2, given.size()).equals(args)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(java.get()));
        command.addAll(FLAGS);
        command.addAll(given);
        return Optional.of(command);
    }

    boolean possible() {
        return command != null;
    }

    /** The size of standard input when it is a regular file (redirected with {@code <}), which a pipe is not. */
    static OptionalLong standardInputSize() {
        Path stdin = Path.of("/proc/self/fd/0");
        try {
            return Files.isRegularFile(stdin) ? OptionalLong.of(Files.size(stdin)) : OptionalLong.empty();
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Runs the second JVM on this process's standard output and error, and returns its exit status, or nothing if it
     * could not be started. Its standard input is this one's, inherited when {@code read} is null, else handed on
     * through a pipe: {@code read}, the first bytes already taken from {@code stdin}, then the rest of it.
     */
    OptionalInt run(byte[] read, InputStream stdin) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(read == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException | SecurityException e) {
            return OptionalInt.empty();
        }
        // Stopped with Ctrl-C or a SIGTERM (a CI job's timeout, say), this JVM stops the other one too.
        Thread stop = new Thread(process::destroy);
        Runtime.getRuntime().addShutdownHook(stop);
        if (read != null) {
            Thread feed = new Thread(() -> feed(read, stdin, process.getOutputStream()), "standard input");
            feed.setDaemon(true);
            feed.start();
        }
        try {
            int status = process.waitFor();
            Runtime.getRuntime().removeShutdownHook(stop);
            return OptionalInt.of(status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return OptionalInt.of(CheckCommand.BAD_INPUT);
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
