package io.kubepolicycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.testing.BrokenYaml;
import io.kubepolicycheck.testing.Manifests;
import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.Operation;
import io.kubepolicycheck.validator.policy.UserInfo;
import io.kubepolicycheck.validator.render.Format;
import io.kubepolicycheck.validator.render.OneLine;
import io.kubepolicycheck.validator.render.VerdictRenderer;
import io.kubepolicycheck.validator.verdict.InputError;
import io.kubepolicycheck.validator.verdict.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line against the whole-input path on generated inputs: one or two files of conformance pods and other
 * objects, as documents, as a List (kubectl's layout or kind first, read in parts past its threshold), as a JSON
 * List, or a List between documents, each broken in up to two places (a quote or bracket opened, a line dropped,
 * indented or cut, a document marker, an anchor or alias, an odd character, a field mistyped, a kind lost). For
 * every seed the output, standard error and exit status must be the whole path's, on the machine's threads (and
 * from standard input for one file) and on four, but for what the docs say of the command line: where an input
 * holds several errors, the stream reports the first in document order; and inputs with nothing to check at all
 * are refused, as the HTTP API refuses an empty body. A long run: {@code mvn test
 * -Dtest=StreamingDifferentialTest -Dseeds.from=1000 -Dseeds.count=3000} (about 0.3 s a seed).
 */
class StreamingDifferentialTest {
    private static final AdmissionAttributes ATTRIBUTES =
            new AdmissionAttributes(null, Operation.CREATE, new UserInfo(null, List.of()));
    private static final Path PSA = Path.of("..", "shared", "conformance", "psa");
    private static final Limits UNCAPPED = Limits.DEFAULT.withMaxBytes(Integer.MAX_VALUE);

    @TempDir
    Path dir;

    static Stream<Long> seeds() {
        long from = Long.getLong("seeds.from", 0);
        return LongStream.range(from, from + Long.getLong("seeds.count", 30)).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theCommandLineAnswersAsTheWholeInputPath(long seed) throws Exception {
        Random random = new Random(seed);
        List<String> objects = objects();
        List<Path> files = new ArrayList<>();
        for (int k = 1 + random.nextInt(2); k > 0; k--) {
            files.add(input(random, objects, k));
        }
        Format format = Format.values()[random.nextInt(Format.values().length)];
        Map<String, byte[]> texts = new LinkedHashMap<>();
        for (Path f : files) {
            texts.put(f.toString(), Files.readAllBytes(f));
        }
        String rendered = answersAsWhole(seed, format, texts, null);
        if (files.size() == 1) {
            // standard input alone has no name in the verdict, as in the whole path's answer to an HTTP body
            Map<String, byte[]> stdin = new HashMap<>();
            stdin.put(null, texts.values().iterator().next());
            answersAsWhole(seed, format, stdin, stdin.get(null));
        }

        LoadedPolicySet set = new BuiltinPolicySets().load("pss-restricted");
        assertEquals(rendered, Pipelines.output(format, set, ATTRIBUTES, 4, files.toArray(Path[]::new)),
                "seed " + seed + ", four workers, " + format);
    }

    /**
     * The command line's output, standard error and exit status for the inputs (files by name, or standard input's
     * {@code stdin} under no name) against the whole path's; the output.
     */
    private static String answersAsWhole(long seed, Format format, Map<String, byte[]> texts, byte[] stdin)
            throws Exception {
        LoadedPolicySet set = new BuiltinPolicySets().load("pss-restricted");
        List<ManifestInput> inputs = new ArrayList<>();
        texts.forEach((source, bytes) -> inputs.add(new ManifestInput(source, bytes)));
        Verdict expected = firstInDocumentOrder(whole(set, inputs), set, texts);
        String rendered = VerdictRenderer.of(format).render(expected);
        StringBuilder errorLines = new StringBuilder();
        for (InputError e : expected.errors()) {
            String source = e.source() == null ? "<stdin>" : e.source();
            errorLines.append("error: ").append(OneLine.of(source + ": " + e.located())).append('\n');
        }

        List<String> args = new ArrayList<>(List.of("check", "--policy-set", "pss-restricted", "--format",
                format.label()));
        args.addAll(stdin != null ? List.of("-") : texts.keySet());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, Map.of(), new ByteArrayInputStream(stdin != null ? stdin : new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String on = "seed " + seed + (stdin != null ? ", standard input, " : ", ") + format;
        if (expected.resources().isEmpty() && expected.errors().isEmpty()) {
            // as the HTTP API refuses an empty body, the command line refuses inputs with nothing to check
            List<String> names = new ArrayList<>();
            texts.keySet().forEach(source -> names.add(source == null ? "<stdin>" : source));
            assertEquals("", out.toString(StandardCharsets.UTF_8), on);
            assertEquals("error: no Kubernetes objects found in " + String.join(", ", names) + "\n",
                    err.toString(StandardCharsets.UTF_8), on);
            assertEquals(2, status, on);
            return rendered;
        }
        assertEquals(rendered, out.toString(StandardCharsets.UTF_8), on);
        assertEquals(errorLines.toString(), err.toString(StandardCharsets.UTF_8), on);
        assertEquals(!expected.errors().isEmpty() ? 2 : expected.allowed() ? 0 : 1, status, on);
        return rendered;
    }

    /** The conformance pods, a Deployment and a ConfigMap, each ending in one line break. */
    private static List<String> objects() throws Exception {
        List<String> objects = new ArrayList<>();
        assertTrue(Files.isDirectory(PSA), "the shared PSA conformance fixtures are missing: " + PSA);
        try (Stream<Path> files = Files.walk(PSA)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                objects.add(Files.readString(f).strip() + "\n");
            }
        }
        objects.add(Manifests.PRIVILEGED_DEPLOYMENT.strip() + "\n");
        objects.add(Manifests.CONFIG_MAP.strip() + "\n");
        return objects;
    }

    /** A file of a few objects or of hundreds (a List past the size from which it is read in parts), broken or not. */
    private Path input(Random random, List<String> all, int k) throws Exception {
        int n = random.nextInt(4) == 0 ? 1 + random.nextInt(20) : 400 + random.nextInt(900);
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            objects.add(all.get(random.nextInt(all.size())));
        }
        int layout = random.nextInt(5);
        String text = switch (layout) {
            case 0 -> "---\n" + String.join("---\n", objects);
            case 1 -> yamlList(objects, false);
            case 2 -> yamlList(objects, true);
            case 3 -> jsonList(objects);
            default -> objects.get(0) + "---\n" + yamlList(objects, false) + "---\n" + objects.get(n - 1);
        };
        for (int m = random.nextInt(3); m > 0; m--) {
            text = layout == 3 ? breakJson(random, text) : breakYaml(random, text);
        }
        Path f = dir.resolve("input" + k + (layout == 3 ? ".json" : ".yaml"));
        Files.writeString(f, text);
        return f;
    }

    /** kubectl's layout (entries at column 0, kind after them), or entries indented under a kind that comes first. */
    private static String yamlList(List<String> objects, boolean kindFirst) {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\n" + (kindFirst ? "kind: List\n" : "") + "items:\n");
        String pad = kindFirst ? "  " : "";
        for (String o : objects) {
            String[] lines = o.split("\n");
            for (int i = 0; i < lines.length; i++) {
                yaml.append(pad).append(i == 0 ? "- " : "  ").append(lines[i]).append('\n');
            }
        }
        return kindFirst ? yaml.toString() : yaml.append("kind: List\nmetadata:\n  resourceVersion: \"\"\n").toString();
    }

    private static String jsonList(List<String> objects) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode list = mapper.createObjectNode().put("apiVersion", "v1");
        ArrayNode items = list.putArray("items");
        for (String o : objects) {
            items.add(mapper.valueToTree(new org.yaml.snakeyaml.Yaml().load(o)));
        }
        list.put("kind", "List").putObject("metadata").put("resourceVersion", "");
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(list);
    }

    private static String breakJson(Random random, String text) {
        int at = random.nextInt(text.length());
        return switch (random.nextInt(3)) {
            case 0 -> text.substring(0, at) + text.substring(at + 1);
            case 1 -> text.substring(0, at) + text.charAt(at) + text.substring(at);
            default -> text.substring(0, at) + ",:{}[]\"0x".charAt(random.nextInt(9)) + text.substring(at + 1);
        };
    }

    private static String breakYaml(Random random, String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        BrokenYaml.breakLine(random, lines, random.nextInt(lines.size()), 10);
        return String.join("\n", lines);
    }

    private static Verdict whole(LoadedPolicySet set, List<ManifestInput> inputs) {
        return new Validator(UNCAPPED).checkEach(set.set(), set.ref(), inputs, ATTRIBUTES);
    }

    /**
     * The whole path reports a syntax error anywhere in an input before an object's error (no kind, say), and that
     * before a pod field's type, found while judging; a stream reports the first in document order. So the text
     * before the reported error's line, or else before the document marker nearest above it, is read whole: an error
     * it meets in an earlier document is the input's, and is looked behind in turn.
     */
    private static Verdict firstInDocumentOrder(Verdict verdict, LoadedPolicySet set, Map<String, byte[]> texts) {
        List<InputError> errors = new ArrayList<>();
        for (InputError reported : verdict.errors()) {
            InputError e = reported;
            InputError earlier = e;
            while (earlier != null && e.document() != null && e.line() != null) {
                String[] lines = new String(texts.get(e.source()), StandardCharsets.UTF_8).split("\n", -1);
                earlier = null;
                for (int cut = e.line() - 1; cut > 0; cut--) {
                    if (cut != e.line() - 1 && !lines[cut].startsWith("---") && !lines[cut].startsWith("...")) {
                        continue;
                    }
                    String before = String.join("\n", Arrays.copyOfRange(lines, 0, cut)) + "\n";
                    List<InputError> found = whole(set,
                            List.of(new ManifestInput(e.source(), before.getBytes(StandardCharsets.UTF_8)))).errors();
                    if (found.isEmpty()) {
                        break;
                    }
                    if (found.get(0).document() != null && found.get(0).document() < e.document()) {
                        earlier = found.get(0);
                        e = earlier;
                        break;
                    }
                }
            }
            errors.add(e);
        }
        return errors.equals(verdict.errors()) ? verdict
                : Verdict.of(verdict.policySet(), verdict.resources(), errors);
    }
}
