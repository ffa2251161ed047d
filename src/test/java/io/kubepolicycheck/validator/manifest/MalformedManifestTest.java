package io.kubepolicycheck.validator.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input that is not Kubernetes objects fails with a {@link ManifestException} (never another exception), saying
 * what is wrong and where: document (from 0), line and column (from 1). The two-second bound only guards
 * against hanging.
 */
class MalformedManifestTest {
    private static ManifestException failure(byte[] input) {
        return assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(ManifestException.class, () -> new ManifestParser().parse(input, "bad.yaml")));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] head, byte... tail) {
        byte[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    private static String bomb(int levels) {
        StringBuilder out = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < levels; i++) {
            out.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                out.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            out.append("]\n");
        }
        return out.toString();
    }

    static Stream<Arguments> located() {
        return Stream.of(
                Arguments.of("bad indentation", utf8("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n   bad: 1\n"),
                        "invalid YAML: mapping values are not allowed here", 0, 5, 7),
                Arguments.of("a tab used for indentation", utf8("apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n"),
                        "found character '\\t(TAB)' that cannot start any token", 0, 4, 1),
                Arguments.of("an unclosed quote", utf8("apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"a\n"),
                        "while scanning a quoted scalar at line 4, column 9: found unexpected end of stream", 0, 5, 1),
                Arguments.of("a sequence entry in a mapping", utf8("apiVersion: v1\nkind: Pod\n- x\n"),
                        "while parsing a block mapping at line 1, column 1: expected <block end>, but found '-'", 0, 3, 1),
                Arguments.of("an error in the second document", utf8("apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: [Pod\n"),
                        "invalid YAML: while parsing a flow sequence at line 5, column 7", 1, 6, 1),
                Arguments.of("a JSON syntax error", utf8("{\"apiVersion\": \"v1\" \"kind\": \"Pod\"}"),
                        "invalid JSON: Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries", 0, 1, 21),
                Arguments.of("a trailing comma in JSON", utf8("{\"apiVersion\": \"v1\",\n \"kind\": \"Pod\",}"),
                        "invalid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name", 0, 2, 16),
                Arguments.of("truncated JSON", utf8("{\"apiVersion\": \"v1\", \"kind\": \"Pod\""),
                        "invalid JSON: Unexpected end-of-input: expected close marker for Object (start marker at line 1, column 1)", 0, 1, 35),
                Arguments.of("a JSON error in the second element", utf8("[{\"apiVersion\": \"v1\", \"kind\": \"Pod\"},\n {\"kind\": [1, 2}]"),
                        "invalid JSON: Unexpected close marker '}': expected ']' (for Array starting at line 2, column 11)", 1, 2, 16),
                Arguments.of("content after the JSON value", utf8("{\"apiVersion\": \"v1\", \"kind\": \"Pod\"} {}"),
                        "unexpected content after the JSON value", 0, 1, 37),
                Arguments.of("NUL bytes", utf8("apiVersion: v1\nkind: Pod\u0000\n"),
                        "input contains a character that YAML does not allow (U+0000)", 0, 2, 10),
                Arguments.of("only NUL bytes", new byte[64],
                        "input contains a character that YAML does not allow (U+0000)", 0, 1, 1),
                Arguments.of("invalid UTF-8", new byte[] {'k', 'i', 'n', 'd', ':', ' ', (byte) 0xc3, '(', '\n'},
                        "input is not UTF-8 text (byte 0xc3 at offset 6)", 0, 1, 7),
                Arguments.of("invalid UTF-8 in the second document",
                        concat(utf8("apiVersion: v1\nkind: Pod\n---\nkind: x"), (byte) 0xff), "input is not UTF-8 text", 1, 4, 8),
                Arguments.of("UTF-16", new byte[] {(byte) 0xfe, (byte) 0xff, 0, 'a'},
                        "input is not UTF-8 text (byte 0xfe at offset 0)", 0, 1, 1),
                Arguments.of("duplicate keys", utf8("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n"),
                        "duplicate key \"name\"", 0, 5, 3),
                Arguments.of("duplicate keys in JSON", utf8("{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"kind\": \"Service\"}"),
                        "duplicate key \"kind\"", 0, 1, 37),
                Arguments.of("a !!python/object tag", utf8("apiVersion: v1\nkind: Pod\nspec: !!python/object:os.system {a: 1}\n"),
                        "custom YAML tag !!python/object:os.system is not allowed", 0, 3, 7),
                Arguments.of("a !foo tag on a mapping", utf8("apiVersion: v1\nkind: Pod\nspec: !foo\n  a: 1\n"),
                        "custom YAML tag !foo is not allowed", 0, 3, 7),
                Arguments.of("a !foo tag on a sequence", utf8("apiVersion: v1\nkind: Pod\nitems: !foo [1]\n"),
                        "custom YAML tag !foo is not allowed", 0, 3, 8),
                Arguments.of("a !foo tag on a scalar", utf8("apiVersion: v1\nkind: !foo Pod\n"),
                        "custom YAML tag !foo is not allowed", 0, 2, 7),
                Arguments.of("a !foo tag on a key", utf8("apiVersion: v1\nkind: Pod\n!foo spec: {}\n"),
                        "custom YAML tag !foo is not allowed", 0, 3, 1),
                Arguments.of("an explicit !!int that is not one", utf8("apiVersion: v1\nkind: Pod\nreplicas: !!int two\n"),
                        "cannot decode !!str `two` as a !!int", 0, 3, 11),
                Arguments.of("an undefined alias", utf8("apiVersion: v1\nkind: Pod\nspec: *nothing\n"),
                        "invalid YAML: found undefined alias nothing", 0, 3, 7),
                Arguments.of("a top-level string", utf8("just some words\n"),
                        "expected a Kubernetes object (a mapping with apiVersion and kind), found a string", 0, 1, 1),
                Arguments.of("a top-level number in JSON", utf8("42"),
                        "expected a Kubernetes object (a mapping with apiVersion and kind), found the integer 42", 0, 1, 1),
                Arguments.of("a top-level list in YAML", utf8("- apiVersion: v1\n  kind: Pod\n"),
                        "expected a Kubernetes object (a mapping with apiVersion and kind), found a list", 0, 1, 1),
                Arguments.of("a scalar in a JSON array", utf8("[{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}, true]"),
                        "found the boolean true", 1, 1, 39),
                Arguments.of("a scalar item in a List", utf8("apiVersion: v1\nkind: List\nitems:\n- 3\n"),
                        "found the integer 3", 0, 4, 3),
                Arguments.of("an object without kind", utf8("# no kind\napiVersion: v1\nmetadata:\n  name: a\n"),
                        "object has no kind", 0, 2, 1),
                Arguments.of("an object without apiVersion", utf8("---\n---\nkind: Pod\nmetadata:\n  name: a\n"),
                        "object has no apiVersion", 1, 3, 1),
                Arguments.of("an empty kind", utf8("apiVersion: v1\nkind: \"\"\n"), "object has no kind", 0, 2, 1),
                Arguments.of("a kind that is a number", utf8("apiVersion: v1\nkind: 5\n"),
                        "kind must be a string, not the integer 5", 0, 2, 1),
                Arguments.of("an apiVersion that is a mapping", utf8("kind: Pod\napiVersion: {group: x}\n"),
                        "apiVersion must be a string, not a mapping", 0, 2, 1),
                Arguments.of("a List item without apiVersion", utf8("apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n"),
                        "object has no apiVersion", 0, 4, 3),
                Arguments.of("very deep flow nesting", utf8("apiVersion: v1\nkind: Pod\nx: " + "[".repeat(5000) + "]".repeat(5000)),
                        "manifest nests deeper than 100 levels", 0, 3, 104),
                Arguments.of("very deep block nesting", utf8(deepBlock(300)),
                        "manifest nests deeper than 100 levels", 0, 103, 201),
                Arguments.of("very deep JSON nesting", utf8("{\"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}"),
                        "manifest nests deeper than 100 levels", 0, 1, 106),
                Arguments.of("a recursive alias", utf8("apiVersion: v1\nkind: Pod\nx: &a [*a]\n"),
                        "manifest nests deeper than 100 levels", 0, 3, 4),
                Arguments.of("a billion laughs", utf8(bomb(9)),
                        DocumentBudget.EXCESSIVE_ALIASING, 0, 1, 5),
                Arguments.of("a bomb of many aliases", utf8(manyAliases(150)),
                        "manifest uses more than 100 aliases of collections (is this a YAML bomb?)", 0, 103, 3));
    }

    private static String deepBlock(int levels) {
        StringBuilder out = new StringBuilder("apiVersion: v1\nkind: Pod\nx:\n");
        for (int i = 1; i <= levels; i++) {
            out.append("  ".repeat(i)).append("k:\n");
        }
        return out.toString();
    }

    private static String manyAliases(int count) {
        StringBuilder out = new StringBuilder("base: &b [x]\nlist:\n");
        for (int i = 0; i < count; i++) {
            out.append("- *b\n");
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("located")
    void isRefusedWithWhatAndWhere(String what, byte[] input, String message, int document, int line, int column) {
        ManifestException e = failure(input);
        assertTrue(e.getMessage().contains(message), () -> what + ": " + e.getMessage());
        assertEquals(document, e.document(), () -> what + ": " + e.located());
        assertEquals(line, e.line(), () -> what + ": " + e.located());
        assertEquals(column, e.column(), () -> what + ": " + e.located());
        assertEquals("document " + document + ", line " + line + ", column " + column + ": " + e.getMessage(), e.located());
    }

    @Test
    void randomBytesAreRefusedWithAPlace() {
        Random random = new Random(20261122);
        for (int round = 0; round < 200; round++) {
            byte[] garbage = new byte[1 + random.nextInt(2048)];
            random.nextBytes(garbage);
            ManifestException e = failure(garbage);
            assertTrue(e.line() >= 1 && e.column() >= 1, e::located);
            assertTrue(e.document() >= 0, e::located);
        }
    }

    @Test
    void printableGarbageIsRefusedToo() {
        Random random = new Random(7);
        String alphabet = "abc: -[]{}\"'&*!|>%@`#,?\n\t  ";
        for (int round = 0; round < 300; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(200); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] input = utf8(text.toString());
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                try {
                    new ManifestParser().parse(input, "garbage.yaml");
                } catch (ManifestException e) {
                    assertTrue(e.document() >= 0, e::located);
                }
            }, text::toString);
        }
    }

    @Test
    void inputOverTheLimitIsRefusedBeforeItIsRead() {
        ManifestParser small = new ManifestParser(Limits.DEFAULT.withMaxBytes(10));
        ManifestException e = assertThrows(ManifestException.class,
                () -> small.parse(utf8("apiVersion: v1\nkind: Pod\n"), "big.yaml"));
        assertEquals("manifest is 25 bytes, over the limit of 10", e.getMessage());
        assertEquals("manifest is 25 bytes, over the limit of 10", e.located());
    }

    @Test
    void theFileNameIsPrefixedWhenSeveralInputsAreRead() {
        ManifestException e = failure(utf8("apiVersion: v1\nkind: 5\n")).withSource("deploy/web.yaml");
        assertEquals("deploy/web.yaml: document 0, line 2, column 1: kind must be a string, not the integer 5", e.located());
    }

    @Test
    void anErrorNeverQuotesTheValueThatBrokeIt() {
        String[] secretBearing = {
            "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"stringData\": {\"password\": hunter2}}",
            "hunter2-pasted-alone",
        };
        for (String input : secretBearing) {
            ManifestException e = failure(utf8(input));
            assertFalse(e.located().contains("hunter2"), e.located());
        }
    }
}
