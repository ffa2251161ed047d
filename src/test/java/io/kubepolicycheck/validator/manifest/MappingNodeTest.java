package io.kubepolicycheck.validator.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mappings small enough to scan and large enough to index answer alike, in document order. */
class MappingNodeTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 15, 16, 17, 40})
    void everyFieldIsFoundInDocumentOrderWhateverTheMappingsSize(int size) throws Exception {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\ndata:\n");
        StringBuilder json = new StringBuilder("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"data\": {");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String key = "key-" + (size - i);
            keys.add(key);
            yaml.append("  ").append(key).append(": value-").append(i).append('\n');
            json.append(i == 0 ? "" : ", ").append('"').append(key).append("\": \"value-").append(i).append('"');
        }
        json.append("}}");
        for (String text : List.of(yaml.toString(), json.toString())) {
            Node data = new ManifestParser().parse(text, null).get(0).root().get("data");
            assertEquals(keys, new ArrayList<>(data.fields().keySet()));
            List<String> values = new ArrayList<>();
            data.fields().values().forEach(v -> values.add(v.asText()));
            assertEquals(keys.size(), values.size());
            assertEquals("value-0", values.get(0));
            assertEquals("value-" + (size - 1), values.get(size - 1));
            for (int i = 0; i < size; i++) {
                assertTrue(data.has(keys.get(i)));
                assertEquals("value-" + i, data.get(keys.get(i)).asText());
                assertEquals("value-" + i, data.fields().get(keys.get(i)).asText());
            }
            assertEquals("value-0", data.get("key-", String.valueOf(size)).asText());
            assertEquals("value-" + (size - 1), data.get("key", "-1").asText());
            assertTrue(data.get("key-", "0").isMissing());
            assertEquals("data[key-0]", data.get("key-", "0").pathFrom(data.root()));
            assertTrue(data.get("key-", "1-").isMissing());
            assertFalse(data.has("key-0"));
            assertTrue(data.get("key-0").isMissing());
            assertEquals("data[key-0]", data.get("key-0").pathFrom(data.root()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 16, 30})
    void aDuplicateKeyIsFoundInAnIndexedMappingToo(int size) {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\ndata:\n");
        for (int i = 0; i < size; i++) {
            yaml.append("  k").append(i).append(": v\n");
        }
        yaml.append("  k0: again\n");
        ManifestException e = assertThrows(ManifestException.class, () -> new ManifestParser().parse(yaml.toString(), null));
        assertEquals("duplicate key \"k0\"", e.getMessage().replaceAll(" \\(.*", ""));
        assertEquals(4 + size, e.line());
    }

    /** "Aa" and "BB" share a hash code; "a" and "" + (char) ('a' + 64) share its lowest six bits, the mask's bit. */
    @ParameterizedTest
    @ValueSource(ints = {0, 20})
    void aFieldSharingAPresentKeysHashOrMaskBitIsStillAbsent(int padding) throws Exception {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\ndata:\n  Aa: first\n  a: second\n");
        for (int i = 0; i < padding; i++) {
            yaml.append("  pad-").append(i).append(": x\n");
        }
        String sameBit = String.valueOf((char) ('a' + 64));
        assertEquals("a".hashCode() & 63, sameBit.hashCode() & 63);
        assertEquals("Aa".hashCode(), "BB".hashCode());
        Node data = new ManifestParser().parse(yaml.toString(), null).get(0).root().get("data");
        assertEquals("first", data.get("Aa").asText());
        assertEquals("second", data.get("a").asText());
        assertFalse(data.has("BB"));
        assertFalse(data.has(sameBit));
        assertTrue(data.get("BB").isMissing());
    }
}
