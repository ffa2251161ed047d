package io.kubepolicycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.testing.Manifests;
import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.manifest.ManifestException;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.Operation;
import io.kubepolicycheck.validator.policy.UserInfo;
import io.kubepolicycheck.validator.render.Format;
import io.kubepolicycheck.validator.render.VerdictRenderer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The command line reads, judges and writes a document at a time, on several threads: its answer must be the
 * one the whole-input path (every input read, then judged, then rendered) gives, byte for byte, for every format,
 * including outputs larger than the part of the verdict kept in memory, and errors in the same order.
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

    private int run(String... args) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), Map.of(), new ByteArrayInputStream(new byte[0]),
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
    private static String whole(Format format, Path... files) throws Exception {
        LoadedPolicySet set = new BuiltinPolicySets().load("pss-restricted");
        List<ManifestInput> inputs = new ArrayList<>();
        for (Path f : files) {
            inputs.add(new ManifestInput(f.toString(), Files.readAllBytes(f)));
        }
        return VerdictRenderer.of(format).render(new Validator(Limits.DEFAULT.withMaxBytes(Integer.MAX_VALUE)).check(set.set(), set.ref(), inputs, ATTRIBUTES));
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
    @EnumSource(value = Format.class, names = {"JSON", "SARIF"})
    void aVerdictLargerThanTheSpoolsMemoryIsWrittenWhole(Format format) throws Exception {
        Path a = file("big.yaml", manyDocuments(12_000));
        assertEquals(1, run("check", "--policy-set", "pss-restricted", "--format", format.label(), a.toString()));
        assertTrue(out.length() > 4 << 20, "the verdict went past memory to the spool file: " + out.length());
        assertEquals(whole(format, a), out);
    }

    @Test
    void anErrorIsTheOneTheWholeInputPathGivesAndNothingIsWritten() throws Exception {
        Path broken = file("broken.yaml", Manifests.RESTRICTED_POD + "---\n" + Manifests.CONFIG_MAP + "---\nkey: [unclosed\n");
        assertEquals(2, run("check", "--policy-set", "pss-restricted", broken.toString()));
        ManifestException syntax = assertThrows(ManifestException.class, () -> whole(Format.JSON, broken));
        assertEquals("error: " + syntax.located() + "\n", err);
        assertEquals("", out);

        String mistyped = Manifests.RESTRICTED_POD.replace("containers:", "hostNetwork: \"yes\"\n  containers:");
        Path schema = file("schema.yaml", Manifests.RESTRICTED_POD + "---\n" + mistyped + "---\n" + Manifests.CONFIG_MAP);
        assertEquals(2, run("check", "--policy-set", "pss-restricted", "--format", "text", schema.toString()));
        ManifestException field = assertThrows(ManifestException.class, () -> whole(Format.JSON, schema));
        assertEquals("error: " + field.located() + "\n", err);
        assertEquals("", out);
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
        assertEquals("", out);
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
        ManifestException expected = assertThrows(ManifestException.class, () -> whole(Format.JSON, a));
        assertTrue(expected.located().contains("document 2, line "), expected.located());
        assertEquals("error: " + expected.located() + "\n", err);
    }
}
