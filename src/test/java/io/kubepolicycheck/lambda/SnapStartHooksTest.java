package io.kubepolicycheck.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.policystore.PolicySetNotFoundException;
import io.kubepolicycheck.policystore.PolicyStore;
import io.kubepolicycheck.requestlog.Starts;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The CRaC hooks SnapStart calls: priming before the snapshot, the store told after a restore. */
class SnapStartHooksTest {
    private static final class RecordingStore implements PolicyStore {
        final List<String> calls = new ArrayList<>();

        @Override
        public LoadedPolicySet load(String id) throws PolicySetNotFoundException {
            calls.add("load " + id);
            throw new PolicySetNotFoundException(id);
        }

        @Override
        public void prime() {
            calls.add("prime");
        }

        @Override
        public void afterRestore() {
            calls.add("afterRestore");
        }
    }

    private final RecordingStore configured = new RecordingStore();
    private final PolicyApi api = new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), configured),
            ApiSettings.DEFAULT);
    private final Starts starts = new Starts();
    private final SnapStartHooks hooks = new SnapStartHooks(() -> api, () -> starts);

    @Test
    void beforeTheCheckpointTheApiAndTheHandlerArePrimedWithoutAskingTheConfiguredStore() throws Exception {
        hooks.beforeCheckpoint(null);

        assertEquals(List.of("prime"), configured.calls);
        List<APIGatewayV2HTTPResponse> answers = SnapStartHooks.prime(api);
        assertEquals(SnapStartHooks.events().size(), answers.size());
        for (APIGatewayV2HTTPResponse answer : answers) {
            assertEquals(200, answer.getStatusCode(), answer.getBody());
        }
        assertEquals("text/plain; charset=utf-8", answers.get(0).getHeaders().get("content-type"));
    }

    @Test
    void afterARestoreTheStoreIsToldAndTheNextRequestIsARestore() throws Exception {
        assertEquals(Starts.COLD, starts.next());
        assertNull(starts.next());

        hooks.afterRestore(null);

        assertEquals(List.of("afterRestore"), configured.calls);
        assertEquals(Starts.RESTORE, starts.next());
        assertNull(starts.next());
    }

    @Test
    void primingUsesUpNeitherTheColdStartNorARestore() throws Exception {
        hooks.beforeCheckpoint(null);

        assertEquals(Starts.COLD, starts.next());
    }

    /** Loads the classes of the class path itself (not its parent's), and records each one it loads. */
    private static final class RecordingLoader extends URLClassLoader {
        final List<String> loaded = new CopyOnWriteArrayList<>();

        RecordingLoader() throws IOException {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        private static URL[] classPath() throws IOException {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            return urls.toArray(new URL[0]);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            loaded.add(name);
            return super.findClass(name);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void afterPrimingTheFirstRequestsLoadNoneOfTheRequestLogsClassesAndPrimingWroteNoLine() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        List<String> beforeRestore = new ArrayList<>();
        List<Integer> statuses;
        List<String> loaded;
        try (RecordingLoader loader = new RecordingLoader()) {
            Function<Runnable, List<Integer>> life = (Function<Runnable, List<Integer>>) loader
                    .loadClass(PrimedFirstRequests.class.getName()).getConstructor().newInstance();
            // outside Lambda the runtime's logger writes to standard output
            System.setOut(new PrintStream(written, true, StandardCharsets.UTF_8));
            try {
                statuses = life.apply(() -> {
                    beforeRestore.add(written.toString(StandardCharsets.UTF_8));
                    beforeRestore.addAll(loader.loaded);
                });
            } finally {
                System.setOut(stdout);
            }
            loaded = loader.loaded;
        }

        assertEquals(List.of(200, 200, 404), statuses);
        assertEquals("", beforeRestore.get(0), "priming wrote no line");
        assertTrue(beforeRestore.contains(LambdaLoggerSink.class.getName()), "the sink was primed");
        String lines = written.toString(StandardCharsets.UTF_8);
        assertEquals(PrimedFirstRequests.EVENTS.size(), lines.lines().filter(l -> l.contains("\"type\":\"request\""))
                .count(), "the requests' lines reached the runtime's logger: " + lines);
        List<String> afterRestore = loaded.subList(beforeRestore.size() - 1, loaded.size()).stream()
                .filter(name -> name.startsWith("io.kubepolicycheck.requestlog.")
                        || name.startsWith("io.kubepolicycheck.lambda.")
                        || name.startsWith("com.fasterxml.jackson.core.")
                        || name.startsWith("com.amazonaws.services.lambda.runtime."))
                .toList();
        assertEquals(List.of(), afterRestore, "loaded by the first requests after priming");
    }
}
