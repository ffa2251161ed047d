package io.kubepolicycheck.validator.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast block-YAML reader either declines a part or reads it exactly as SnakeYAML's path does: the same tree,
 * node for node (kind, key, index, parent, line and column of value and key, type, text and decoded value).
 * Compared over the upstream conformance pods, the benchmark corpus, the examples and test resources, and
 * generated documents, as written and mutated.
 */
class BlockYamlTest {
    private static final Limits LIMITS = Limits.DEFAULT;
    private static final Path PSA =
            Path.of(System.getProperty("user.dir")).resolve("../shared/conformance/psa").normalize();

    /** Scalars, tricky ones included, in the styles a generator may write them. */
    private static final String[] SCALARS = {
        "{}", "[]", "0755", "1_000", ".inf", "-.Inf", "+.INF", ".nan", ".5", "1.", "1e3", "1.5e-3", "-1", "+1",
        "0x1F", "0X1f", "0o17", "0b101", "1:20", "190:20:30", "9223372036854775807", "9223372036854775808",
        "18446744073709551616", "~", "null", "Null", "NULL", "", "yes", "No", "on", "OFF", "y", "N", "true", "False",
        "2001-12-14t21:59:43.10-05:00", "2002-12-14", "<<", "=", "a#b", "a #b", "a:b", "a: b", "a:", "-a", "- a", "--",
        "-", "?x", ":x", "a b  c", "it's", "say \"hi\"", "back\\slash", "é", "ключ", "日本", "\u00a0nbsp",
        "emoji\ud83d\ude00", "tab\there", "x\u2028y", "v1", "Pod", "nginx:1.25@sha256:abc", "{a}", "[1]", "&a", "*a",
        "!t", "|", ">", "%x", "@x", "`x", "'", "\"", "#", " lead", "{ }", "{}x", "[] #c", "{}#c", "trail ", "a,b",
        "a]b", "100m", "0", "00", "08", "-0", "0.0", "1_0.5", "'q'",
    };
    /** Scalars as Kubernetes manifests hold them. */
    private static final String[] COMMON = {
        "v1", "Pod", "registry.k8s.io/pause:3.9", "true", "false", "0", "1000", "100m", "RuntimeDefault", "ALL",
        "NET_BIND_SERVICE", "/var/run", "app.kubernetes.io/name", "a b", "0755", "1.5", "~", "", "{}", "[]", "é",
    };
    private static final String[] KEYS = {
        "apiVersion", "kind", "name", "a", "key with space", "1", "true", "null", "~", "-dash", "a:b", "x.y/z", "é",
        "k#", "<<", "on", "containers", "securityContext", "\"quoted\"", "'single'", "a b", "0x1", "",
    };

