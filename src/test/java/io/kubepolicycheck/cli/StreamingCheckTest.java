package io.kubepolicycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.testing.Manifests;
import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.Operation;
import io.kubepolicycheck.validator.policy.UserInfo;
import io.kubepolicycheck.validator.render.Format;
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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line reads, judges and writes a document at a time, on several threads: its answer must be the
 * one the whole-input path (every input read, then judged, then rendered) gives, byte for byte, for every format,
 * including outputs larger than the part of the verdict kept in memory, and an input that cannot be checked
 * reported in its place, none of its resources judged, as there.
 */
class StreamingCheckTest {
    private static final AdmissionAttributes ATTRIBUTES =
            new AdmissionAttributes(null, Operation.CREATE, new UserInfo(null, List.of()));

    @TempDir
    Path dir;
    String out;
    String err;

    /** Pods allowed and denied, a workload, an object without a pod, empty documents, a List. */
    private static String manyDocuments(int pods) {
        StringBuilder yaml = new StringBuilder("# a cluster dump\n");
        for (int i = 0; i < pods; i++) {
            String doc = switch (i % 5) {
                case 0 -> Manifests.RESTRICTED_POD;
                case 1 -> Manifests.PRIVILEGED_POD;
                case 2 -> Manifests.PRIVILEGED_DEPLOYMENT;
                case 3 -> Manifests.CONFIG_MAP;
                default -> "";
            };
            yaml.append("---\n").append(doc.replace("name: ", "name: n" + i + "-"));
        }
        yaml.append("---\napiVersion: v1\nkind: List\nitems:\n- ").append(Manifests.PRIVILEGED_POD.replace("\n", "\n  "));
        return yaml.toString();
    }

