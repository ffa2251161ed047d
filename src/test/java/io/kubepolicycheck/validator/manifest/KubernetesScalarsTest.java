package io.kubepolicycheck.validator.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Plain YAML scalars are typed as Kubernetes' decoder (sigs.k8s.io/yaml, go-yaml v2, YAML 1.1) types them. */
class KubernetesScalarsTest {
    private static ScalarNode value(String yaml) throws ManifestException {
        String text = "apiVersion: v1\nkind: Pod\nvalue: " + yaml + "\n";
        Node node = new ManifestParser().parse(text.getBytes(StandardCharsets.UTF_8), null).get(0).root().get("value");
        return (ScalarNode) node;
    }

    @ParameterizedTest(name = "{0} is {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "yes      | BOOLEAN | true",
            "Yes      | BOOLEAN | true",
            "on       | BOOLEAN | true",
            "ON       | BOOLEAN | true",
            "y        | BOOLEAN | true",
            "Y        | BOOLEAN | true",
            "true     | BOOLEAN | true",
            "no       | BOOLEAN | false",
            "off      | BOOLEAN | false",
            "n        | BOOLEAN | false",
            "N        | BOOLEAN | false",
            "False    | BOOLEAN | false",
            "0x1F     | INTEGER | 31",
            "0X1F     | INTEGER | 31",
            "-0x10    | INTEGER | -16",
            "0o17     | INTEGER | 15",
            "0777     | INTEGER | 511",
            "0b101    | INTEGER | 5",
            "1_000    | INTEGER | 1000",
            "+12      | INTEGER | 12",
            "0        | INTEGER | 0",
            "9223372036854775807 | INTEGER | 9223372036854775807",
            "::1      | STRING  | ::1",
            "8.8.8.8  | STRING  | 8.8.8.8",
            "1:20     | STRING  | 1:20",
            "12:30:00 | STRING  | 12:30:00",
            "0x       | STRING  | 0x",
            "yess     | STRING  | yess",
            "!!str on | STRING  | on",
            "2001-12-14 | STRING | 2001-12-14",
            "1e3      | FLOAT   | 1e3",
            "1.5      | FLOAT   | 1.5",
            ".5       | FLOAT   | .5",
            "09       | FLOAT   | 09",
            "1.       | FLOAT   | 1.",
            ".inf     | FLOAT   | .inf",
            "18446744073709551615 | INTEGER | 18446744073709551615",
            "99999999999999999999 | FLOAT | 99999999999999999999"})
    void plainScalarsAreTypedAsKubernetesTypesThem(String yaml, ScalarNode.Type type, String expected) throws Exception {
        ScalarNode node = value(yaml);
        assertEquals(type, node.type());
        switch (type) {
            case BOOLEAN -> assertEquals(Boolean.valueOf(expected), node.asBoolean());
            case INTEGER -> assertEquals(new java.math.BigInteger(expected).bitLength() < 64 ? Long.valueOf(expected) : null,
                    node.asLong());
            default -> assertEquals(expected, node.asText());
        }
        if (type != ScalarNode.Type.BOOLEAN) {
            assertNull(node.asBoolean());
        }
    }

    @Test
    void integersHaveTheirValue() throws Exception {
        assertEquals(31L, value("0x1F").asLong());
        assertEquals(15L, value("0o17").asLong());
        assertEquals(511L, value("0777").asLong());
        assertEquals(-16L, value("-0x10").asLong());
        assertEquals(1000L, value("1_000").asLong());
        // beyond a long: still an integer to Kubernetes (uint64), but no long value
        assertNull(value("18446744073709551615").asLong());
        assertNull(value("1:20").asLong());
    }

    @Test
    void wholeFloatsHaveTheIntegerValueKubernetesReads() throws Exception {
        // The YAML reaches the API server as JSON, where a whole float is written as an integer.
        assertEquals(0L, value("0.0").asLong());
        assertEquals(1000L, value("1e3").asLong());
        assertEquals(9L, value("09").asLong());
        assertEquals(-2L, value("-2.").asLong());
        assertNull(value("1.5").asLong());
        assertNull(value(".inf").asLong());
        assertNull(value("1e30").asLong());
    }

    @ParameterizedTest
    @CsvSource({"~", "null", "Null", "NULL", "''"})
    void nullsAreNil(String yaml) throws Exception {
        ScalarNode node = value(yaml.equals("''") ? "" : yaml);
        assertEquals(ScalarNode.Type.NULL, node.type());
        assertTrue(node.isNil());
        assertNull(node.asText());
    }

    @Test
    void quotedScalarsAreStrings() throws Exception {
        assertEquals(ScalarNode.Type.STRING, value("'yes'").type());
        assertEquals("yes", value("'yes'").asText());
        assertEquals(ScalarNode.Type.STRING, value("\"0x1F\"").type());
        assertEquals(ScalarNode.Type.STRING, value("\"~\"").type());
    }

    @Test
    void aQuotedEmptyStringIsNotNull() throws Exception {
        assertEquals(ScalarNode.Type.STRING, value("''").type());
        assertEquals("", value("''").asText());
    }

    @Test
    void privilegedYIsPrivileged() throws Exception {
        String text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext: {privileged: y}\n";
        Node privileged = new ManifestParser().parse(text.getBytes(StandardCharsets.UTF_8), null).get(0).root()
                .get("spec").get("containers").get(0).get("securityContext").get("privileged");
        assertTrue(privileged.isTrue());
    }

    @Test
    void explicitStandardTagsAreReadAsTheirType() throws Exception {
        assertEquals(ScalarNode.Type.INTEGER, value("!!int \"12\"").type());
        assertEquals(12L, value("!!int \"12\"").asLong());
        assertEquals(ScalarNode.Type.FLOAT, value("!!float 3").type());
        assertEquals(ScalarNode.Type.BOOLEAN, value("!!bool y").type());
        assertEquals(ScalarNode.Type.STRING, value("!!str 0x1F").type());
    }
}
