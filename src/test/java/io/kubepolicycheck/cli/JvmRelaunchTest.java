package io.kubepolicycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** When {@code check} may start a second JVM with the flags that suit a big input: only for plain {@code java -jar}. */
class JvmRelaunchTest {
    private static final String JAVA = "/usr/lib/jvm/java-17/bin/java";
    private static final List<String> ARGS = List.of("check", "--policy-set", "pss-restricted", "dump.yaml");

    @Test
    void plainJavaJarRunsTheSameJarAndArgumentsWithTheFlags() {
        List<String> expected = new ArrayList<>(List.of(JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData", "-jar", "tools/kube-policy-check.jar"));
        expected.addAll(ARGS);
        assertEquals(Optional.of(expected), command(jvmArguments("-jar", "tools/kube-policy-check.jar"), Map.of()));
    }

    @Test
    void theJarsClassDataArchiveIsMappedWhenThereIsOne() {
        List<String> expected = new ArrayList<>(List.of(JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData", "-XX:SharedArchiveFile=tools/kube-policy-check.jsa", "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off", "-jar", "tools/kube-policy-check.jar"));
        expected.addAll(ARGS);
        assertEquals(Optional.of(expected), JvmRelaunch.command(JAVA, jvmArguments("-jar", "tools/kube-policy-check.jar"),
                Map.of(), ARGS, Path.of("tools/kube-policy-check.jsa")::equals));
    }

    @Test
    void aJvmOptionOnTheCommandLineIsTheUsersChoice() {
        for (String option : List.of("-Xmx2g", "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8", "-Xshare:off")) {
            assertEquals(Optional.empty(), command(jvmArguments(option, "-jar", "k.jar"), Map.of()), option);
        }
    }

    /**
     * The second JVM adds {@link JvmRelaunch#RAN} to the check's status when its environment names its parent as the
     * JVM that handed it the check; a status of its own (HotSpot's 1 when it cannot start) is said, and does not read
     * as "denied".
     */
    @Test
    void aSecondJvmThatEndsWithoutACheckStatusIsAnErrorNotADenial() {
        // sh stands in for the second JVM: it answers as Main does in it, or ends as a JVM that failed to start
        String asMain = "[ \"$" + JvmRelaunch.HANDED_OVER + "\" = \"$PPID\" ] && exit " + (JvmRelaunch.RAN + 1)
                + "; exit 1";
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(OptionalInt.of(1), JvmRelaunch.running(List.of("sh", "-c", asMain))
                .run(null, InputStream.nullInputStream(), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals(OptionalInt.of(2), JvmRelaunch.running(List.of("sh", "-c", "exit 1"))
                .run(null, InputStream.nullInputStream(), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                "error: the JVM started to check a big input ended with status 1 before the check did;"),
                err.toString());

        err.reset();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertFalse(JvmRelaunch.handedOver(null));
        assertFalse(JvmRelaunch.handedOver("1"), "a value the user exported is not a hand-over");
        assertFalse(JvmRelaunch.handedOver(Long.toString(ProcessHandle.current().pid())), "this JVM is not its parent");
        assertTrue(JvmRelaunch.handedOver(Long.toString(ProcessHandle.current().parent().orElseThrow().pid())));
        assertEquals(List.of(0, 1, 2, 3), List.of(JvmRelaunch.statusOfCheck(10, errors),
                JvmRelaunch.statusOfCheck(11, errors), JvmRelaunch.statusOfCheck(12, errors),
                JvmRelaunch.statusOfCheck(13, errors)));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(2, 2),
                List.of(JvmRelaunch.statusOfCheck(0, errors), JvmRelaunch.statusOfCheck(14, errors)));
        assertEquals(2, err.toString(StandardCharsets.UTF_8).lines().count(), err.toString());
        err.reset();
        assertEquals(List.of(130, 137, 143), List.of(JvmRelaunch.statusOfCheck(130, errors),
                JvmRelaunch.statusOfCheck(137, errors), JvmRelaunch.statusOfCheck(143, errors)));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "a signal is the shell's to report");
    }

    @Test
    void onlyHotSpotIsGivenItsFlags() {
        assertEquals(List.of(true, true, false, false), List.of(JvmRelaunch.takesTheFlags("OpenJDK 64-Bit Server VM"),
                JvmRelaunch.takesTheFlags("Java HotSpot(TM) 64-Bit Server VM"),
                JvmRelaunch.takesTheFlags("Eclipse OpenJ9 VM"), JvmRelaunch.takesTheFlags(null)));
    }

    @Test
    void theSecondJvmDoesNotStartAThird() {
        List<String> second = command(jvmArguments("-jar", "k.jar"), Map.of()).orElseThrow();
        assertEquals(Optional.empty(), command(second.subList(1, second.size()), Map.of()));
    }

    @Test
    void optionsTheJvmReadsFromTheEnvironmentAreTheUsersChoice() {
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            assertEquals(Optional.empty(), command(jvmArguments("-jar", "k.jar"), Map.of(variable, "-Xmx1g")),
                    variable);
        }
    }

    @Test
    void aJvmThatIsNotJavaJarWithTheseArgumentsIsLeftAlone() {
        // a main class on a class path (an IDE, a test), or arguments that are not the ones main was given
        assertEquals(Optional.empty(), command(jvmArguments("-cp", "k.jar", "io.kubepolicycheck.cli.Main"), Map.of()));
        assertEquals(Optional.empty(), command(List.of("-jar", "k.jar", "check", "--policy-set", "pss-baseline",
                "dump.yaml"), Map.of()));
        assertEquals(Optional.empty(), command(List.of("-jar", "k.jar"), Map.of()));
    }

    private static Optional<List<String>> command(List<String> arguments, Map<String, String> env) {
        return JvmRelaunch.command(JAVA, arguments, env, ARGS, archive -> false);
    }

    /** What {@code /proc/self/cmdline} holds after the java command, ARGS last. */
    private static List<String> jvmArguments(String... beforeArgs) {
        List<String> all = new ArrayList<>(List.of(beforeArgs));
        all.addAll(ARGS);
        return all;
    }
}
