package io.kubepolicycheck.validator.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.validator.render.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading a JSON value Jackson has already parsed (an AdmissionReview's object) must give what reading the same
 * value written out as JSON gives: the same objects, node types, texts and values, the same errors.
 */
class TreeParseTest {
    private static final ManifestParser PARSER = new ManifestParser(new Limits(1 << 20, 5, 100, 40));

    /** Everything of a tree but its positions, which the tree has none of. */
    private static String dump(Node n) {
        if (n instanceof MappingNode) {
            StringBuilder out = new StringBuilder("{");
            for (Map.Entry<String, Node> e : n.fields().entrySet()) {
                out.append(e.getKey()).append('=').append(dump(e.getValue())).append(';');
            }
            return out.append('}').toString();
        }
        if (n instanceof SequenceNode) {
            StringBuilder out = new StringBuilder("[");
            for (Node e : n.elements()) {
                out.append(dump(e)).append(',');
            }
            return out.append(']').toString();
        }
        ScalarNode s = (ScalarNode) n;
        return s.type() + ":" + s.asText() + ":" + s.asLong() + ":" + s.asBoolean();
    }

    private static String dump(List<KubernetesObject> objects) {
        StringBuilder out = new StringBuilder();
        for (KubernetesObject o : objects) {
            out.append(o.document()).append(' ').append(o.kind()).append(' ').append(o.name()).append(' ')
                    .append(dump(o.root())).append(" @").append(o.root().get("spec").get("x").pathFrom(o.root()))
                    .append('\n');
        }
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\", \"labels\": {\"a.b/c\": \"d\"}},"
                    + " \"spec\": {\"n\": 12, \"big\": 123456789012345678901234567890, \"neg\": -9223372036854775808,"
                    + " \"f\": 1.5e10, \"g\": -0.25, \"t\": true, \"nil\": null, \"list\": [1, \"2\", [false], {}]}}",
            "[{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}, {\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\"}]",
            "{\"apiVersion\": \"v1\", \"kind\": \"PodList\", \"items\": [{\"apiVersion\": \"v1\", \"kind\": \"Pod\","
                    + " \"metadata\": {\"name\": \"a\"}}, null, {\"apiVersion\": \"v1\", \"kind\": \"Pod\"}]}",
            "[]",
            "[null, {\"apiVersion\": \"v1\", \"kind\": \"Service\"}]"})
    void objectsAreThoseOfTheText(String json) throws Exception {
        JsonNode tree = Json.MAPPER.readTree(json);

        assertEquals(dump(PARSER.parse(Json.WRITER.writeValueAsString(tree), null)), dump(PARSER.parse(tree, null)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"text\"", "42", "true", "{}", "{\"kind\": \"Pod\"}", "{\"apiVersion\": \"v1\", \"kind\": 5}",
            "[1]", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"a\": {\"b\": {\"c\": {\"d\": {\"e\": 1}}}}}",
            "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"a\": {\"b\": {\"c\": {\"d\": 1}}}}",
            "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"a\": [[[[1]]]]}",
            "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"a\": [[[[[1]]]]]}",
            "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"a\": {\"b\": {\"c\": {\"d\": {\"e\": {}}}}}}",
            "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"a\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,"
                    + " 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38]}"})
    void errorsAreThoseOfTheText(String json) throws Exception {
        JsonNode tree = Json.MAPPER.readTree(json);
        String text = Json.WRITER.writeValueAsString(tree);
        String fromText;
        try {
            fromText = "objects: " + dump(PARSER.parse(text, null));
        } catch (ManifestException e) {
            fromText = "error in document " + e.document() + ": " + e.getMessage();
        }
        String fromTree;
        try {
            fromTree = "objects: " + dump(PARSER.parse(tree, null));
        } catch (ManifestException e) {
            fromTree = "error in document " + e.document() + ": " + e.getMessage();
        }
        assertEquals(fromText, fromTree);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"a\": {\"b\": {\"c\": {\"d\": {\"e\": {}}}}}}"})
    void aTreeTooDeepIsRefused(String json) throws Exception {
        ManifestException e = assertThrows(ManifestException.class, () -> PARSER.parse(Json.MAPPER.readTree(json), null));
        assertEquals("manifest nests deeper than 5 levels", e.getMessage());
    }
}
