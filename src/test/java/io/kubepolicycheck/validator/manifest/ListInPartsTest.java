package io.kubepolicycheck.validator.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.testing.BrokenYaml;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A List document read in parts cut between its items' entries, as the command line reads a cluster dump, gives
 * exactly the objects of reading it whole: the same documents, values, types, lines, columns and paths, and the same
 * first error, whether the cut holds (a List as kubectl writes it) or the document has to be read whole after all
 * (not a List, an alias across entries, an entry cut inside a quoted text, a syntax error in an entry).
 */
class ListInPartsTest {
    private static final Path PSA = Path.of(System.getProperty("user.dir")).resolve("../shared/conformance/psa")
            .normalize();
    private static final String BAD_INDENT = "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n"
            + "   labels: {}\n";
    private static final String CUT_IN_A_QUOTE = "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n"
            + "  data:\n    a: \"cut short\n";
    private static final String POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
            + "  - name: c\n    image: i\n";

    /** The documents as entries of {@code items:} at column {@code indent}, each line shifted under its dash. */
    private static String entries(List<String> documents, int indent) {
        String pad = " ".repeat(indent);
        StringBuilder out = new StringBuilder();
        for (String d : documents) {
            String[] lines = d.split("\n");
            for (int i = 0; i < lines.length; i++) {
                out.append(pad).append(i == 0 ? "- " : "  ").append(lines[i]).append('\n');
            }
        }
        return out.toString();
    }

    /** kubectl's layout: keys sorted, so {@code kind} after the items, entries at column 0. */
    private static String kubectlList(List<String> documents) {
        return "apiVersion: v1\nitems:\n" + entries(documents, 0) + "kind: List\nmetadata:\n  resourceVersion: \"\"\n";
    }

