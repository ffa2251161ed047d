package io.kubepolicycheck.validator.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A YAML stream read in parts cut at its document markers, each part on its own and the rest as one stream where a
 * part does not stand alone, reads exactly as the stream read whole: the same documents, numbers, values, types,
 * lines and columns, and the same errors at the same places.
 */
class YamlChunksTest {
    private static final String POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
            + "  - name: c\n    image: i\n";

    static Stream<String> streams() throws Exception {
        List<String> texts = new ArrayList<>(List.of(
                "", "# only a comment\n", "---\n", POD, "---\n" + POD, "# head\n---\n" + POD + "---\n" + POD,
                POD + "---\n---\n" + POD + "---\n", POD + "--- # a comment on the marker\n" + POD,
                POD + "---\t\n" + POD, POD + "---x\n" + POD, POD + "----\n" + POD,
                "a: \"quoted\n---\nstill quoted\"\n---\n" + POD,
                "a: 'single\n--- \nstill'\n" + POD,
                "a: [1,\n---\n2]\n---\n" + POD,
                "a: {b: 1,\n--- \nc: 2}\n",
                "a: |\n  text\n---\n" + POD,
                "--- |\n  a literal document\n---\n" + POD,
                "plain\nscalar\n---\n" + POD,
                "%YAML 1.1\n---\n" + POD + "---\n" + POD,
                POD + "...\n%YAML 1.1\n---\n" + POD,
                POD + "...\n---\n" + POD, POD + "...\n" + POD,
                "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n---\nb: !e!x 2\n",
                "\uFEFF# bom and comment\n---\n" + POD, "\uFEFF" + POD + "---\n" + POD,
                POD.replace("\n", "\r\n") + "---\r\n" + POD.replace("\n", "\r\n"),
                "a: 1\r---\nb: 2\n---\n" + POD, "a: 1\u2028---\nb: 2\n---\n" + POD, "a: \"x\u0085y\"\n---\n" + POD,
                POD + "---\nkey: [unclosed\n---\n" + POD,
                POD + "---\n" + POD + "  bad: \"x\n",
                POD + "---\na: &x [1]\nb: *x\n---\nc: *x\n",
                "---\na: &x 1\n---\nb: *x\n",
                POD + "---\n  indented: start\n---\n" + POD,
                POD + "---\nkey: value\n  bad indentation: here\n---\n" + POD,
                "---\n" + POD + "---\n!!python/object:x {}\n",
                "--- a\n--- b\n---\n- c\n",
                "a: \"\uD83D\uDE00 past the basic plane\"\n---\n" + POD + "---\nkey: [unclosed\n---\n" + POD));
        Path corpus = Path.of("src/jmh/resources/corpus");
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                texts.add(Files.readString(f));
            }
        }
        texts.add(Files.readString(Path.of("examples/deployment.yaml")));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            many.append(i % 7 == 0 ? "--- # doc " + i + "\n" : "---\n").append(POD.replace("name: p", "name: p" + i));
        }
        texts.add(many.toString());
        return texts.stream();
    }

    @ParameterizedTest
    @MethodSource("streams")
    void readingInPartsIsReadingWhole(String text) throws Exception {
        assertEquals(whole(text), inParts(text));
    }

    /**
     * The one difference: a character YAML does not allow is found when SnakeYAML loads the 1 kB window holding it,
     * which may be while it still reads the document before. Read whole, the error names that document; read in
     * parts, the document that holds the character. The place is the same.
     */
    @org.junit.jupiter.api.Test
    void aForbiddenCharacterNamesTheDocumentThatHoldsIt() throws Exception {
        String text = POD + "---\nk: \u0007\n---\n" + POD;
        assertEquals(List.of("error: document 0, line 10, column 4: input contains a character that YAML does not allow (U+0007)"),
                whole(text));
        List<String> parts = inParts(text);
        assertEquals("error: document 1, line 10, column 4: input contains a character that YAML does not allow (U+0007)",
                parts.get(parts.size() - 1));
    }

    /** An input opened again that no longer holds what was read the first time is said to, not read from elsewhere. */
    @org.junit.jupiter.api.Test
    void aFileShorterWhenOpenedAgainIsSaidToBe() throws Exception {
        byte[] bytes = (POD + "---\n" + POD + "---\nkey: [unclosed\n").getBytes(StandardCharsets.UTF_8);
        List<String> parts = inParts(bytes, () -> new ByteArrayInputStream(bytes, 0, POD.length()));
        assertEquals("error: cannot read the input again: it is shorter than when it was read first",
                parts.get(parts.size() - 1));
    }

    /** The documents (number and tree) and the error, if any, of the stream read whole. */
    private static List<String> whole(String text) {
        List<String> out = new ArrayList<>();
        try {
            DocumentSource source = DocumentSource.of(text, Limits.DEFAULT);
            for (DocumentSource.Document d = source.next(); d != null; d = source.next()) {
                out.add(d.index() + ": " + TreeDump.dump(d.root()));
            }
        } catch (ManifestException e) {
            out.add("error: " + e.located());
        }
        return out;
    }

    /**
     * The same, read as the command line reads it: in parts, and on as one stream from a part that fails, read on
     * from what was kept (standard input) and from the input opened again (a file) alike.
     */
    private static List<String> inParts(String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> kept = inParts(bytes, null);
        assertEquals(kept, inParts(bytes, () -> new ByteArrayInputStream(bytes)), "read on from the input reopened");
        return kept;
    }

    private static List<String> inParts(byte[] text, Reopener reopener) throws Exception {
        List<String> out = new ArrayList<>();
        Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(text));
        try {
            DocumentSource.Opened opened = DocumentSource.open(reader, Limits.DEFAULT, reopener);
            assertTrue(opened.yaml() != null, "read as YAML");
            YamlChunks chunks = opened.yaml();
            List<YamlChunks.Chunk> cut = new ArrayList<>();
            for (YamlChunks.Chunk c = chunks.next(); c != null; c = chunks.next()) {
                cut.add(c);
            }
            for (int i = 0; i < cut.size(); i++) {
                YamlChunks.Read read = chunks.read(cut.get(i));
                if (!read.clean()) {
                    DocumentSource rest = chunks.rest(cut.get(i), cut.subList(i + 1, cut.size()));
                    for (DocumentSource.Document d = rest.next(); d != null; d = rest.next()) {
                        out.add(d.index() + ": " + TreeDump.dump(d.root()));
                    }
                    return out;
                }
                for (DocumentSource.Document d : read.documents()) {
                    out.add(d.index() + ": " + TreeDump.dump(d.root()));
                }
            }
        } catch (ManifestException e) {
            out.add("error: " + e.located());
        }
        return out;
    }
}
