package io.kubepolicycheck.validator.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Documents read one at a time, each within the limits on its own, from a text or from a UTF-8 stream. */
class DocumentSourceTest {
    /** Ten values a document: apiVersion, kind, metadata, name, spec, containers, one container and its two fields. */
    private static final String POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
            + "  - name: c\n    image: i\n";
    private static final Limits SMALL = new Limits(1 << 20, 100, 3, 12);

    private static int count(DocumentSource source) throws ManifestException {
        int n = 0;
        while (source.next() != null) {
            n++;
        }
        return n;
    }

    private static DocumentSource stream(String text, Limits limits) throws ManifestException {
        return DocumentSource.of(new Utf8Reader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))), limits);
    }

    @Test
    void theValueBudgetIsEachDocumentsSoManyHonestDocumentsPass() throws Exception {
        String many = ("---\n" + POD).repeat(500);
        assertEquals(500, count(DocumentSource.of(many, SMALL)));
        assertEquals(500, count(stream(many, SMALL)));
        String json = "[" + "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}},".repeat(500)
                + "{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}]";
        assertEquals(501, count(stream(json, SMALL)));
    }

    @Test
    void aDocumentOverTheBudgetIsRefusedWithItsPlace() throws Exception {
        String text = ("---\n" + POD).repeat(3) + "---\n" + POD + "  - name: d\n    image: i\n";
        DocumentSource source = stream(text, SMALL);
        for (int i = 0; i < 3; i++) {
            assertEquals(i, source.next().index());
        }
        ManifestException e = assertThrows(ManifestException.class, source::next);
        assertEquals("manifest expands to more than 12 values (aliases are expanded; is this a YAML bomb?)", e.getMessage());
        assertEquals(3, e.document());
        assertEquals(38, e.line());
    }

    @Test
    void aliasesAreCountedPerDocument() throws Exception {
        String twoAliases = "a: &x [1]\nb: *x\nc: *x\n";
        Limits twoAliasesEach = new Limits(1 << 20, 100, 2, 1000);
        assertEquals(50, count(stream(("---\n" + twoAliases).repeat(50), twoAliasesEach)));
        ManifestException e = assertThrows(ManifestException.class,
                () -> count(stream("---\n" + twoAliases + "---\n" + twoAliases + "d: *x\n", twoAliasesEach)));
        assertEquals("manifest uses more than 2 aliases of collections (is this a YAML bomb?)", e.getMessage());
        assertEquals(1, e.document());
    }

    /**
     * Aliases are bounded where the API server's YAML decoder, go-yaml, bounds them (its allowedAliasRatio): ten
     * values, ten aliases of them and ten aliases of those decode (1,358 nodes), and one more such level is refused
     * once the nodes reached through aliases pass 99 % of those decoded (at the 4,301st, one of the ten values the
     * aliases lead to), as go-yaml decides for the same documents. A document with more values but few aliases passes.
     */
    @Test
    void aliasesAreBoundedWhereTheApiServerBoundsThem() throws Exception {
        StringBuilder levels = new StringBuilder("a0: &a0 [" + "x, ".repeat(9) + "x]\n");
        for (int i = 1; i <= 3; i++) {
            levels.append('a').append(i).append(": &a").append(i).append(" [")
                    .append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        String two = levels.substring(0, levels.indexOf("a3:"));
        assertEquals(1, count(stream(two, Limits.DEFAULT)));
        ManifestException e = assertThrows(ManifestException.class, () -> count(stream(levels.toString(),
                Limits.DEFAULT)));
        assertEquals(DocumentBudget.EXCESSIVE_ALIASING, e.getMessage());
        assertEquals("document 0, line 1, column 16", e.located().substring(0, e.located().indexOf(':')));
        assertEquals(1, count(stream("a: &a [x]\nb: [" + "*a, ".repeat(99) + "*a]\nc: [" + "x, ".repeat(5000)
                + "x]\n", Limits.DEFAULT)));
    }

    @Test
    void aBombAndADeepNestingInAStreamAreRefusedQuicklyWithTheirPlace() throws Exception {
        StringBuilder bomb = new StringBuilder("apiVersion: v1\nkind: Pod\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 9; i++) {
            bomb.append('a').append(i).append(": &a").append(i).append(" [")
                    .append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        String text = ("---\n" + POD).repeat(1000) + "---\n" + bomb;
        long start = System.nanoTime();
        ManifestException e = assertThrows(ManifestException.class, () -> count(stream(text, Limits.DEFAULT)));
        assertEquals(DocumentBudget.EXCESSIVE_ALIASING, e.getMessage());
        assertEquals(1000, e.document());

        String deep = POD + "x: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        ManifestException d = assertThrows(ManifestException.class, () -> count(stream(("---\n" + POD).repeat(10)
                + "---\n" + deep, Limits.DEFAULT)));
        assertEquals("manifest nests deeper than 100 levels", d.getMessage());
        assertEquals(10, d.document());
        assertTrue(d.line() > 0 && d.column() > 0, d.located());
        // generous: the point is that neither is read to the end of its expansion
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "refused in " + (System.nanoTime() - start) / 1e6 + " ms");
    }

    @Test
    void aStreamPlacesEveryErrorAsTheWholeTextDoes() throws Exception {
        for (String text : new String[] {"a: [1\n", POD + "---\n" + POD + "  bad: \"x\n", "{\"a\": 1,}",
                POD + "---\n" + "k: \u0007\n", "[{\"apiVersion\": \"v1\"} 5]", POD + "---\n!!python/object:x {}\n"}) {
            ManifestException whole = assertThrows(ManifestException.class, () -> count(DocumentSource.of(text, Limits.DEFAULT)));
            ManifestException streamed = assertThrows(ManifestException.class, () -> count(stream(text, Limits.DEFAULT)));
            assertEquals(whole.located(), streamed.located(), text);
        }
    }
}