    private static List<String> pods(int n) {
        List<String> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(POD.replace("name: p", "name: p" + i));
        }
        return pods;
    }

    private static List<String> conformance() throws Exception {
        List<String> conformance = new ArrayList<>();
        assertTrue(Files.isDirectory(PSA), "the shared PSA conformance fixtures are missing: " + PSA);
        try (Stream<Path> files = Files.walk(PSA)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                conformance.add(Files.readString(f));
            }
        }
        return conformance;
    }

    /** The conformance pods as Lists: kubectl's layout, and entries indented under a kind that comes first. */
    static Stream<String> conformanceLists() throws Exception {
        return Stream.of(kubectlList(conformance()), "apiVersion: v1\nkind: List\nitems:\n" + entries(conformance(), 2));
    }

    static Stream<String> lists() throws Exception {
        List<String> conformance = conformance();
        List<String> three = pods(3);
        String bomb = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\"]\n"
                + "  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                + "  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
        return Stream.of(
                kubectlList(conformance),
                "apiVersion: v1\nkind: List\nitems:\n" + entries(conformance, 2),
                "# a dump\napiVersion: v1\nitems: # the pods\n\n# first\n" + entries(three, 0) + "# last\n"
                        + "kind: PodList\nmetadata: {}\n",
                kubectlList(three).replace("kind: List", "kind: Foo"),
                kubectlList(three).replace("kind: List", "kind: \"List\""),
                kubectlList(three).replace("kind: List", "kind: 3"),
                kubectlList(three).replace("kind: List", "kind: List\nkind: List"),
                kubectlList(three).replace("kind: List\n", ""),
                kubectlList(three).replace("apiVersion: v1\nitems:", "items:"),
                kubectlList(three).replace("apiVersion: v1\nitems:", "apiVersion: \"\"\nitems:"),
                "apiVersion: v1\nitems:\n- \n-\n- null\n" + entries(three, 0) + "- ~\nkind: List\n",
                "apiVersion: v1\nitems:\n" + entries(List.of(kubectlList(three), POD, kubectlList(pods(2))), 0)
                        + "kind: List\n",
                "apiVersion: v1\nitems:\n-\n  apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n" + entries(three, 0)
                        + "kind: List\n",
                "apiVersion: v1\nitems:\n- &pod\n  apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n"
                        + entries(three, 0) + "- *pod\nkind: List\n",
                "apiVersion: v1\nitems:\n" + entries(three, 0) + "- apiVersion: v1\n  kind: ConfigMap\n"
                        + "  metadata: {name: a}\n  data:\n    script: |\n      - not an item\n      - nor this\n"
                        + "    folded: >-\n      - folded\n" + entries(three, 0) + "kind: List\n",
                "apiVersion: v1\nitems:\n" + entries(three, 0) + "- apiVersion: v1\n  kind: ConfigMap\n"
                        + "  metadata: {name: a}\n  data:\n    quoted: \"a\n- b: 1\n- c\"\n    single: 'x\n- y'\n"
                        + entries(three, 0) + "kind: List\n",
                "apiVersion: v1\nitems:\n" + entries(three, 0) + "- {apiVersion: v1, kind: Pod,\n- metadata: {}}\n"
                        + entries(three, 0) + "kind: List\n",
                "a: \"x\nitems:\n" + entries(three, 0) + "\"\nitems:\nkind: List\napiVersion: v1\n",
                POD + "---\n" + kubectlList(three) + "---\n" + POD + "---\n" + kubectlList(pods(4)) + "...\n---\n"
                        + kubectlList(three),
                kubectlList(three) + "...\n%YAML 1.1\n---\n" + POD,
                kubectlList(three).replace("\n", "\r\n"),
                kubectlList(three).replace("  name: p1", "  name: p1\n\t  bad: tab"),
                kubectlList(three).replace("  name: p1", "  name: [unclosed"),
                kubectlList(three).replace("  name: p1", "  name: !!python/object x"),
                kubectlList(three).replace("kind: Pod\n  metadata:\n    name: p1", "metadata:\n    name: p1"),
                "apiVersion: v1\nitems:\n" + entries(three, 0) + entries(List.of(bomb), 0) + "kind: List\n",
                // the deepest value at depth 99, 100 (the limit) and 101 in the List: the same however it is cut
                "apiVersion: v1\nitems:\n" + entries(three, 0) + entries(List.of(nested(96)), 0) + "kind: List\n",
                "apiVersion: v1\nitems:\n" + entries(three, 0) + entries(List.of(nested(97)), 0) + "kind: List\n",
                "apiVersion: v1\nitems:\n" + entries(three, 0) + entries(List.of(nested(98)), 0)
                        + entries(three, 0) + "kind: List\n",
                "apiVersion: v1\nitems:\n" + entries(three, 0) + "- a: " + "[".repeat(150) + "]".repeat(150) + "\n"
                        + entries(three, 0) + "kind: List\n",
                "apiVersion: v1\nitems:\n" + entries(three, 0) + "  - nested wrongly\nkind: List\n",
                // syntax errors inside an entry, in the middle, last, and in a dump cut short inside a quoted text
                "apiVersion: v1\nitems:\n" + entries(three, 0) + BAD_INDENT + entries(three, 0) + "kind: List\n",
                "apiVersion: v1\nitems:\n" + entries(three, 0) + "- apiVersion: v1\n  kind: Pod\n  metadata:\n"
                        + "    name: a: b\n" + entries(three, 0) + "kind: List\n",
                "apiVersion: v1\nitems:\n" + entries(three, 0) + BAD_INDENT + "kind: List\n",
                "apiVersion: v1\nitems:\n" + entries(three, 0) + CUT_IN_A_QUOTE,
                "apiVersion: v1\nitems:\n" + entries(three, 0) + CUT_IN_A_QUOTE + "kind: List\n",
                "apiVersion: v1\nitems:\n" + entries(three, 0) + CUT_IN_A_QUOTE + "# after\n\n",
                "apiVersion: v1\nitems:\n" + entries(three, 0) + CUT_IN_A_QUOTE + "---\n" + POD,
                "apiVersion: v1\nitems:\n" + entries(three, 0) + CUT_IN_A_QUOTE + "kind: \"List\n",
                "apiVersion: v1\nitems:\n" + entries(three, 0) + CUT_IN_A_QUOTE + "kind: List\"\n",
                "apiVersion: v1\nitems:\n  " + entries(three, 2).substring(2) + " kind: List\n",
                "apiVersion: v1\nitems: []\nkind: List\n",
                "apiVersion: v1\nitems:\n" + entries(three, 0) + "kind: List\nextra: *undefined\n");
    }

    /** A ConfigMap whose {@code data} nests {@code levels} mappings: its deepest value at depth levels + 1. */
    private static String nested(int levels) {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n");
        for (int i = 1; i < levels; i++) {
            yaml.append("  ".repeat(i)).append("a:\n");
        }
        return yaml.append("  ".repeat(levels)).append("a: x\n").toString();
    }

    @ParameterizedTest
    @MethodSource("lists")
    void readingAListInPartsIsReadingItWhole(String text) throws Exception {
        List<String> whole = whole(text);
        assertEquals(whole, inParts(text, 0, 0));
        assertEquals(whole, inParts(text, 0, 200));
        assertEquals(whole, inParts(text, 300, 1000));
    }

    /**
     * kubectl's List of conformance pods with one line broken at random (a quote or a bracket opened, a line dropped,
     * indented, cut short or given an alias), from fixed seeds: read in parts, whatever answers from a part and
     * whatever is read again whole, it reads as reading it whole does.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void aListBrokenAnywhereReadsInPartsAsWhole(long seed) throws Exception {
        java.util.Random random = new java.util.Random(seed);
        List<String> lines = new ArrayList<>(List.of(CONFORMANCE_LIST.split("\n", -1)));
        BrokenYaml.breakLine(random, lines, 3 + random.nextInt(lines.size() - 4), 7);
        String text = String.join("\n", lines);
        List<String> whole = whole(text);
        for (int perPart : new int[] {100, 700, 3000}) {
            assertEquals(whole, inParts(text, 0, perPart), () -> "seed " + seed + ", parts of " + perPart);
        }
    }

    /** The same for a JSON List, one character dropped, doubled or replaced at random: item by item as whole. */
    @ParameterizedTest
    @MethodSource("seeds")
    void aJsonListBrokenAnywhereReadsItemByItemAsWhole(long seed) throws Exception {
        java.util.Random random = new java.util.Random(seed);
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String json = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(
                toJson(DocumentSource.of(CONFORMANCE_LIST, Limits.DEFAULT).next().root(), mapper));
        int at = random.nextInt(json.length());
        String text = switch (random.nextInt(3)) {
            case 0 -> json.substring(0, at) + json.substring(at + 1);
            case 1 -> json.substring(0, at + 1) + json.substring(at);
            default -> json.substring(0, at) + ",:{}[]\"0x".charAt(random.nextInt(8)) + json.substring(at + 1);
        };
        assertEquals(whole(text), jsonInParts(text), () -> "seed " + seed);
    }

    static Stream<Long> seeds() {
        return java.util.stream.LongStream.range(0, 150).boxed();
    }

    private static final String CONFORMANCE_LIST = conformanceList();

    private static String conformanceList() {
        try {
            return kubectlList(conformance().subList(0, 40));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("conformanceLists")
    void aListIsCutBetweenItsItemsAndEveryPartStands(String list) throws Exception {
        String text = POD + "---\n" + list + "---\n" + POD;
        Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        YamlChunks chunks = new YamlChunks(reader, Limits.DEFAULT, reader, null, 0, 1000);
        List<YamlChunks.Kind> kinds = new ArrayList<>();
        for (YamlChunks.Chunk c = chunks.next(); c != null; c = chunks.next()) {
            assertTrue(chunks.read(c).clean(), c.text());
            kinds.add(c.kind());
        }
        assertEquals(YamlChunks.Kind.DOCUMENTS, kinds.get(0));
        assertTrue(kinds.subList(1, kinds.size() - 2).stream().allMatch(k -> k == YamlChunks.Kind.ITEMS), kinds::toString);
        assertTrue(kinds.size() > 5, kinds::toString);
        assertEquals(List.of(YamlChunks.Kind.LIST_HEAD, YamlChunks.Kind.DOCUMENTS), kinds.subList(kinds.size() - 2,
                kinds.size()));
    }

    /**
     * A line break the cut does not see (NEL, a line or paragraph separator, a lone CR) in an entry of a part that
     * fails: the part's own error may not be the List's, so the List is read whole and its error is the one reading
     * it whole meets (a NEL after an entry's dash puts the rest of the line at column 1 of a new line). A tab there
     * reads the same either way.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\u0085", "\u2028", "\r", "\t"})
    void aPartWithABreakTheCutDoesNotSeeIsNotTheListsWord(String odd) throws Exception {
        for (String list : conformanceLists().toList()) {
            int at = list.indexOf("- ALL", list.length() / 2);
            String text = list.substring(0, at + 2) + odd + list.substring(at + 2);
            List<String> whole = whole(text);
            assertTrue(whole.get(whole.size() - 1).startsWith("error: "), whole::toString);
            for (int perPart : new int[] {100, 700, 3000}) {
                assertEquals(whole, inParts(text, 0, perPart), () -> "parts of " + perPart);
            }
        }
    }

    /**
     * A syntax error inside an entry, with entries after it, or in the last entry (a quoted text left open, in a dump
     * cut short or not), is the List's error from its part: the List is not read again whole to find it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "kind: List\nmetadata: {}\n", "in the middle"})
    void aSyntaxErrorInAnEntryIsFoundInItsPart(String after) throws Exception {
        String text = "apiVersion: v1\nitems:\n" + entries(pods(30), 0) + (after.equals("in the middle")
                ? BAD_INDENT + entries(pods(30), 0) + "kind: List\n" : CUT_IN_A_QUOTE + after);
        Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        YamlChunks chunks = new YamlChunks(reader, Limits.DEFAULT, reader, null, 0, 200);
        List<YamlChunks.Chunk> cut = new ArrayList<>();
        for (YamlChunks.Chunk c = chunks.next(); c != null; c = chunks.next()) {
            cut.add(c);
        }
        int failing = 0;
        while (chunks.read(cut.get(failing)).clean()) {
            failing++;
        }
        ManifestException standing = chunks.syntaxErrorOf(cut.get(failing), cut.subList(failing + 1, cut.size()));
        assertTrue(standing != null, "read again whole");
        assertEquals(whole(text), List.of("error: " + standing.located()));
        assertTrue(standing.getMessage().startsWith("invalid YAML: "), standing::getMessage);
    }

    /**
     * The cut counts a line's indentation as it reads the line, 16 k characters at a time: where the read splits the
     * spaces of an entry's line, they are still counted whole, so the List is cut at every entry and read in parts
     * with no part read again. The comment in front moves the split through every column of the indentation.
     */
    @Test
    void anIndentationSplitByTheReadIsCountedWhole() throws Exception {
        int pad = 12;
        String items = entries(pods(300), pad);
        int longestEntry = POD.length() + 3 * POD.split("\n").length * (pad + 2);
        for (int shift = 0; shift <= 2 * pad + 4; shift++) {
            String text = "# " + "x".repeat(shift) + "\napiVersion: v1\nkind: List\nitems:\n" + items;
            Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            YamlChunks chunks = new YamlChunks(reader, Limits.DEFAULT, reader, null, 0, 200);
            int entries = 0;
            for (YamlChunks.Chunk c = chunks.next(); c != null; c = chunks.next()) {
                YamlChunks.Read read = chunks.read(c);
                assertTrue(read.clean(), "shift " + shift + ": " + read.error());
                if (c.kind() == YamlChunks.Kind.ITEMS) {
                    assertTrue(c.text().startsWith(" ".repeat(pad) + "- "), "shift " + shift + ": " + c.text());
                    assertTrue(c.text().length() <= 200 + longestEntry, "shift " + shift + ": not cut at an entry");
                    entries += read.documents().size();
                }
            }
            assertEquals(300, entries, "shift " + shift);
            assertEquals(whole(text), inParts(text, 0, 200), "shift " + shift);
        }
    }

    @Test
    void aBombInOneItemIsRefusedWithItsPlace() throws Exception {
        String bomb = "apiVersion: v1\nitems:\n" + entries(pods(20), 0)
                + "- apiVersion: v1\n  kind: ConfigMap\n  data:\n    a: &a [1,1,1,1,1,1,1,1,1,1]\n"
                + "    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                + "    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n    g: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
                + entries(pods(20), 0) + "kind: List\n";
        List<String> read = inParts(bomb, 0, 200);
        String last = read.get(read.size() - 1);
        // the entry of the bomb holds lines 163 to 172
        assertTrue(last.matches("error: document 0, line 1(6[3-9]|7[0-2]), column \\d+: "
                + Pattern.quote(DocumentBudget.EXCESSIVE_ALIASING)), last);
        assertEquals(whole(bomb), read);
    }

    /**
     * What go-yaml would decode, and how much of it through aliases, is counted entry by entry, as values are: an
     * entry that is mostly aliases is refused at the same place within it however many entries come before it.
     */
    @Test
    void anEntryCountsWhatItsAliasesReachOnItsOwn() throws Exception {
        String bomb = "- apiVersion: v1\n  kind: ConfigMap\n  data:\n    a: &a [1,1,1,1,1,1,1,1,1,1]\n"
                + "    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "    d: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
        Pattern place = Pattern.compile("error: document 0, line (\\d+), column (\\d+): "
                + Pattern.quote(DocumentBudget.EXCESSIVE_ALIASING));
        Set<String> within = new HashSet<>();
        for (int before : new int[] {0, 30, 300}) {
            String list = "apiVersion: v1\nitems:\n" + entries(pods(before), 0) + bomb + "kind: List\n";
            int entryLine = list.substring(0, list.indexOf(bomb)).split("\n", -1).length;
            List<String> read = whole(list);
            String last = read.get(read.size() - 1);
            Matcher error = place.matcher(last);
            assertTrue(error.matches(), () -> before + " before: " + last.substring(0, Math.min(200, last.length())));
            within.add((Integer.parseInt(error.group(1)) - entryLine) + ":" + error.group(2));
            assertEquals(read, inParts(list, 0, 200));
        }
        assertEquals(1, within.size(), within.toString());
    }

    /**
     * A List's entries are budgeted each on its own, however it is read: a List of more values than one document may
     * hold passes, read whole or in parts, as YAML or JSON or as a parsed tree, and an entry over the limit alone is
     * refused at the same place.
     */
    @Test
    void everyEntryOfAListIsBudgetedOnItsOwn() throws Exception {
        Limits fortyValues = new Limits(1 << 20, 100, 100, 40);
        String list = kubectlList(pods(12)); // ten values a pod: 125 in all
        List<String> whole = whole(list, fortyValues);
        assertEquals(12, whole.size(), whole::toString);
        assertEquals(whole, inParts(list, 0, 200, fortyValues));
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                toJson(DocumentSource.of(list, Limits.DEFAULT).next().root(), new com.fasterxml.jackson.databind.ObjectMapper()));
        List<String> jsonWhole = whole(json, fortyValues);
        assertEquals(12, jsonWhole.size(), jsonWhole::toString);
        assertEquals(jsonWhole, jsonInParts(json, fortyValues));
        assertEquals(12, new ManifestParser(fortyValues).parse(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json), "in").size());

        StringBuilder data = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n");
        for (int i = 0; i < 40; i++) {
            data.append("  k").append(i).append(": v\n");
        }
        String over = "apiVersion: v1\nitems:\n" + entries(pods(12), 0) + entries(List.of(data.toString()), 0)
                + "kind: List\n";
        List<String> refused = whole(over, fortyValues);
        // the entry's 41st value (after six: the entry, apiVersion, kind, metadata, name, data): key 34's, on line 138
        assertEquals(List.of("error: document 0, line 138, column 10: manifest expands to more than 40 values"
                + " (aliases are expanded; is this a YAML bomb?)"), refused);
        assertEquals(refused, inParts(over, 0, 200, fortyValues));
    }

    /**
     * Each entry has the allowance of a document, but what aliases expand to is counted over the whole List: aliases
     * in entry after entry cannot multiply one entry's allowance into a bomb.
     */
    @ParameterizedTest
    @ValueSource(strings = {"  data: *d\n", "  data:\n    <<: *d\n"})
    void aliasesAcrossEntriesCannotMultiplyAnEntrysAllowance(String alias) throws Exception {
        Limits fortyValues = new Limits(1 << 20, 100, 100, 40);
        StringBuilder data = new StringBuilder("{");
        for (int i = 0; i < 30; i++) {
            data.append(i == 0 ? "" : ", ").append('k').append(i).append(": v");
        }
        String anchored = "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: &d " + data + "}\n";
        String aliasing = "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n" + alias;
        String once = "apiVersion: v1\nitems:\n" + anchored + aliasing + "kind: List\n";
        List<String> read = whole(once, fortyValues);
        assertEquals(2, read.size(), read::toString);
        assertEquals(read, inParts(once, 0, 50, fortyValues));

        String twice = "apiVersion: v1\nitems:\n" + anchored + aliasing + aliasing + "kind: List\n";
        List<String> refused = whole(twice, fortyValues);
        assertEquals(1, refused.size(), refused::toString);
        // placed in the anchored mapping, where what the second alias expands to stands
        assertTrue(refused.get(0).startsWith("error: document 0, line 6, column "), refused::toString);
        assertTrue(refused.get(0).endsWith(": manifest expands to more than 40 values (aliases are expanded; is this a"
                + " YAML bomb?)"), refused::toString);
        assertEquals(refused, inParts(twice, 0, 50, fortyValues));
    }

    /** The conformance pods and more as JSON Lists, pretty and minified, and objects that turn out not to be Lists. */
    static Stream<String> jsonLists() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ArrayNode conformance = mapper.createArrayNode();
        try (Stream<Path> files = Files.walk(PSA)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                conformance.add(toJson(DocumentSource.of(Files.readString(f), Limits.DEFAULT).next().root(), mapper));
            }
        }
        com.fasterxml.jackson.databind.node.ObjectNode list = mapper.createObjectNode();
        list.put("apiVersion", "v1");
        list.set("items", conformance);
        list.put("kind", "List");
        list.putObject("metadata").put("resourceVersion", "");
        String pretty = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(list);
        String pod = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"},"
                + " \"spec\": {\"containers\": [{\"name\": \"c\", \"image\": \"i\"}]}}";
        String three = pod + ",\n" + pod.replace("\"p\"", "\"q\"") + ",\n" + pod.replace("\"p\"", "\"r\"");
        return Stream.of(pretty, mapper.writeValueAsString(list),
                "{\"apiVersion\": \"v1\", \"items\": [null, " + three + ", null], \"kind\": \"PodList\"}",
                "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [" + three + "]}",
                "{\"apiVersion\": \"v1\", \"items\": [" + three + ", {\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": ["
                        + three + "]}], \"kind\": \"List\"}",
                "{\"apiVersion\": \"v1\", \"items\": [" + three + "], \"kind\": \"Foo\"}",
                "{\"apiVersion\": \"v1\", \"items\": [" + three + "]}",
                "{\"items\": [" + three + "], \"kind\": \"List\"}",
                "{\"apiVersion\": \"v1\", \"items\": [" + three + "], \"kind\": [\"List\"]}",
                "{\"apiVersion\": \"v1\", \"items\": [" + three + "], \"kind\": \"List\", \"items\": []}",
                "{\"apiVersion\": \"v1\", \"items\": [" + three + "], \"kind\": \"List\", \"kind\": \"List\"}",
                "{\"apiVersion\": \"v1\", \"items\": {}, \"kind\": \"List\"}",
                "{\"apiVersion\": \"v1\", \"items\": [], \"kind\": \"List\"}",
                "{\"apiVersion\": \"v1\", \"items\": [" + three + ", {\"kind\": \"Pod\"}], \"kind\": \"List\"}",
                "{\"apiVersion\": \"v1\", \"items\": [" + three + ", 3], \"kind\": \"List\"}",
                "{\"apiVersion\": \"v1\", \"items\": [" + three + "], \"kind\": \"List\"} trailing",
                "{\"apiVersion\": \"v1\", \"items\": [" + three + ", {\"a\": " + "[".repeat(120) + "]", pod,
                "{\"apiVersion\": \"v1\", \"items\": [" + three + "], \"kind\": \"List\",}");
    }

    @ParameterizedTest
    @MethodSource("jsonLists")
    void readingAJsonListItemByItemIsReadingItWhole(String text) throws Exception {
        assertEquals(whole(text), jsonInParts(text));
    }

    /**
     * As the command line reads a JSON object: its items one by one; an error in the text is the object's, an item
     * that is not an object is the List's once it is known to be one, and the object is read whole when it is not.
     */
    private static List<String> jsonInParts(String text) throws Exception {
        return jsonInParts(text, Limits.DEFAULT);
    }

    /** Both ways the object's text stays within reach: kept (standard input) or read again (a file reopened). */
    private static List<String> jsonInParts(String text, Limits limits) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> kept = jsonInParts(bytes, limits, null);
        assertEquals(kept, jsonInParts(bytes, limits, () -> new ByteArrayInputStream(bytes)),
                "an object read again from the input opened again");
        return kept;
    }

    private static List<String> jsonInParts(byte[] text, Limits limits, Reopener reopener) throws Exception {
        List<String> out = new ArrayList<>();
        Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(text));
        JsonList list = DocumentSource.open(reader, limits, reopener).jsonList();
        ManifestException notAnObject = null;
        for (DocumentSource.Document d = list.next(); d != null; d = list.next()) {
            try {
                objects(d, out);
            } catch (ManifestException e) {
                notAnObject = notAnObject == null ? e : notAnObject;
            }
        }
        if (list.error() != null) {
            return List.of("error: " + list.error().located());
        }
        if (list.readWhole() || list.isList()) {
            return notAnObject == null ? out : List.of("error: " + notAnObject.located());
        }
        out.clear();
        try {
            DocumentSource whole = list.whole();
            for (DocumentSource.Document d = whole.next(); d != null; d = whole.next()) {
                objects(d, out);
            }
        } catch (ManifestException e) {
            out.add("error: " + e.located());
        }
        return out;
    }

    private static com.fasterxml.jackson.databind.JsonNode toJson(Node n,
                                                                  com.fasterxml.jackson.databind.ObjectMapper mapper) {
        if (n.isMapping()) {
            com.fasterxml.jackson.databind.node.ObjectNode o = mapper.createObjectNode();
            n.fields().forEach((k, v) -> o.set(k, toJson(v, mapper)));
            return o;
        }
        if (n.isSequence()) {
            com.fasterxml.jackson.databind.node.ArrayNode a = mapper.createArrayNode();
            n.elements().forEach(e -> a.add(toJson(e, mapper)));
            return a;
        }
        ScalarNode s = (ScalarNode) n;
        return switch (s.type()) {
            case STRING -> mapper.getNodeFactory().textNode(s.asText());
            case INTEGER -> mapper.getNodeFactory().numberNode(new java.math.BigInteger(s.asText()));
            case FLOAT -> mapper.getNodeFactory().numberNode(Double.parseDouble(s.asText()));
            case BOOLEAN -> mapper.getNodeFactory().booleanNode(Boolean.parseBoolean(s.asText()));
            case NULL -> mapper.getNodeFactory().nullNode();
        };
    }

    /** The objects of every document of the text read whole, or the first error, as the whole-input path has them. */
    private static List<String> whole(String text) {
        return whole(text, Limits.DEFAULT);
    }

    private static List<String> whole(String text, Limits limits) {
        List<String> out = new ArrayList<>();
        try {
            DocumentSource source = DocumentSource.of(text, limits);
            for (DocumentSource.Document d = source.next(); d != null; d = source.next()) {
                objects(d, out);
            }
        } catch (ManifestException e) {
            out.add("error: " + e.located());
        }
        return out;
    }

    /**
     * The same, read as the command line reads it: a part after another; a List's items taken back and its
     * document read on as one from its start where any of its parts, or its objects, do not stand.
     */
    private static List<String> inParts(String text, int threshold, int perPart) throws Exception {
        return inParts(text, threshold, perPart, Limits.DEFAULT);
    }

    /** Both ways a List's text stays within reach: kept (standard input) or read again (a file reopened). */
    private static List<String> inParts(String text, int threshold, int perPart, Limits limits) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> kept = inParts(bytes, threshold, perPart, limits, null);
        assertEquals(kept, inParts(bytes, threshold, perPart, limits, () -> new ByteArrayInputStream(bytes)),
                "a List read again from the input opened again");
        return kept;
    }

    private static List<String> inParts(byte[] text, int threshold, int perPart, Limits limits, Reopener reopener)
            throws Exception {
        List<String> out = new ArrayList<>();
        Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(text));
        try {
            YamlChunks chunks = new YamlChunks(reader, limits, reader, reopener, threshold, perPart);
            List<YamlChunks.Chunk> cut = new ArrayList<>();
            for (YamlChunks.Chunk c = chunks.next(); c != null; c = chunks.next()) {
                cut.add(c);
            }
            YamlChunks.ListDocument list = null;
            int listStart = 0;
            for (int i = 0; i < cut.size(); i++) {
                YamlChunks.Chunk chunk = cut.get(i);
                if (chunk.list() != null && chunk.list() != list) {
                    list = chunk.list();
                    listStart = out.size();
                }
                YamlChunks.Read read = chunks.read(chunk);
                if (read.decisive()) {
                    out.subList(listStart, out.size()).clear();
                    throw read.error();
                }
                boolean clean = read.clean();
                int before = out.size();
                if (clean) {
                    try {
                        for (DocumentSource.Document d : read.documents()) {
                            objects(d, out);
                        }
                    } catch (ManifestException e) {
                        if (chunk.list() == null) {
                            throw e;
                        }
                        clean = false;
                        out.subList(before, out.size()).clear();
                    }
                }
                if (!clean) {
                    if (chunk.list() != null) {
                        out.subList(listStart, out.size()).clear();
                    }
                    ManifestException standing = chunks.syntaxErrorOf(chunk, cut.subList(i + 1, cut.size()));
                    if (standing != null) {
                        out.subList(listStart, out.size()).clear();
                        throw standing;
                    }
                    DocumentSource rest = chunks.rest(chunk, cut.subList(i + 1, cut.size()));
                    for (DocumentSource.Document d = rest.next(); d != null; d = rest.next()) {
                        objects(d, out);
                    }
                    return out;
                }
                if (chunk.kind() == YamlChunks.Kind.LIST_HEAD) {
                    chunks.confirm(chunk.list());
                }
            }
        } catch (ManifestException e) {
            out.add("error: " + e.located());
        }
        return out;
    }

    private static void objects(DocumentSource.Document d, List<String> out) throws ManifestException {
        if (d.isEmpty()) {
            return;
        }
        for (KubernetesObject o : ManifestParser.objects(d.index(), d.root(), "in")) {
            Node root = o.root();
            assertTrue(root.parent() == null && root.key() == null && root.index() == -1, "paths start at the object");
            out.add(o.document() + " " + o.source() + ": " + TreeDump.dump(root));
        }
    }
}
