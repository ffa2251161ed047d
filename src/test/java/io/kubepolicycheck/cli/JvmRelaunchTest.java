package io.kubepolicycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