    static Stream<Path> corpusFiles() throws IOException {
        assertTrue(Files.isDirectory(PSA), "the shared PSA conformance fixtures are missing: " + PSA);
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(PSA, Path.of("src/jmh/resources/corpus"), Path.of("examples"),
                Path.of("src/test/resources"))) {
            try (Stream<Path> all = Files.walk(root)) {
                all.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                        .forEach(files::add);
            }
        }
        return files.stream();
    }

    /**
     * Every file of the corpora, cut as the command line cuts it. The conformance pods (kubectl's style) all take
     * the fast way; the hand-written corpora use flow collections, which are SnakeYAML's.
     */
    @Test
    void readsTheCorporaAsSnakeYamlDoes() throws Exception {
        int parts = 0;
        int fast = 0;
        int psaParts = 0;
        int psaFast = 0;
        List<String> declined = new ArrayList<>();
        for (Path file : corpusFiles().toList()) {
            String text = Files.readString(file);
            boolean psa = file.startsWith(PSA);
            for (YamlChunks.Chunk chunk : chunks(text)) {
                if (chunk.expectedDocuments() != 1) {
                    continue;
                }
                boolean read = same(chunk.text(), chunk.lineOffset(), chunk.firstDocument());
                parts++;
                fast += read ? 1 : 0;
                psaParts += psa ? 1 : 0;
                psaFast += psa && read ? 1 : 0;
                if (psa && !read) {
                    declined.add(file.getFileName().toString());
                }
            }
        }
        assertTrue(psaParts > 100, "conformance pods read: " + psaParts);
        assertEquals(List.of(), declined, "conformance pods the fast reader declined");
        assertTrue(fast * 2 >= parts, fast + " of " + parts + " parts read fast");
    }

    /** Generated block documents, each also placed at another line and document number. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void readsGeneratedDocumentsAsSnakeYamlDoes(long seed) {
        Random random = new Random(seed);
        int fast = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            String text = document(random);
            fast += same(text, 0, 0) ? 1 : 0;
            same(text, 41, 7);
        }
        assertTrue(fast * 4 >= n, fast + " of " + n + " generated documents read fast");
    }

    /** Generated documents with a few characters inserted, removed or re-indented: broken or odd YAML of every kind. */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void readsMutatedDocumentsAsSnakeYamlDoesOrDeclines(long seed) {
        Random random = new Random(seed);
        String nasty = " :-#'\"\\\n\t\r&*!|>{}[],?%@`~.0 é\u0085\u2028\ufeff\u0007";
        int fast = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            StringBuilder text = new StringBuilder(document(random));
            for (int edits = 1 + random.nextInt(3); edits > 0 && text.length() > 0; edits--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(4)) {
                    case 0 -> text.insert(at, nasty.charAt(random.nextInt(nasty.length())));
                    case 1 -> text.deleteCharAt(at);
                    case 2 -> text.insert(text.lastIndexOf("\n", at) + 1, ' ');
                    default -> {
                        int start = text.lastIndexOf("\n", at) + 1;
                        if (start < text.length() && text.charAt(start) == ' ') {
                            text.deleteCharAt(start);
                        } else {
                            text.insert(start, "  ");
                        }
                    }
                }
            }
            fast += same(text.toString(), 3, 1) ? 1 : 0;
        }
        assertTrue(fast * 20 >= n, fast + " of " + n + " mutated documents read fast");
    }

    @Test
    void readsEachFormItAcceptsAsSnakeYamlDoes() {
        List<String> accepted = List.of(
                "a: 1\n", "---\na: 1\n", "--- # c\na: 1\n", "# head\n\n---\n# c\na: 1\n", "a:\n", "a:\nb:\n",
                "a:   \nb: 2   \n", "a: x # c\nb: 'it''s' # c\n", "a: \"a\\\"b\\\\c/d\\n\\t\\r\"\n",
                "a:\n- 1\n-\n- - x\n  - y\n- k: v\n  l: w\nb: 2\n", "- a\n- b\n", "-\n  a: 1\n-\n",
                "a:\n  # c\n  b: 1\n", "a:\n    - 1\n    - 2\n", "\"q\": 1\n'r' : 2\n", "a b: c d  e\n",
                "h: ::1\n?x: :y\nk: 0755\nl: 1_000\nm: .inf\nn: ~\no: yes\np: 0x1F\nq: 1:20\nr: 2001-12-14\n",
                "a: é ключ 日本\n", "a: v # c\n# c\nb: 1\n",
                "a: {}\nb: [] # c\nc:\n- {}\n- []\n");
        for (String text : accepted) {
            assertNotNull(BlockYaml.document(text, LIMITS, 0, 0), text);
            assertTrue(same(text, 5, 2), text);
        }
    }

    @Test
    void declinesWhatItDoesNotRead() {
        List<String> declined = List.of(
                "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: {b: 1}\n", "a: [1]\n", "a: |\n  x\n", "a: >\n  x\n",
                "a: b\n  c\n", "a: 'b\n  c'\n", "%YAML 1.1\n---\na: 1\n", "a: 1\n...\n", "a:\tb\n", "a: 1\r\n",
                "\ufeffa: 1\n", "a: \"\\u00e9\"\n", "a: \"\\/\"\n", "a: 1\na: 2\n", "<<: {b: 1}\n",
                "a:\n  b: 1\n c: 2\n",
                "a: b: c\n", "- a\nb: 1\n", "  a: 1\n", "", "# only\n", "---\n", "--- a\n", "a\n", "a: \ud83d\ude00\n",
                "a:\n  - 1\n  b: 2\n", "a: 1\n    # deeper comment after a scalar\nb: 2\n", "? a\n: b\n",
                "a: { }\n", "a: {}x\n", "a: []#c\n", "a: [1]\n");
        for (String text : declined) {
            assertNull(BlockYaml.document(text, LIMITS, 0, 0), text);
        }
    }

    /**
     * Whether the fast reader read {@code text}; when it did, SnakeYAML's path must read the same one document.
     */
    private static boolean same(String text, int lineOffset, int index) {
        DocumentSource.Document fast = BlockYaml.document(text, LIMITS, lineOffset, index);
        if (fast == null) {
            return false;
        }
        List<String> snake = new ArrayList<>();
        try {
            YamlDocuments source = new YamlDocuments(new StringReader(text), LIMITS, offset -> null, lineOffset, index);
            for (DocumentSource.Document d = source.next(); d != null; d = source.next()) {
                snake.add(d.index() + ": " + dump(d.root()));
            }
        } catch (ManifestException e) {
            snake.add("error: " + e.located());
        }
        assertEquals(snake, List.of(fast.index() + ": " + dump(fast.root())), () -> "read differently:\n" + text);
        return true;
    }

    private static List<YamlChunks.Chunk> chunks(String text) throws Exception {
        Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        DocumentSource.Opened opened = DocumentSource.open(reader, LIMITS);
        List<YamlChunks.Chunk> cut = new ArrayList<>();
        if (opened.yaml() != null) {
            for (YamlChunks.Chunk c = opened.yaml().next(); c != null; c = opened.yaml().next()) {
                cut.add(c);
            }
        }
        return cut;
    }

    /** Everything a node holds, its children's parent checked to be it. */
    private static String dump(Node node) {
        StringBuilder out = new StringBuilder();
        dump(node, out);
        return out.toString();
    }

    private static void dump(Node node, StringBuilder out) {
        out.append(node.getClass().getSimpleName()).append('@').append(node.position())
                .append(" key=").append(node.key()).append(node.keyPosition()).append(" index=").append(node.index());
        if (node.isMapping()) {
            out.append('{');
            for (Map.Entry<String, Node> e : node.fields().entrySet()) {
                assertSame(node, e.getValue().parent());
                assertEquals(e.getKey(), e.getValue().key());
                out.append(e.getKey()).append('=');
                dump(e.getValue(), out);
                out.append(",\n");
            }
            out.append('}');
        } else if (node.isSequence()) {
            out.append('[');
            for (Node e : node.elements()) {
                assertSame(node, e.parent());
                dump(e, out);
                out.append(",\n");
            }
            out.append(']');
        } else if (node instanceof ScalarNode s) {
            Object value = field(s, "value");
            out.append(' ').append(s.type()).append(" text=").append(field(s, "text")).append(" value=")
                    .append(value == null ? "null" : value.getClass().getSimpleName() + ":" + value)
                    .append(s.fromYaml() ? "" : " (json)");
        }
    }

    private static Object field(ScalarNode s, String name) {
        try {
            Field f = ScalarNode.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(s);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** A random block document: the shapes and spellings tools write, and some they rarely do. */
    private static String document(Random random) {
        StringBuilder out = new StringBuilder();
        switch (random.nextInt(5)) {
            case 0 -> out.append("---\n");
            case 1 -> out.append("--- # marker comment\n");
            case 2 -> out.append("# a head comment\n\n---\n");
            default -> { }
        }
        if (random.nextInt(6) == 0) {
            sequence(random, out, 0, 0, 3);
        } else {
            mapping(random, out, 0, 3);
        }
        String text = out.toString();
        return random.nextInt(40) == 0 ? text.replace("\n", "\r\n") : text;
    }

    private static void mapping(Random random, StringBuilder out, int indent, int depth) {
        int keys = 1 + random.nextInt(4);
        List<String> used = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            if (k > 0) {
                out.append(" ".repeat(indent));
            }
            String key = KEYS[random.nextInt(KEYS.length)];
            if (used.contains(key) && random.nextInt(10) != 0) {
                key = key + k;
            }
            used.add(key);
            out.append(key).append(random.nextInt(10) == 0 ? " :" : ":");
            value(random, out, indent, depth, true);
            extras(random, out, indent);
        }
    }

    private static void sequence(Random random, StringBuilder out, int indent, int column, int depth) {
        int items = 1 + random.nextInt(3);
        for (int i = 0; i < items; i++) {
            if (i > 0) {
                out.append(" ".repeat(column));
            }
            out.append('-');
            int gap = 1 + (random.nextInt(5) == 0 ? random.nextInt(3) : 0);
            int r = random.nextInt(10);
            if (depth > 0 && r < 3) {
                out.append(" ".repeat(gap));
                mapping(random, out, column + 1 + gap, depth - 1);
            } else if (depth > 0 && r == 3) {
                out.append(" ".repeat(gap));
                sequence(random, out, column + 1 + gap, column + 1 + gap, depth - 1);
            } else {
                value(random, out, column, depth, false);
            }
            extras(random, out, column);
        }
    }

    /** After a key's colon or an entry's dash: a scalar on the line, nothing, or a collection on the next lines. */
    private static void value(Random random, StringBuilder out, int indent, int depth, boolean underKey) {
        int r = random.nextInt(10);
        if (depth > 0 && r < 3) {
            out.append(comment(random)).append('\n');
            int inner = indent + 1 + random.nextInt(4);
            out.append(" ".repeat(inner));
            mapping(random, out, inner, depth - 1);
        } else if (depth > 0 && r < 5) {
            out.append(comment(random)).append('\n');
            int inner = underKey && random.nextBoolean() ? indent : indent + 1 + random.nextInt(3);
            out.append(" ".repeat(inner));
            sequence(random, out, inner, inner, depth - 1);
        } else if (r == 5) {
            out.append(random.nextBoolean() ? "" : "  ").append(comment(random)).append('\n');
        } else {
            out.append(' ').append(scalar(random)).append(comment(random))
                    .append(random.nextInt(8) == 0 ? "  " : "").append('\n');
        }
    }

    private static String scalar(Random random) {
        String s = random.nextInt(4) == 0 ? SCALARS[random.nextInt(SCALARS.length)]
                : COMMON[random.nextInt(COMMON.length)];
        boolean flow = s.equals("{}") || s.equals("[]");
        return switch (random.nextInt(6)) {
            case 0 -> flow ? s : "'" + s.replace("'", "''") + "'";
            case 1 -> flow ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t") + "\"";
            default -> s;
        };
    }

    private static String comment(Random random) {
        return random.nextInt(6) == 0 ? " # a comment: - 'x'" : "";
    }

    /** Blank lines, comment lines at any indent, lines of spaces. */
    private static void extras(Random random, StringBuilder out, int indent) {
        switch (random.nextInt(12)) {
            case 0 -> out.append('\n');
            case 1 -> out.append(" ".repeat(random.nextInt(indent + 3))).append("# between\n");
            case 2 -> out.append("   \n");
            default -> { }
        }
    }
}