    /** The documents of a cluster dump: pods allowed and denied, a workload, an object without a pod. */
    private static List<String> dumpedObjects(int n) {
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String doc = switch (i % 4) {
                case 0 -> Manifests.RESTRICTED_POD;
                case 1 -> Manifests.PRIVILEGED_POD;
                case 2 -> Manifests.PRIVILEGED_DEPLOYMENT;
                default -> Manifests.CONFIG_MAP;
            };
            objects.add(doc.replace("name: ", "name: n" + i + "-"));
        }
        return objects;
    }

    /** As {@code kubectl get -A -o yaml} writes them: one List, entries at column 0, kind after the items. */
    private static String yamlList(List<String> objects, String kind) {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nitems:\n");
        for (String o : objects) {
            yaml.append("- ").append(o.strip().replace("\n", "\n  ")).append('\n');
        }
        return yaml.append("kind: ").append(kind).append("\nmetadata:\n  resourceVersion: \"\"\n").toString();
    }

    /** As {@code kubectl get -A -o json} writes them. */
    private static String jsonList(List<String> objects) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode list = mapper.createObjectNode().put("apiVersion", "v1");
        com.fasterxml.jackson.databind.node.ArrayNode items = list.putArray("items");
        for (String o : objects) {
            items.add(mapper.readTree(mapper.writeValueAsString(new org.yaml.snakeyaml.Yaml().load(o))));
        }
        list.put("kind", "List").putObject("metadata").put("resourceVersion", "");
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(list);
    }

    private int run(String... args) {
        return runOn(new byte[0], args);
    }

    /** The command line with {@code stdin} as its standard input. */
    private int runOn(byte[] stdin, String... args) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), Map.of(), new ByteArrayInputStream(stdin),
                new PrintStream(outBytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        return status;
    }

    private Path file(String name, String content) throws Exception {
        Path path = dir.resolve(name);
        Files.writeString(path, content);
        return path;
    }

    /** What the whole-input path answers for the same files. */
    private static Verdict wholeVerdict(Path... files) throws Exception {
        LoadedPolicySet set = new BuiltinPolicySets().load("pss-restricted");
        List<ManifestInput> inputs = new ArrayList<>();
        for (Path f : files) {
            inputs.add(new ManifestInput(f.toString(), Files.readAllBytes(f)));
        }
        return new Validator(Limits.DEFAULT.withMaxBytes(Integer.MAX_VALUE)).checkEach(set.set(), set.ref(), inputs,
                ATTRIBUTES);
    }

    private static String whole(Format format, Path... files) throws Exception {
        return VerdictRenderer.of(format).render(wholeVerdict(files));
    }

    /** The lines standard error gets for the inputs that could not be checked. */
    private static String errorLines(Verdict verdict) {
        StringBuilder lines = new StringBuilder();
        for (InputError e : verdict.errors()) {
            lines.append("error: ").append(e.source()).append(": ").append(e.located()).append('\n');
        }
        return lines.toString();
    }

    /**
     * With more than two workers, as on a bigger machine, the workers encode the verdicts and the reading thread only
     * copies them: the same bytes, a broken input taken back and a List read in parts included.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void onMoreCoresTheWorkersEncodeTheVerdictsAndTheBytesAreTheSame(Format format) throws Exception {
        Path many = file("many.yaml", manyDocuments(600));
        Path broken = file("broken.yaml", Manifests.PRIVILEGED_POD + "---\nkey: [unclosed\n");
        Path dump = file("dump.yaml", yamlList(dumpedObjects(3_000), "List"));
        Path json = file("dump.json", jsonList(dumpedObjects(500)));
        Path[] files = {many, broken, dump, json, many};
        LoadedPolicySet set = new BuiltinPolicySets().load("pss-restricted");
        assertEquals(whole(format, files), Pipelines.output(format, set, ATTRIBUTES, 4, files));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aManyDocumentInputAnswersAsTheWholeInputPathDoes(Format format) throws Exception {
        Path a = file("a.yaml", manyDocuments(1_000));
        Path b = file("b.json", "[" + ("{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"j\"},"
                + " \"spec\": {\"containers\": [{\"name\": \"c\", \"image\": \"i\"}]}},").repeat(300)
                + "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"s\"}}]");
        assertEquals(1, run("check", "--policy-set", "pss-restricted", "--format", format.label(), a.toString(),
                b.toString()), err);
        assertEquals("", err);
        assertEquals(whole(format, a, b), out);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aClusterDumpReadItemByItemAnswersAsTheWholeInputPathDoes(Format format) throws Exception {
        // past the size from which a YAML List is cut between its items, with documents before and after it
        List<String> objects = dumpedObjects(3_000);
        Path yaml = file("dump.yaml", Manifests.PRIVILEGED_POD + "---\n" + yamlList(objects, "List") + "---\n"
                + Manifests.RESTRICTED_POD);
        Path json = file("dump.json", jsonList(objects));
        Path notAList = file("foo.yaml", yamlList(objects, "Foo"));
        Path[] files = {yaml, json, notAList, yaml};
        List<String> args = new ArrayList<>(List.of("check", "--policy-set", "pss-restricted", "--format",
                format.label()));
        for (Path f : files) {
            args.add(f.toString());
        }
        assertEquals(1, run(args.toArray(String[]::new)), err);
        assertEquals("", err);
        assertEquals(whole(format, files), out);
    }

    @Test
    void aClusterDumpGetsTheVerdictsOfItsObjectsAsSeparateDocuments() throws Exception {
        List<String> objects = dumpedObjects(3_000);
        Path documents = file("documents.yaml", "---\n" + String.join("---\n", objects));
        assertEquals(1, run("check", "--policy-set", "pss-restricted", documents.toString()), err);
        String separate = verdicts(out);
        for (Path dump : new Path[] {file("dump.yaml", yamlList(objects, "List")), file("dump.json",
                jsonList(objects))}) {
            assertEquals(1, run("check", "--policy-set", "pss-restricted", dump.toString()), err);
            assertEquals(separate, verdicts(out));
        }
        assertTrue(separate.contains("\"summary\":\"1500 of 3000 resources denied\""), separate);
    }

    /** A json verdict without what depends on where the objects stand: files, documents, lines and columns. */
    private static String verdicts(String json) throws Exception {
        JsonNode verdict = new ObjectMapper().readTree(json);
        for (JsonNode r : verdict.get("resources")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove(List.of("source", "document", "line"));
            for (JsonNode v : r.get("violations")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) v).remove(List.of("line", "column"));
            }
        }
        return verdict.toString();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aClusterDumpWithAnObjectThatCannotBeCheckedIsReportedAsTheWholeInputPathReportsIt(Format format)
            throws Exception {
        // the mistyped pod is judged after hundreds of items were written: they are taken back
        List<String> objects = dumpedObjects(3_000);
        objects.set(2_500, Manifests.RESTRICTED_POD.replace("containers:", "hostNetwork: \"yes\"\n  containers:"));
        Path yaml = file("dump.yaml", Manifests.PRIVILEGED_POD + "---\n" + yamlList(objects, "List"));
        Path json = file("dump.json", jsonList(objects));
        Path good = file("good.yaml", manyDocuments(20));
        assertEquals(2, run("check", "--policy-set", "pss-restricted", "--format", format.label(), good.toString(),
                yaml.toString(), json.toString(), good.toString()), err);
        Verdict expected = wholeVerdict(good, yaml, json, good);
        assertEquals(2, expected.errors().size(), expected.errors().toString());
        assertEquals(whole(format, good, yaml, json, good), out);
        assertEquals(errorLines(expected), err);
    }

    /**
     * A refused entry is kept until the List's end, and the answer is the whole-input path's: the first entry that is
     * not an object before any refused object, a List without kind before both, a later syntax error before all,
     * and a document that is no List judged as one object; as YAML read in parts and as JSON read item by item.
     */
    @ParameterizedTest
    @CsvSource({"yaml,refused", "yaml,not an object later", "yaml,no kind", "yaml,kind Foo", "yaml,syntax error later",
            "json,refused", "json,not an object later", "json,no kind", "json,kind Foo", "json,syntax error later"})
    void aClusterDumpWithARefusedEntryAnswersAsTheWholeInputPath(String layout, String variant) throws Exception {
        List<String> objects = dumpedObjects(3_000);
        objects.set(500, Manifests.RESTRICTED_POD.replace("containers:", "hostNetwork: \"yes\"\n  containers:"));
        if (variant.equals("not an object later")) {
            objects.set(2_500, "apiVersion: v1\nmetadata: {name: kindless}\n");
        }
        boolean yaml = layout.equals("yaml");
        if (yaml && variant.equals("syntax error later")) {
            objects.set(2_999, Manifests.CONFIG_MAP + "  broken: \"open\n");
        }
        String kind = variant.equals("kind Foo") ? "Foo" : "List";
        String text = yaml ? yamlList(objects, kind) : jsonList(objects).replace("\"kind\" : \"List\"", "\"kind\" : \"" + kind + "\"");
        if (variant.equals("no kind")) {
            text = yaml ? text.substring(0, text.indexOf("kind: List\nmetadata:"))
                    : text.replace("\"kind\" : \"List\",", "");
        }
        if (!yaml && variant.equals("syntax error later")) {
            text = text.substring(0, text.lastIndexOf('}')) + ", }";
        }
        Path input = file("dump." + layout, text);
        int status = run("check", "--policy-set", "pss-restricted", input.toString());
        Verdict expected = wholeVerdict(input);
        assertEquals(whole(Format.JSON, input), out);
        assertEquals(errorLines(expected), err);
        assertEquals(!expected.errors().isEmpty() ? 2 : expected.allowed() ? 0 : 1, status, err);
        assertEquals(variant.equals("kind Foo"), expected.errors().isEmpty(), err);
        String reported = switch (variant) {
            case "refused", "kind Foo" -> "hostNetwork";
            case "not an object later" -> "object has no kind";
            case "no kind" -> "document 0, line 1, column 1: object has no kind";
            default -> yaml ? "invalid YAML" : "invalid JSON";
        };
        assertEquals(!variant.equals("kind Foo"), err.contains(reported), err);
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"JSON", "SARIF", "JUNIT"})
    void aVerdictLargerThanTheSpoolsMemoryIsWrittenWhole(Format format) throws Exception {
        // junit's test cases are shorter than json's resources and sarif's results: more of them fill the memory
        Path a = file("big.yaml", manyDocuments(format == Format.JUNIT ? 16_000 : 12_000));
        assertEquals(1, run("check", "--policy-set", "pss-restricted", "--format", format.label(), a.toString()));
        assertTrue(out.length() > 4 << 20, "the verdict went past memory to the spool file: " + out.length());
        assertEquals(whole(format, a), out);
    }

    /**
     * A temporary folder that cannot hold the spool (missing here; full on a small CI runner) stops the run with an
     * error that says so and where, and never blames the input: for the output's spool and for a List's text, YAML
     * or JSON (which passes through Jackson's parser on its way).
     */
    @Test
    void aTemporaryFolderThatCannotHoldTheSpoolIsSaidSoAndTheInputIsNotBlamed() throws Exception {
        Path big = file("big.yaml", manyDocuments(12_000));
        Path dump = file("dump.yaml", yamlList(dumpedObjects(3_000), "List"));
        Path json = file("dump.json", jsonList(dumpedObjects(12_000)));
        assertTrue(Files.size(json) > 4 << 20, "past what a JSON List keeps in memory: " + Files.size(json));
        Path missing = dir.resolve("no-such-folder");
        String before = System.getProperty("java.io.tmpdir");
        try {
            System.setProperty("java.io.tmpdir", missing.toString());
            String expected = "error: cannot create a temporary file in " + missing + ": no such folder (the folder is "
                    + "java.io.tmpdir: choose another with -Djava.io.tmpdir=DIR)\n";
            assertEquals(2, run("check", "--policy-set", "pss-restricted", "--format", "json", big.toString()));
            assertEquals(expected, err);
            // a List's text is kept until its kind is known when it comes from standard input; a file is read again
            assertEquals(2, runOn(Files.readAllBytes(dump), "check", "--policy-set", "pss-restricted", "--format",
                    "markdown", "-"));
            assertEquals(expected, err);
            assertEquals(1, run("check", "--policy-set", "pss-restricted", "--format", "markdown", dump.toString()));
            assertEquals("", err);
            assertEquals(2, runOn(Files.readAllBytes(json), "check", "--policy-set", "pss-restricted", "--format",
                    "markdown", "-"));
            assertEquals(expected, err);
            assertEquals(1, run("check", "--policy-set", "pss-restricted", "--format", "markdown", json.toString()));
            assertEquals("", err);
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aBrokenInputIsReportedAsTheWholeInputPathReportsItAndTheOthersAreChecked(Format format) throws Exception {
        // resources before the error (a pod, a config map) were judged and written before it was read: taken back
        Path broken = file("broken.yaml", Manifests.RESTRICTED_POD + "---\n" + Manifests.PRIVILEGED_POD + "---\n"
                + Manifests.CONFIG_MAP + "---\nkey: [unclosed\n");
        Path good = file("good.yaml", manyDocuments(20));
        String mistyped = Manifests.RESTRICTED_POD.replace("containers:", "hostNetwork: \"yes\"\n  containers:");
        Path schema = file("schema.yaml", Manifests.PRIVILEGED_POD + "---\n" + mistyped + "---\n"
                + Manifests.CONFIG_MAP);
        Path json = file("c.json", "[" + ("{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"j\"},"
                + " \"spec\": {\"containers\": [{\"name\": \"c\", \"image\": \"i\"}]}},").repeat(30) + "{\"kind\": 3}]");
        Path[] files = {broken, good, schema, json, good};
        List<String> args = new ArrayList<>(List.of("check", "--policy-set", "pss-restricted", "--format",
                format.label()));
        for (Path f : files) {
            args.add(f.toString());
        }
        assertEquals(2, run(args.toArray(String[]::new)), err);
        Verdict expected = wholeVerdict(files);
        assertEquals(3, expected.errors().size(), expected.errors().toString());
        assertEquals(whole(format, files), out);
        assertEquals(errorLines(expected), err);
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"JSON", "TEXT", "SARIF", "JUNIT"})
    void aBrokenInputWhoseResourcesWentPastTheSpoolsMemoryIsTakenBackFromTheFile(Format format) throws Exception {
        Path before = file("before.yaml", manyDocuments(2_000));
        Path broken = file("broken.yaml", manyDocuments(16_000) + "---\nkey: [unclosed\n");
        Path after = file("after.yaml", manyDocuments(30));
        assertEquals(2, run("check", "--policy-set", "pss-restricted", "--format", format.label(), before.toString(),
                broken.toString(), after.toString()), err);
        assertEquals(whole(format, before, broken, after), out);
        assertEquals(errorLines(wholeVerdict(before, broken, after)), err);
    }

    @Test
    void templateDelimitersPastTheErrorStillAddTheAdviceTheWholeInputPathGives() throws Exception {
        // the error is in the first object, found by the reading thread, which stops there; the rest, read on only
        // to look for "{{" and "}}", is far past what was read
        Path template = file("chart.json", "[{\"apiVersion\": \"v1\", \"kind\": 3}," + " ".repeat(400_000)
                + "{\"image\": \"{{ .Values.image }}\"}]");
        Path good = file("good.yaml", Manifests.PRIVILEGED_POD);
        assertEquals(2, run("check", "--policy-set", "pss-restricted", "--format", "text", template.toString(),
                good.toString()));
        Verdict expected = wholeVerdict(template, good);
        assertTrue(expected.errors().get(0).message().endsWith(Validator.TEMPLATE_ADVICE), expected.errors().toString());
        assertEquals(whole(Format.TEXT, template, good), out);
        assertEquals(errorLines(expected), err);
    }

    /**
     * An entry of a cluster dump over a limit (a bomb, too deep a nesting) is refused in its part, where it stands,
     * without reading the dump again whole: the first error in input order, as for documents. Read whole, SnakeYAML
     * would have met the quoted text left open in the last entry first, having held the whole dump.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bomb", "deep"})
    void anEntryOverALimitInAClusterDumpIsRefusedInItsPart(String kind) throws Exception {
        List<String> objects = dumpedObjects(3_000);
        String over = kind.equals("bomb")
                ? "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n"
                        + "  a: &a [x, x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                        + "  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                        + "  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                        + "  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
                : "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a: " + "[".repeat(5_000)
                        + "]".repeat(5_000) + "\n";
        objects.set(1_500, over);
        objects.set(2_999, Manifests.CONFIG_MAP + "  broken: \"open\n");
        String text = yamlList(objects, "List");
        Path yaml = file("dump.yaml", text);
        assertEquals(2, run("check", "--policy-set", "pss-restricted", yaml.toString()), err);
        int name = text.substring(0, text.indexOf("name: " + kind)).split("\n", -1).length; // the entry's name line
        String expected = kind.equals("bomb")
                ? "error converting YAML to JSON: yaml: document contains excessive aliasing"
                : "manifest nests deeper than 100 levels";
        Matcher error = Pattern.compile("error: " + Pattern.quote(yaml.toString())
                + ": document 0, line (\\d+), column \\d+: " + Pattern.quote(expected) + "\n").matcher(err);
        assertTrue(error.matches(), err);
        int line = Integer.parseInt(error.group(1));
        assertTrue(line >= name + 2 && line <= name + 8, line + " is not in the data of the entry named at line " + name);
        JsonNode verdict = new ObjectMapper().readTree(out);
        assertEquals(0, verdict.get("resources").size(), out);
        assertEquals(1, verdict.get("errors").size(), out);
    }

    @Test
    void withSeveralErrorsInOneInputTheFirstInDocumentOrderIsReported() throws Exception {
        // document 2 holds a pod field of the wrong type (found while judging), document 4 broken YAML (found while
        // reading): the whole-input path read all of it first and reported the syntax; a stream reports document 2
        String mistyped = Manifests.RESTRICTED_POD.replace("containers:", "hostNetwork: \"yes\"\n  containers:");
        Path a = file("a.yaml", Manifests.RESTRICTED_POD + "---\n" + Manifests.CONFIG_MAP + "---\n" + mistyped
                + "---\n" + Manifests.RESTRICTED_POD + "---\nkey: [unclosed\n");
        assertEquals(2, run("check", "--policy-set", "pss-restricted", a.toString()));
        assertTrue(err.startsWith("error: " + a + ": document 2, line "), err);
        assertTrue(err.contains("hostNetwork"), err);
        assertEquals(1, err.lines().count(), err);
        JsonNode verdict = new ObjectMapper().readTree(out);
        assertEquals(0, verdict.get("resources").size(), out);
        assertEquals(1, verdict.get("errors").size(), out);
        assertEquals(2, verdict.get("errors").get(0).get("document").asInt(), out);
    }

    @Test
    void aByteThatIsNotUtf8IsPlacedAsInTheWholeText() throws Exception {
        byte[] head = (Manifests.RESTRICTED_POD + "---\n" + Manifests.CONFIG_MAP + "---\napiVersion: v1\nkind: Pod\n"
                + "metadata:\n  name: caf").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 3 + 70_000];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xe9;
        bytes[head.length + 1] = '\n';
        java.util.Arrays.fill(bytes, head.length + 2, bytes.length, (byte) '#');
        Path a = dir.resolve("latin1.yaml");
        Files.write(a, bytes);
        assertEquals(2, run("check", "--policy-set", "pss-restricted", a.toString()));
        Verdict expected = wholeVerdict(a);
        assertEquals(1, expected.errors().size());
        assertTrue(expected.errors().get(0).located().contains("document 2, line "), expected.errors().toString());
        assertEquals(errorLines(expected), err);
        assertEquals(whole(Format.JSON, a), out);
    }
}
