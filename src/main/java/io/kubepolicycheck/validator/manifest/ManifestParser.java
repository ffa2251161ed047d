package io.kubepolicycheck.validator.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a manifest (multi-document YAML, or JSON) into located {@link Node} trees and then into
 * {@link KubernetesObject}s, expanding {@code List} wrappers.
 *
 * <p>Only the composer of SnakeYAML is used, never its constructor: no tag can instantiate anything, and
 * aliases, depth and node count are bounded so a "billion laughs" document is refused while it is read.
 */
public final class ManifestParser {
    private static final Pattern YAML_FLOAT_SPECIAL = Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    private final Limits limits;
    private final JsonFactory json;

    public ManifestParser(Limits limits) {
        this.limits = limits;
        this.json = JsonFactory.builder()
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth()).build())
                .build();
    }

    public ManifestParser() {
        this(Limits.DEFAULT);
    }

    /** Decodes UTF-8 strictly (a byte that is not UTF-8 is an error with its place), then parses. */
    public List<KubernetesObject> parse(byte[] bytes, String source) throws ManifestException {
        return parse(decode(bytes), source);
    }

    /** The text of the bytes, within the size limit and strictly UTF-8 (else an error saying where). */
    public String decode(byte[] bytes) throws ManifestException {
        if (bytes.length > limits.maxBytes()) {
            throw new ManifestException("manifest is " + bytes.length + " bytes, over the limit of "
                    + limits.maxBytes(), -1, -1, -1);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int offset = firstBadUtf8(bytes);
            String prefix = new String(bytes, 0, offset, StandardCharsets.UTF_8);
            Position at = positionOf(prefix, prefix.length());
            throw new ManifestException("input is not UTF-8 text (byte 0x"
                    + String.format("%02x", bytes[offset] & 0xff) + " at offset " + offset + ")",
                    documentAt(prefix), at);
        }
    }

    public List<KubernetesObject> parse(String text, String source) throws ManifestException {
        List<Node> documents = documents(text);
        List<KubernetesObject> objects = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
            Node root = documents.get(d);
            if (root == null || root.isNil()) {
                continue; // empty or comment-only document: counted, not checked
            }
            objects.addAll(objects(d, root, source));
        }
        return objects;
    }

    /**
     * The documents of a text as located trees, before any {@code List} is unwrapped (index = document number;
     * an empty document is null or a null node). For readers that must see a list whole, e.g. Kube Cover's
     * policy file, whose items are not Kubernetes objects of their own.
     */
    public List<Node> documents(String text) throws ManifestException {
        if (text.length() > limits.maxBytes()) {
            throw new ManifestException("manifest is over the limit of " + limits.maxBytes() + " bytes", -1, -1, -1);
        }
        return looksLikeJson(text) ? readJson(text) : readYaml(text);
    }

    /** The Kubernetes objects of one document: itself, or the items of a {@code List}. */
    public static List<KubernetesObject> objects(int document, Node root, String source) throws ManifestException {
        List<KubernetesObject> out = new ArrayList<>();
        addObject(out, document, root, source);
        return out;
    }

    private static void addObject(List<KubernetesObject> out, int document, Node root, String source)
            throws ManifestException {
        if (!root.isMapping()) {
            throw new ManifestException("expected a Kubernetes object (a mapping with apiVersion and kind), found "
                    + describe(root), document, root.position());
        }
        Node kind = root.get("kind");
        if (kind.asText() == null || kind.asText().isEmpty()) {
            throw new ManifestException("object has no kind", document, root.anchor());
        }
        if (root.get("apiVersion").asText() == null) {
            throw new ManifestException("object has no apiVersion", document, root.anchor());
        }
        Node items = root.get("items");
        if (kind.asText().endsWith("List") && items.isSequence()) {
            for (Node item : items.elements()) {
                if (!item.isNil()) {
                    addObject(out, document, detach(item), source);
                }
            }
            return;
        }
        out.add(new KubernetesObject(document, root, source));
    }

    /** List items are objects of their own: their paths start at the item, not at {@code items[i]}. */
    private static Node detach(Node item) {
        return new Rebaser().copy(item, null, null, -1, null);
    }

    private static String describe(Node node) {
        if (node.isSequence()) {
            return "a list";
        }
        return node instanceof ScalarNode s ? "a " + s.type().name().toLowerCase() + " \"" + abbreviate(s.asText()) + "\"" : "nothing";
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFEFF' || Character.isWhitespace(c)) {
                continue;
            }
            return c == '{' || c == '[';
        }
        return false;
    }

    // ---- JSON ------------------------------------------------------------------------------------------

    private List<Node> readJson(String text) throws ManifestException {
        int[] count = {0};
        try (JsonParser p = json.createParser(text)) {
            List<Node> documents = new ArrayList<>();
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                // A top-level array: each element is a document of its own.
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    documents.add(readJsonValue(p, null, null, i++, null, count, 0));
                }
            } else {
                documents.add(readJsonValue(p, null, null, -1, null, count, 0));
            }
            if (p.nextToken() != null) {
                throw new ManifestException("unexpected content after the JSON value", documents.size() - 1,
                        position(p.currentTokenLocation()));
            }
            return documents;
        } catch (JsonProcessingException e) {
            throw new ManifestException("invalid JSON: " + e.getOriginalMessage(), 0, position(e.getLocation()));
        } catch (IOException e) {
            throw new ManifestException("invalid JSON: " + e.getMessage(), 0, -1, -1);
        }
    }

    private Node readJsonValue(JsonParser p, Node parent, String key, int index, Position keyPos, int[] count,
                               int depth) throws IOException, ManifestException {
        if (++count[0] > limits.maxNodes()) {
            throw new ManifestException("manifest has more than " + limits.maxNodes() + " values", 0,
                    position(p.currentTokenLocation()));
        }
        if (depth > limits.maxDepth()) {
            throw new ManifestException("manifest nests deeper than " + limits.maxDepth() + " levels", 0,
                    position(p.currentTokenLocation()));
        }
        Position at = position(p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                MappingNode map = new MappingNode(parent, key, index, at, keyPos);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    Position fieldPos = position(p.currentTokenLocation());
                    p.nextToken();
                    map.put(field, readJsonValue(p, map, field, -1, fieldPos, count, depth + 1));
                }
                return map;
            }
            case START_ARRAY -> {
                SequenceNode seq = new SequenceNode(parent, key, index, at, keyPos);
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    seq.add(readJsonValue(p, seq, null, i++, null, count, depth + 1));
                }
                return seq;
            }
            case VALUE_STRING -> {
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.STRING, p.getText(), p.getText());
            }
            case VALUE_NUMBER_INT -> {
                BigInteger big = p.getBigIntegerValue();
                Object value = big.bitLength() < 64 ? (Object) big.longValue() : null;
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.INTEGER, p.getText(), value);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.FLOAT, p.getText(), p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.BOOLEAN, p.getText(), t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.NULL, "null", null);
            }
            default -> throw new ManifestException("unexpected JSON token " + t, 0, at);
        }
    }

    private static Position position(JsonLocation location) {
        return location == null ? null : new Position(location.getLineNr(), location.getColumnNr());
    }

    // ---- YAML ------------------------------------------------------------------------------------------

    private List<Node> readYaml(String text) throws ManifestException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxDepth());
        options.setCodePointLimit(Math.max(limits.maxBytes(), 1));
        options.setProcessComments(false);
        List<Node> documents = new ArrayList<>();
        YamlConverter converter = new YamlConverter(limits.maxNodes());
        try {
            Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options),
                    new Resolver(), options);
            while (composer.checkNode()) {
                org.yaml.snakeyaml.nodes.Node node = composer.getNode();
                converter.document = documents.size();
                documents.add(converter.convert(node, null, null, -1, null, 0));
            }
            return documents;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null && e.getProblem() != null) {
                problem = e.getContext() + ": " + e.getProblem();
            }
            throw new ManifestException("invalid YAML: " + oneLine(problem), documents.size(),
                    mark == null ? null : new Position(mark.getLine() + 1, mark.getColumn() + 1));
        } catch (ReaderException e) {
            Position at = positionOf(text, e.getPosition());
            throw new ManifestException("input contains a character that YAML does not allow (U+"
                    + String.format("%04X", e.getCodePoint()) + ")", documents.size(), at);
        } catch (YAMLException e) {
            throw new ManifestException("invalid YAML: " + oneLine(e.getMessage()), documents.size(), -1, -1);
        } catch (StackOverflowError e) {
            throw new ManifestException("manifest nests too deeply", documents.size(), -1, -1);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\n\\s*", " ").trim();
    }

    private static final class YamlConverter {
        private final int maxNodes;
        private int nodes;
        int document;

        YamlConverter(int maxNodes) {
            this.maxNodes = maxNodes;
        }

        Node convert(org.yaml.snakeyaml.nodes.Node y, Node parent, String key, int index, Position keyPos, int depth)
                throws ManifestException {
            Position at = new Position(y.getStartMark().getLine() + 1, y.getStartMark().getColumn() + 1);
            if (++nodes > maxNodes) {
                throw new ManifestException("manifest expands to more than " + maxNodes
                        + " values (aliases are expanded; is this a YAML bomb?)", document, at);
            }
            if (depth > 200) {
                throw new ManifestException("manifest nests too deeply", document, at);
            }
            Tag tag = y.getTag();
            if (y instanceof org.yaml.snakeyaml.nodes.MappingNode m) {
                requireStandard(tag, Tag.MAP, at);
                MappingNode map = new MappingNode(parent, key, index, at, keyPos);
                fill(map, m, depth);
                return map;
            }
            if (y instanceof org.yaml.snakeyaml.nodes.SequenceNode s) {
                requireStandard(tag, Tag.SEQ, at);
                SequenceNode seq = new SequenceNode(parent, key, index, at, keyPos);
                int i = 0;
                for (org.yaml.snakeyaml.nodes.Node item : s.getValue()) {
                    seq.add(convert(item, seq, null, i++, null, depth + 1));
                }
                return seq;
            }
            org.yaml.snakeyaml.nodes.ScalarNode s = (org.yaml.snakeyaml.nodes.ScalarNode) y;
            return scalar(s, parent, key, index, at, keyPos);
        }

        private void fill(MappingNode map, org.yaml.snakeyaml.nodes.MappingNode m, int depth) throws ManifestException {
            List<org.yaml.snakeyaml.nodes.Node> merges = new ArrayList<>();
            for (NodeTuple tuple : m.getValue()) {
                org.yaml.snakeyaml.nodes.Node k = tuple.getKeyNode();
                Position keyAt = new Position(k.getStartMark().getLine() + 1, k.getStartMark().getColumn() + 1);
                if (Tag.MERGE.equals(k.getTag())) {
                    merges.add(tuple.getValueNode());
                    continue;
                }
                if (!(k instanceof org.yaml.snakeyaml.nodes.ScalarNode ks)) {
                    throw new ManifestException("a mapping key must be a plain value, not a "
                            + (k instanceof org.yaml.snakeyaml.nodes.MappingNode ? "mapping" : "list"), document, keyAt);
                }
                requireStandard(ks.getTag(), ks.getTag(), keyAt);
                String field = ks.getValue();
                if (map.has(field)) {
                    throw new ManifestException("duplicate key \"" + field + "\"", document, keyAt);
                }
                map.put(field, convert(tuple.getValueNode(), map, field, -1, keyAt, depth + 1));
            }
            // YAML merge keys (<<): explicit keys win over merged ones, as in Kubernetes' decoder.
            for (org.yaml.snakeyaml.nodes.Node merge : merges) {
                List<org.yaml.snakeyaml.nodes.Node> sources = merge instanceof org.yaml.snakeyaml.nodes.SequenceNode seq
                        ? seq.getValue() : List.of(merge);
                for (org.yaml.snakeyaml.nodes.Node src : sources) {
                    if (!(src instanceof org.yaml.snakeyaml.nodes.MappingNode sm)) {
                        Position at = new Position(src.getStartMark().getLine() + 1, src.getStartMark().getColumn() + 1);
                        throw new ManifestException("a merge key (<<) must refer to a mapping", document, at);
                    }
                    for (NodeTuple tuple : sm.getValue()) {
                        if (tuple.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode ks && !map.has(ks.getValue())) {
                            org.yaml.snakeyaml.nodes.Node k = tuple.getKeyNode();
                            Position keyAt = new Position(k.getStartMark().getLine() + 1, k.getStartMark().getColumn() + 1);
                            map.put(ks.getValue(), convert(tuple.getValueNode(), map, ks.getValue(), -1, keyAt, depth + 1));
                        }
                    }
                }
            }
        }

        private void requireStandard(Tag tag, Tag expected, Position at) throws ManifestException {
            if (tag == null || tag.equals(expected)) {
                return;
            }
            if (!tag.isSecondary()) {
                throw new ManifestException("custom YAML tag " + tag.getValue() + " is not allowed", document, at);
            }
        }

        private ScalarNode scalar(org.yaml.snakeyaml.nodes.ScalarNode s, Node parent, String key, int index,
                                  Position at, Position keyPos) throws ManifestException {
            Tag tag = s.getTag();
            String text = s.getValue();
            if (Tag.NULL.equals(tag)) {
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.NULL, text, null);
            }
            if (Tag.BOOL.equals(tag)) {
                boolean value = switch (text.toLowerCase()) {
                    case "true", "yes", "on", "y" -> true;
                    default -> false;
                };
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.BOOLEAN, text, value);
            }
            if (Tag.INT.equals(tag)) {
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.INTEGER, text, parseInt(text));
            }
            if (Tag.FLOAT.equals(tag)) {
                Double value = YAML_FLOAT_SPECIAL.matcher(text).matches() ? null : parseDouble(text);
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.FLOAT, text, value);
            }
            if (Tag.STR.equals(tag) || Tag.TIMESTAMP.equals(tag) || Tag.BINARY.equals(tag)) {
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.STRING, text, text);
            }
            throw new ManifestException("custom YAML tag " + tag.getValue() + " is not allowed", document, at);
        }
    }

    /** YAML 1.1 integers as Kubernetes' decoder reads them: sign, underscores, 0x, 0b, leading-0 octal, base 60. */
    static Long parseInt(String text) {
        String t = text.replace("_", "");
        int sign = 1;
        if (t.startsWith("-") || t.startsWith("+")) {
            sign = t.startsWith("-") ? -1 : 1;
            t = t.substring(1);
        }
        try {
            long value;
            if (t.startsWith("0x")) {
                value = Long.parseLong(t.substring(2), 16);
            } else if (t.startsWith("0b")) {
                value = Long.parseLong(t.substring(2), 2);
            } else if (t.startsWith("0o")) {
                value = Long.parseLong(t.substring(2), 8);
            } else if (t.contains(":")) {
                value = 0;
                for (String part : t.split(":")) {
                    value = value * 60 + Long.parseLong(part);
                }
            } else if (t.length() > 1 && t.startsWith("0")) {
                value = Long.parseLong(t.substring(1), 8);
            } else {
                value = Long.parseLong(t);
            }
            return sign * value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double parseDouble(String text) {
        try {
            return Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Position positionOf(String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Position(line, column);
    }

    /** The document index of the end of {@code prefix}, counting {@code ---} separators. */
    private static int documentAt(String prefix) {
        int documents = 0;
        boolean sawContent = false;
        for (String line : prefix.split("\n", -1)) {
            if (line.startsWith("---")) {
                if (sawContent) {
                    documents++;
                }
                sawContent = true;
            } else if (!line.isBlank() && !line.startsWith("#")) {
                sawContent = true;
            }
        }
        return documents;
    }

    private static int firstBadUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : 0;
    }
}
